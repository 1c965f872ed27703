import { LabelModeSchema } from '../../../shared/channels.js';
import { BackendRequestSchema, pilotPin, RecipeModeSchema, type TrainRequest } from '../../../shared/training.js';
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
  usage:
    'demo [--mode paper|corenet] [--steps N] [--backend auto|tensorflow|webgpu|wasm|cpu] [--repeats R] [--recipe objective|matched]',
  summary:
    'the whole pilot on the embedded emoji demo data: import, vocabulary, CatLIP and CLIP pre-training (tiny model), transfer evaluation, time and cost',
  positionals: [0, 0],
  options: {
    mode: { type: 'string', default: 'paper' },
    steps: { type: 'string' },
    backend: { type: 'string', default: 'auto' },
    repeats: { type: 'string' },
    recipe: { type: 'string', default: 'objective' },
  },
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
      const steps = intOption(values, 'steps') ?? DEMO_STEPS;
      const backend = enumOption(BackendRequestSchema.options, values.backend, 'backend');
      const recipe = enumOption(RecipeModeSchema.options, values.recipe, 'recipe');
      const repeats = intOption(values, 'repeats') ?? 1;
      if (repeats < 1 || repeats > 10)
        throw new UsageError(`--repeats takes 1 to 10 seeds per objective, got ${repeats}`);
      out.line(
        `4. Pre-training on the same encoder, batch, data and device: CatLIP, then the CLIP baseline${repeats > 1 ? `, with ${repeats} seeds each` : ''} (${recipe === 'matched' ? "both on CatLIP's recipe" : 'each on its own CoreNet recipe'})`,
      );
      // one device for the whole pilot: the first run resolves the backend, every later run is pinned to it
      let pin: { backend: BackendRequest; device: string } | null = null;
      const pairs: [RunSummary, RunSummary][] = [];
      for (let seed = 0; seed < repeats; seed++) {
        const pair: RunSummary[] = [];
        for (const objective of ['catlip', 'clip'] as const) {
          const run = e.createRun({
            dataset: DEMO_CAPTIONS,
            objective,
            model: 'vit-tiny',
            steps,
            batch: 32,
            seed,
            recipe,
            backend: pin?.backend ?? backend,
            device: pin?.device,
            vocabulary: objective === 'catlip' ? result.vocabulary.vocabulary : undefined,
          });
          const summary = await followTraining(e, run, out);
          pin ??= pilotPin(summary);
          pair.push(summary);
        }
        pairs.push(pair as [RunSummary, RunSummary]);
      }
      const runs = pairs.flat();
      out.line(
        table([
          ['run', 'objective', 'seed', 'steps', 'loss first → last', 'img/s', 'ms/step', 'data wait', 'backend'],
          ...runs.map((r, i) => [
            r.run,
            r.objective,
            Math.floor(i / 2),
            r.steps,
            `${r.first_loss?.toFixed(3)} → ${r.final_loss?.toFixed(3)}`,
            Number(r.images_per_second?.toFixed(1) ?? 0),
            Number(((r.step_ms.data ?? 0) + (r.step_ms.compute ?? 0)).toFixed(0)),
            dataWait(r),
            r.backend ?? '-',
          ]),
        ]).replace(/^/gm, '  '),
      );
      const [catlip, clip] = pairs[0];
      if (catlip.images_per_second && clip.images_per_second) {
        out.line(
          `  measured speed-up of CatLIP over CLIP on this machine: ${(catlip.images_per_second / clip.images_per_second).toFixed(2)}x (${catlip.device})`,
        );
      }

      out.line(`5. Transfer to the emoji categories (${DEMO_CATEGORIES}: Twitter's art style, 9 classes)`);
      const evaluations: EvaluationResult[] = [];
      const plan: {
        run: RunSummary;
        method: 'linear-probe' | 'zero-shot';
        init?: 'random' | 'transfer';
        fraction?: number;
      }[] = [
        { run: catlip, method: 'linear-probe', init: 'random' },
        { run: catlip, method: 'linear-probe', init: 'transfer' },
        { run: catlip, method: 'linear-probe', init: 'random', fraction: 0.1 },
        { run: catlip, method: 'linear-probe', init: 'transfer', fraction: 0.1 },
        { run: clip, method: 'linear-probe', init: 'random' },
        { run: clip, method: 'linear-probe', init: 'random', fraction: 0.1 },
        { run: catlip, method: 'zero-shot' },
        { run: clip, method: 'zero-shot' },
        // further seeds: the headline test, so that its difference gets an interval over seeds
        ...pairs.slice(1).flatMap(([c, b]) => [
          { run: c, method: 'linear-probe' as const, init: 'random' as const },
          { run: b, method: 'linear-probe' as const, init: 'random' as const },
        ]),
      ];
      for (const p of plan) {
        out.status(
          `evaluating run ${p.run.run} (${p.run.objective}): ${p.method}${p.init ? `, ${p.init} init` : ''}, ${(p.fraction ?? 1) * 100}% of labels`,
        );
        evaluations.push(
          await e.invoke('eval:run', {
            run: p.run.run,
            dataset: DEMO_CATEGORIES,
            method: p.method,
            init: p.init,
            fraction: p.fraction ?? 1,
            backend,
          }),
        );
      }
      out.line(
        table([
          ['run', 'objective', 'method', 'init', 'labels', 'top-1', 'top-5', 'no synset'],
          ...evaluations.map((r, i) => [
            r.run,
            plan[i].run.objective,
            r.method,
            r.init,
            `${Math.round(r.fraction * 100)}%`,
            `${(r.top1 * 100).toFixed(1)}%`,
            r.top5 === null ? '-' : `${(r.top5 * 100).toFixed(1)}%`,
            r.unmatched_classes.join(', ') || '-',
          ]),
        ]).replace(/^/gm, '  '),
      );

      out.line('6. Time and cost, measured on this machine (add prices and a plan: catlip-pilot compare --help)');
      const comparison = await e.invoke('cost:compare', {
        runs: [catlip.run, clip.run],
        repeats: pairs.slice(1).map(([c, b]): [number, number] => [c.run, b.run]),
      });
      printComparison(comparison, out);

      const seconds = (performance.now() - started) / 1000;
      out.line(`demo finished in ${formatSeconds(seconds)}.`);
      out.result({
        ...result,
        runs,
        evaluations: evaluations.map(({ confusion: _c, ...r }) => r),
        comparison,
        seconds,
      });
    } finally {
      unsubscribe();
    }
  },
};

type BackendRequest = TrainRequest['backend'];

/** Share of a run's step time spent waiting for the CPU to prepare batches (high: the host, not the device, sets the pace). */
function dataWait(r: RunSummary): string {
  const [data, compute] = [r.step_ms.data ?? 0, r.step_ms.compute ?? 0];
  return data + compute > 0 ? `${Math.round((100 * data) / (data + compute))}%` : '-';
}
