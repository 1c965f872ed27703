import { LabelModeSchema } from '../../../shared/channels.js';
import { BackendRequestSchema } from '../../../shared/training.js';
import { DEMO_CAPTIONS, DEMO_CATEGORIES } from '../../demo/prepare-demo.js';
import type { EvaluationResult } from '../../../shared/evaluation.js';
import { printComparison } from './compare.js';
import type { RunSummary } from '../../training/run-summary.js';
import { enumOption, intOption, UsageError, type Command } from '../command.js';
import { formatSeconds, table } from '../output.js';
import { followTraining } from '../train-session.js';

/** About one epoch of the demo's 1,906 captions at batch 32. */
const DEMO_STEPS = 60;
import { describeImportProgress } from '../progress.js';
import { printImportSummary } from './import.js';
import { printVocabSummary } from './vocab.js';

export const demoCommand: Command = {
  name: 'demo',
  usage: 'demo [--mode paper|corenet] [--steps N] [--backend auto|tensorflow|webgpu|wasm|cpu]',
  summary: 'the whole pilot on the embedded emoji demo data: import, vocabulary, CatLIP and CLIP pre-training (tiny model), transfer evaluation, time and cost',
  positionals: [0, 0],
  options: { mode: { type: 'string', default: 'paper' }, steps: { type: 'string' }, backend: { type: 'string', default: 'auto' } },
  async run({ values, engine, out, home }) {
    const mode = LabelModeSchema.safeParse(values.mode);
    if (!mode.success) throw new UsageError(`--mode must be paper or corenet, got "${String(values.mode)}"`);
    const started = performance.now();
    const e = engine();
    out.line(`CatLIP Pilot demo — data in ${home}`);
    const unsubscribe = e.events.on('import:progress', (p) => out.status(describeImportProgress(p)));
    try {
      const result = await e.invoke('demo:prepare', { mode: mode.data });
      out.line('1. Pre-training data (Google emoji, caption = Unicode name and short names)');
      printImportSummary(result.captions, out, 3);
      out.line('2. Downstream labelled set (Twitter emoji, class = Unicode category)');
      printImportSummary(result.categories, out, 3);
      out.line('3. Synset vocabulary (CatLIP classes)');
      printVocabSummary(result.vocabulary, out);
      out.line('4. Pre-training on the same encoder, batch and data: CatLIP, then the CLIP baseline');
      const steps = intOption(values, 'steps') ?? DEMO_STEPS;
      const backend = enumOption(BackendRequestSchema.options, values.backend, 'backend');
      const runs: RunSummary[] = [];
      for (const objective of ['catlip', 'clip'] as const) {
        const run = e.createRun({ dataset: DEMO_CAPTIONS, objective, model: 'vit-tiny', steps, batch: 32, backend, vocabulary: objective === 'catlip' ? result.vocabulary.vocabulary : undefined });
        runs.push(await followTraining(e, run, out));
      }
      out.line(table([
        ['run', 'objective', 'steps', 'loss first → last', 'img/s', 'ms/step', 'backend'],
        ...runs.map((r) => [r.run, r.objective, r.steps, `${r.first_loss?.toFixed(3)} → ${r.final_loss?.toFixed(3)}`,
          Number(r.images_per_second?.toFixed(1) ?? 0), Number(((r.step_ms.data ?? 0) + (r.step_ms.compute ?? 0)).toFixed(0)), r.backend ?? '-']),
      ]).replace(/^/gm, '  '));
      const [catlip, clip] = runs;
      if (catlip.images_per_second && clip.images_per_second) {
        out.line(`  measured speed-up of CatLIP over CLIP on this machine: ${(catlip.images_per_second / clip.images_per_second).toFixed(2)}x (${catlip.device})`);
      }

      out.line(`5. Transfer to the emoji categories (${DEMO_CATEGORIES}: Twitter's art style, 9 classes)`);
      const evaluations: EvaluationResult[] = [];
      const plan: { run: RunSummary; method: 'linear-probe' | 'zero-shot'; init?: 'random' | 'transfer'; fraction?: number }[] = [
        { run: catlip, method: 'linear-probe', init: 'random' },
        { run: catlip, method: 'linear-probe', init: 'transfer' },
        { run: catlip, method: 'linear-probe', init: 'random', fraction: 0.1 },
        { run: catlip, method: 'linear-probe', init: 'transfer', fraction: 0.1 },
        { run: clip, method: 'linear-probe', init: 'random' },
        { run: clip, method: 'linear-probe', init: 'random', fraction: 0.1 },
        { run: catlip, method: 'zero-shot' },
        { run: clip, method: 'zero-shot' },
      ];
      for (const p of plan) {
        out.status(`evaluating run ${p.run.run} (${p.run.objective}): ${p.method}${p.init ? `, ${p.init} init` : ''}, ${(p.fraction ?? 1) * 100}% of labels`);
        evaluations.push(await e.invoke('eval:run', {
          run: p.run.run, dataset: DEMO_CATEGORIES, method: p.method, init: p.init, fraction: p.fraction ?? 1, backend,
        }));
      }
      out.line(table([
        ['run', 'objective', 'method', 'init', 'labels', 'top-1', 'top-5', 'no synset'],
        ...evaluations.map((r, i) => [r.run, plan[i].run.objective, r.method, r.init, `${Math.round(r.fraction * 100)}%`,
          `${(r.top1 * 100).toFixed(1)}%`, r.top5 === null ? '-' : `${(r.top5 * 100).toFixed(1)}%`, r.unmatched_classes.join(', ') || '-']),
      ]).replace(/^/gm, '  '));

      out.line('6. Time and cost, measured on this machine (add prices and a plan: catlip-pilot compare --help)');
      const comparison = await e.invoke('cost:compare', { runs: [catlip.run, clip.run] });
      printComparison(comparison, out);

      const seconds = (performance.now() - started) / 1000;
      out.line(`demo finished in ${formatSeconds(seconds)}.`);
      out.result({ ...result, runs, evaluations: evaluations.map(({ confusion: _c, ...r }) => r), comparison, seconds });
    } finally {
      unsubscribe();
    }
  },
};
