import { CORENET_VIT_MODES } from '../../../shared/corenet-export.js';
import { WEIGHT_FORMATS } from '../../../shared/weight-export.js';
import { exportCorenet } from '../../export/corenet.js';
import { enumOption, intOption, UsageError, type Command, type CommandContext } from '../command.js';
import { PLAN_OPTIONS, planOptions } from './compare.js';

export const exportCommand: Command = {
  name: 'export',
  usage:
    'export corenet --run ID --out DIR [--recipe pilot|paper] [--vit-mode tiny|small|base|large|huge] [--plan-images N --plan-epochs E] [--plan-gpus K] [--plan-batch B] [--nodes N] [--gpus-per-node G] [--dist-url tcp://HOST:PORT] [--metadata-file PATH] [--labels corenet|precomputed]\n' +
    '       export weights --run ID|--model ID --format safetensors|tfjs --out DIR',
  summary:
    'corenet: write a CatLIP run as a CoreNet training config, vocabulary, multi-node launch script and README, scaled to the full-scale plan (--labels precomputed adds per-caption class indices); ' +
    "weights: write a run's pre-trained image encoder and head, or a saved model's encoder and classifier, as safetensors (timm ViT names) or a TensorFlow.js graph model, with config.json",
  positionals: [1, 1],
  options: {
    run: { type: 'string' },
    model: { type: 'string' },
    out: { type: 'string' },
    recipe: { type: 'string', default: 'pilot' },
    'vit-mode': { type: 'string' },
    ...PLAN_OPTIONS,
    nodes: { type: 'string' },
    'gpus-per-node': { type: 'string' },
    'dist-url': { type: 'string' },
    'metadata-file': { type: 'string' },
    format: { type: 'string' },
    labels: { type: 'string', default: 'corenet' },
  },
  async run(ctx) {
    const [target] = ctx.positionals;
    if (target !== 'corenet' && target !== 'weights')
      throw new UsageError(`export supports two targets, corenet and weights; got "${target}"`);
    const run = intOption(ctx.values, 'run');
    if (typeof ctx.values.out !== 'string' || ctx.values.out === '')
      throw new UsageError('give --out DIR, the folder to write the export to');
    if (target === 'weights') return exportWeights(ctx, run, intOption(ctx.values, 'model'), ctx.values.out);
    if (run === undefined) throw new UsageError('give --run ID of a CatLIP run (see catlip-pilot runs)');
    const result = exportCorenet(ctx.engine().db, {
      run,
      out: ctx.values.out,
      recipe: enumOption(['pilot', 'paper'] as const, ctx.values.recipe, 'recipe'),
      vitMode:
        ctx.values['vit-mode'] === undefined
          ? undefined
          : enumOption(CORENET_VIT_MODES, ctx.values['vit-mode'], 'vit-mode'),
      plan: planOptions(ctx.values),
      nodes: positive(intOption(ctx.values, 'nodes'), 'nodes'),
      gpusPerNode: positive(intOption(ctx.values, 'gpus-per-node'), 'gpus-per-node'),
      distUrl: typeof ctx.values['dist-url'] === 'string' ? ctx.values['dist-url'] : undefined,
      metadataFile: typeof ctx.values['metadata-file'] === 'string' ? ctx.values['metadata-file'] : undefined,
      labels:
        ctx.values.labels === undefined
          ? undefined
          : enumOption(['corenet', 'precomputed'] as const, ctx.values.labels, 'labels'),
    });
    const { out } = ctx;
    out.line(`run ${result.run} → CoreNet CatLIP (ViT "${result.vit_mode}", ${result.recipe} recipe) in ${result.out}`);
    for (const f of result.files) out.line(`  ${f}`);
    if (result.precomputed) {
      out.line(
        `precomputed labels: ${result.precomputed.samples} captions, ${result.precomputed.classes} classes` +
          `${result.precomputed.unlabelled ? `, ${result.precomputed.unlabelled} captions without a class` : ''} (README.md: how CoreNet reads them)`,
      );
    }
    out.line('scaling:');
    for (const t of result.scaling.text) out.line(`  ${t}`);
    out.line('differences from the pilot:');
    for (const d of result.differences) out.line(`  - ${d}`);
    if (result.vocabulary.never_matched_by_corenet.length) {
      out.note(
        `warning: ${result.vocabulary.never_matched_by_corenet.length} of ${result.vocabulary.size} synsets are never produced by CoreNet's labeller (README.md)`,
      );
    }
    out.line(result.commands.length > 1 ? 'launch, one command per node (or launch.sh with NODE_ID):' : 'launch:');
    for (const c of result.commands) out.line(`  ${c}`);
    out.result(result);
  },
};

async function exportWeights(
  ctx: CommandContext,
  run: number | undefined,
  model: number | undefined,
  out: string,
): Promise<void> {
  if ((run === undefined) === (model === undefined)) {
    throw new UsageError(
      'give --run ID of a pre-training run (see catlip-pilot runs) or --model ID of a saved model (see catlip-pilot models), not both',
    );
  }
  if (ctx.values.format === undefined) throw new UsageError(`give --format ${WEIGHT_FORMATS.join('|')}`);
  const format = enumOption(WEIGHT_FORMATS, ctx.values.format, 'format');
  const result = await ctx.engine().invoke('export:weights', { run, model, format, out });
  const o = ctx.out;
  const what = result.model === null ? `run ${result.run}` : `saved model ${result.model} (from run ${result.run})`;
  o.line(
    `${what} (step ${result.step}, ${result.weights === 'ema' ? 'EMA' : 'trained'} weights) → ${format} in ${result.out}`,
  );
  o.line(
    `  ${result.tensors} tensors, ${result.parameters} parameters; head: ${result.head}, ${result.outputs} outputs`,
  );
  for (const f of result.files) o.line(`  ${f}`);
  o.result(result);
}

function positive(n: number | undefined, name: string): number | undefined {
  if (n !== undefined && n < 1) throw new UsageError(`--${name} must be at least 1`);
  return n;
}
