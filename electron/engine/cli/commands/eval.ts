import { BackendRequestSchema } from '../../../shared/training.js';
import {
  EvalMethodSchema,
  ZeroShotCorrectionSchema,
  type EvalProgress,
  type EvaluationResult,
} from '../../../shared/evaluation.js';
import { runEvaluation } from '../../evaluation/run-evaluation.js';
import { enumOption, intOption, numberOption, UsageError, type Command, type Output } from '../command.js';
import { percent, table } from '../output.js';

const PHASE_NAMES: Record<EvalProgress['phase'], string> = {
  features: 'encoding images',
  train: 'training',
  test: 'scoring test images',
};

export const evalCommand: Command = {
  name: 'eval',
  usage:
    'eval --run ID --dataset LABELLED [--method linear-probe|finetune|zero-shot] [--init random|transfer] [--fraction F] [--seed S] ' +
    '[--backend auto|tensorflow|webgpu|cpu] [--steps N] [--epochs E] [--batch B] [--lr X] [--save [--name NAME]] [--zero-shot-correction prior|downstream|none]',
  summary:
    'measure transfer accuracy of a run on a labelled dataset (linear probe, fine-tune or zero-shot; Transfer Init)',
  positionals: [0, 0],
  options: {
    run: { type: 'string' },
    dataset: { type: 'string' },
    method: { type: 'string', default: 'linear-probe' },
    init: { type: 'string' },
    fraction: { type: 'string' },
    seed: { type: 'string' },
    backend: { type: 'string' },
    steps: { type: 'string' },
    epochs: { type: 'string' },
    batch: { type: 'string' },
    lr: { type: 'string' },
    save: { type: 'boolean' },
    name: { type: 'string' },
    'zero-shot-correction': { type: 'string' },
  },
  async run(ctx) {
    const { values, out } = ctx;
    const run = intOption(values, 'run');
    if (run === undefined) throw new UsageError('give --run ID (see catlip-pilot runs)');
    if (typeof values.dataset !== 'string')
      throw new UsageError('give --dataset NAME of a labelled dataset (see catlip-pilot datasets)');
    const method = enumOption(EvalMethodSchema.options, values.method, 'method');
    const init =
      values.init === undefined ? undefined : enumOption(['random', 'transfer'] as const, values.init, 'init');
    const correctionValue = values['zero-shot-correction'];
    const correction =
      correctionValue === undefined
        ? undefined
        : enumOption(ZeroShotCorrectionSchema.options, correctionValue, 'zero-shot-correction');
    const backend =
      values.backend === undefined ? undefined : enumOption(BackendRequestSchema.options, values.backend, 'backend');
    const engine = ctx.engine();
    // Ctrl-C stops between batches; nothing is stored for an evaluation that did not finish
    const abort = new AbortController();
    const stop = () => abort.abort(new Error('cancelled (Ctrl-C); nothing was stored'));
    process.once('SIGINT', stop);
    let result: EvaluationResult;
    try {
      result = await runEvaluation(
        engine.db,
        engine.home,
        {
          run,
          dataset: values.dataset,
          method,
          init,
          backend,
          fraction: numberOption(values, 'fraction'),
          seed: intOption(values, 'seed'),
          steps: intOption(values, 'steps'),
          epochs: numberOption(values, 'epochs'),
          batch: intOption(values, 'batch'),
          lr: numberOption(values, 'lr'),
          save: values.save === true,
          name: typeof values.name === 'string' ? values.name : undefined,
          correction,
        },
        {
          signal: abort.signal,
          onProgress: (p) => out.status(`run ${p.run} on ${p.dataset}: ${PHASE_NAMES[p.phase]} ${p.done}/${p.total}`),
        },
      );
    } finally {
      process.off('SIGINT', stop);
    }
    printEvaluation(result, out);
    out.result({
      evaluation: result.evaluation,
      run: result.run,
      dataset: result.dataset,
      method: result.method,
      init: result.init,
      fraction: result.fraction,
      seed: result.seed,
      top1: result.top1,
      top5: result.top5,
      per_class: result.per_class,
      unmatched_classes: result.unmatched_classes,
      train_items: result.train_items,
      test_items: result.test_items,
      backend: result.backend,
      seconds: result.seconds,
      ...(result.details ? { details: result.details } : {}),
      ...(result.saved_model !== undefined ? { saved_model: result.saved_model } : {}),
    });
  },
};

