import type { VocabSummary } from '../../../shared/channels.js';
import { enumOption, intOption, type Command, type Output } from '../command.js';
import { percent, table } from '../output.js';

export const vocabCommand: Command = {
  name: 'vocab',
  usage: 'vocab --dataset NAME [--min-count K | --threshold cc3m|datacomp] [--max-size N] [--mode paper|corenet] [--top N]',
  summary: 'build the synset vocabulary (CatLIP classes) of a caption dataset and show its statistics',
  positionals: [0, 0],
  options: {
    dataset: { type: 'string' },
    'min-count': { type: 'string' },
    threshold: { type: 'string' },
    'max-size': { type: 'string' },
    mode: { type: 'string', default: 'paper' },
    top: { type: 'string' },
  },
  async run({ values, engine, out }) {
    const summary = await engine().invoke('vocab:build', {
      dataset: values.dataset as string,
      mode: values.mode as 'paper',
      minCount: intOption(values, 'min-count'),
      threshold: values.threshold === undefined ? undefined : enumOption(['cc3m', 'datacomp'] as const, values.threshold, 'threshold'),
      maxSize: intOption(values, 'max-size'),
      top: intOption(values, 'top'),
    });
    printVocabSummary(summary, out);
    out.result(summary);
  },
};

export function printVocabSummary(v: VocabSummary, out: Output): void {
  out.line(`vocabulary ${v.vocabulary} of ${v.dataset} (${v.mode} mode): ${v.size} synsets with count ≥ ${v.min_count}` +
    `${v.min_count_default ? ' (default for this dataset size; set --min-count to change)' : ''}${v.max_size ? `, at most ${v.max_size}` : ''}`);
  out.line(`  threshold: ${thresholdLine(v)}`);
  out.line(`  ${v.captions} training captions; coverage ${percent(v.coverage)} (captions with ≥ 1 label), ${v.labels_per_caption.toFixed(2)} labels per caption`);
  if (v.top.length) out.line(table([['synset', 'wnid', 'count'], ...v.top.map((t) => [t.name, t.offset, t.count])]).replace(/^/gm, '  '));
}

/** Which paper threshold the min-count is, scaled to the dataset (the report states the same). */
export function thresholdLine(v: Pick<VocabSummary, 'threshold' | 'min_count' | 'captions'>): string {
  return v.threshold === 'cc3m' ? `CC3M's V_tau = 500 per 3.3M captions, scaled to ${v.captions} captions (the default; --threshold datacomp for DataComp's)`
    : v.threshold === 'datacomp' ? `DataComp's V_tau = 500 per 1.3B captions, scaled to ${v.captions} captions`
      : `min-count ${v.min_count} set by hand (not a paper threshold scaled to this dataset)`;
}
