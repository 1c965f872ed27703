import type { EvaluationResult } from '../../shared/evaluation.js';
import type { Formatter } from './format.js';
import type { AccuracyRow, ReportData, ReportRun } from './report-data.js';
import type { Block } from './report-document.js';
import type { ReportText } from './report-text.js';

/**
 * How each accuracy in the report was reached: the linear probe's L2 strength (and how it was chosen)
 * and whether it converged, Transfer Init's scale, the fine-tune's head-only warm-up, the zero-shot prior
 * correction (pre-training prior, calibration on unlabelled downstream images, or none) with the top-1 the raw
 * logits gave, and what the zero-shot mapping makes impossible (classes without a synset or sharing one). A table under the accuracy table, one row per stored
 * result that has any of these; nothing when none has (evaluations stored before they were kept).
 */
export function evaluationDetailsBlocks(
  data: ReportData,
  t: ReportText,
  f: Formatter,
  label: (r: ReportRun) => string,
): Block[] {
  const rows: string[][] = [];
  for (const row of data.accuracy) {
    row.results.forEach((e, i) => {
      const text = e ? detailText(e, t, f) : '';
      if (text) rows.push([label(data.runs[i]), describeTest(row, t, f), text]);
    });
  }
  if (rows.length === 0) return [];
  return [
    { type: 'paragraph', text: t.detail.note, note: true },
    {
      type: 'table',
      columns: [
        { label: t.detail.run, align: 'left', weight: 1 },
        { label: t.detail.test, align: 'left', weight: 1.6 },
        { label: t.detail.how, align: 'left', weight: 2.6 },
      ],
      rows,
    },
  ];
}

function describeTest(row: AccuracyRow, t: ReportText, f: Formatter): string {
  return [
    row.dataset,
    t.method[row.method],
    ...(row.init === 'none' ? [] : [t.init[row.init]]),
    t.labels(f.percent(row.fraction, 0)),
  ].join(' · ');
}

export function detailText(e: EvaluationResult, t: ReportText, f: Formatter): string {
  const d = e.details;
  if (!d) return '';
  const parts: string[] = [];
  if (d.probe)
    parts.push(
      t.detail.probe({
        l2: f.sig(d.probe.l2, 2),
        chosenBy: d.probe.l2_chosen_by,
        converged: d.probe.converged,
        iterations: f.int(d.probe.iterations),
      }),
    );
  if (d.transfer_scale !== undefined) parts.push(t.detail.transferScale(f.number(d.transfer_scale, 2)));
  if (d.head_warmup_steps) parts.push(t.detail.headWarmup(f.int(d.head_warmup_steps)));
  const raw = d.uncorrected_top1 === undefined ? '–' : f.percent(d.uncorrected_top1);
  if (d.zero_shot_correction === 'pretraining-prior') parts.push(t.detail.zeroShotPrior(raw));
  else if (d.zero_shot_correction === 'downstream-calibration')
    parts.push(
      t.detail.zeroShotDownstream(raw, d.calibration_images === undefined ? '–' : f.int(d.calibration_images)),
    );
  else if (d.zero_shot_correction === 'none') parts.push(t.detail.zeroShotUncorrected);
  for (const w of d.zero_shot_warnings ?? []) parts.push(t.detail.zeroShotWarning(w));
  if (d.zero_shot_warnings?.length && d.reachable_top1 !== undefined)
    parts.push(t.detail.zeroShotReachable(f.percent(d.reachable_top1)));
  return parts.join(t.detail.separator);
}