export function printEvaluation(r: EvaluationResult, out: Output): void {
  out.line(
    `evaluation ${r.evaluation}: ${r.method} of run ${r.run} on ${r.dataset} (init ${r.init}, fraction ${r.fraction}, seed ${r.seed}; ` +
      `${r.train_items} train / ${r.test_items} test items, ${r.backend}, ${r.seconds.toFixed(1)} s)`,
  );
  out.line(`top-1 ${percent(r.top1)}${r.top5 === null ? '' : `   top-5 ${percent(r.top5)}`}`);
  const d = r.details;
  if (d?.probe) {
    out.line(
      `probe: L2 ${d.probe.l2.toPrecision(2)} (${d.probe.l2_chosen_by}), ${d.probe.converged ? 'converged' : 'NOT converged'} after ${d.probe.iterations} L-BFGS iterations`,
    );
  }
  if (d?.transfer_scale === 0)
    out.line(
      'Transfer Init: the pretrained rows carried nothing for this task (scale 0); started from the random head',
    );
  else if (d?.transfer_scale !== undefined)
    out.line(
      `Transfer Init: centred pretrained rows scaled by ${d.transfer_scale.toFixed(3)}, biases matching the class frequencies`,
    );
  if (d?.head_warmup_steps) out.line(`fine-tune: head-only warm-up of ${d.head_warmup_steps} steps`);
  if (d?.zero_shot_correction)
    out.line(
      `zero-shot: ${CORRECTION_LINES[d.zero_shot_correction]?.(d.calibration_images) ?? d.zero_shot_correction} (uncorrected top-1 ${d.uncorrected_top1 === undefined ? '–' : percent(d.uncorrected_top1)})`,
    );
  for (const w of d?.zero_shot_warnings ?? []) out.line(`zero-shot NOT INFORMATIVE for ${zeroShotWarningText(w)}`);
  if (d?.zero_shot_warnings?.length && d.reachable_top1 !== undefined)
    out.line(
      `  (through this vocabulary at most ${percent(d.reachable_top1)} top-1 is reachable; chance is ${percent(1 / r.classes.length)})`,
    );
  out.line(table([['class', 'accuracy'], ...Object.entries(r.per_class).map(([name, acc]) => [name, percent(acc)])]));
  if (r.unmatched_classes.length) {
    const what = r.method === 'zero-shot' ? 'never predicted' : 'random rows';
    out.line(`no vocabulary match (${what}): ${r.unmatched_classes.join(', ')}`);
  }
  if (r.saved_model !== undefined)
    out.line(
      `saved as model ${r.saved_model} (catlip-pilot models; predict --run ${r.run} --model ${r.saved_model} IMAGE)`,
    );
}

const CORRECTION_LINES: Record<string, (images?: number) => string> = {
  'pretraining-prior': () => 'corrected for the pre-training synset frequency',
  'downstream-calibration': (images) =>
    `calibrated on ${images ?? '?'} unlabelled downstream images (per-class mean and std; labels not read)`,
  none: () => 'uncorrected logits',
};

export function zeroShotWarningText(
  w: NonNullable<NonNullable<EvaluationResult['details']>['zero_shot_warnings']>[number],
): string {
  if (w.kind === 'no-synset') return `${w.classes.join(', ')}: no synset in this vocabulary (never predicted)`;
  if (w.kind === 'shared-synset')
    return `${w.classes.join(', ')}: share synset ${(w.synsets ?? []).join(' + ')} (always tie; only ${w.classes[0]} can be predicted)`;
  return `${w.classes.map((c, i) => `${c} (${w.synsets?.[i] ?? '?'})`).join(', ')}: scored by a related synset, not one the class is a kind of`;
}
