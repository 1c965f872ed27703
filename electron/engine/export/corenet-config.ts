import { noteError } from '../../shared/errors.js';
import type { RunConfig } from '../../shared/training.js';
import {
  CORENET_VIT_MODES,
  type CorenetRecipe,
  type CorenetVitMode,
  type ScalingRule,
} from '../../shared/corenet-export.js';
import type { YamlOptions, YamlValue } from './yaml-writer.js';

/**
 * A CoreNet CatLIP pre-training config for a pilot run, shaped as CoreNet's own
 * projects/catlip/pretraining/vit_base.yaml (apple/corenet), with the run's model and recipe scaled to
 * the full-scale plan. Two recipes:
 *   - 'pilot': what the pilot ran — fixed resolution (batch_sampler at the run's image size), random
 *     resized crop + flip, BCE over the vocabulary;
 *   - 'paper': vit_base.yaml's additions on top — variable resolution (variable_batch_sampler, 128–320 px
 *     around 224) and RangeAugment (composite loss with neural_augmentation, model.learn_augmentation).
 */

/** Presets whose encoder is a CoreNet ViT mode (corenet/modeling/models/classification/config/vit.py). */
const MODE_OF_PRESET: Partial<Record<RunConfig['model'], CorenetVitMode>> = { 'vit-s16': 'small', 'vit-b16': 'base' };

/**
 * Linear LR scaling is capped at the paper's peak LR, 1e-3 for ViT-B/16 at global batch 65,536
 * (catlip.md §2; vit_base.yaml scheduler.cosine.max_lr): the largest LR the CatLIP recipe was run with,
 * at the largest batch; a higher one would be untested territory for a full-scale run.
 */
export const LR_CAP = 1e-3;
/** The paper's warm-up, 10k iterations (vit_base.yaml warmup_iterations), is the most used. */
export const WARMUP_CAP = 10_000;
/**
 * First warm-up LR, as the pilot's (training/build-model.ts WARMUP_START_LR, equal by test) and CoreNet's
 * warmup_init_lr. Not imported: build-model.ts loads TensorFlow.js, which the export does not need.
 */
export const WARMUP_START_LR = 1e-6;

export interface CorenetPlan {
  nodes: number;
  gpusPerNode: number;
  perGpuBatch: number;
  /** Images to process: plan images × epochs. */
  images: number;
}

export interface CorenetConfigInput {
  runId: number;
  config: RunConfig;
  vocabSize: number;
  plan: CorenetPlan;
  recipe: CorenetRecipe;
  /** Needed where the run's preset is not a CoreNet ViT mode. */
  vitMode?: CorenetVitMode;
  /** Path of the vocabulary pickle as CoreNet will see it. */
  vocabFile: string;
  /** Path of the img_text_tar metadata file, or null to leave it as a documented comment. */
  metadataFile: string | null;
}

export interface CorenetConfig {
  doc: { [key: string]: YamlValue };
  yamlOptions: YamlOptions;
  scaling: ScalingRule;
  vitMode: CorenetVitMode;
  /** Where the exported model or recipe differs from the pilot's. */
  differences: string[];
}

export function vitModeFor(model: RunConfig['model'], requested?: CorenetVitMode): CorenetVitMode {
  const mode = requested ?? MODE_OF_PRESET[model];
  if (!mode) {
    throw noteError(
      'invalid-request',
      'export.vitMode',
      { model, modes: CORENET_VIT_MODES.join(', ') },
      { field: 'vitMode' },
    );
  }
  return mode;
}

export function scalingRule(config: RunConfig, plan: CorenetPlan): ScalingRule {
  const worldSize = plan.nodes * plan.gpusPerNode;
  const globalBatch = plan.perGpuBatch * worldSize;
  const linearLr = (config.lr * globalBatch) / config.batch;
  const lr = Math.min(linearLr, LR_CAP);
  const maxIterations = Math.max(1, Math.ceil(plan.images / globalBatch));
  const warmupShare = config.warmupSteps / config.steps;
  const warmup = Math.min(WARMUP_CAP, Math.round(maxIterations * warmupShare));
  const minLr = lr * (config.minLr / config.lr);
  return {
    world_size: worldSize,
    global_batch: globalBatch,
    pilot_batch: config.batch,
    pilot_lr: config.lr,
    linear_lr: linearLr,
    lr,
    lr_capped: linearLr > LR_CAP,
    min_lr: minLr,
    max_iterations: maxIterations,
    warmup_iterations: warmup,
    text: [
      `global batch = ${plan.perGpuBatch} per GPU × ${worldSize} GPUs (${plan.nodes} node${plan.nodes > 1 ? 's' : ''} × ${plan.gpusPerNode}) = ${globalBatch}`,
      `peak LR = pilot LR ${config.lr} × ${globalBatch} / pilot batch ${config.batch} = ${fmt(linearLr)}${linearLr > LR_CAP ? `, capped at ${LR_CAP} (the paper's peak LR at batch 65,536)` : ` (below the cap ${LR_CAP})`} → ${fmt(lr)}`,
      `min LR = peak × ${fmt(config.minLr / config.lr)} (the pilot's min/peak ratio) = ${fmt(minLr)}`,
      `iterations = ceil(${plan.images} images / ${globalBatch}) = ${maxIterations}`,
      `warm-up = ${(warmupShare * 100).toFixed(1)}% of the iterations as in the pilot (${config.warmupSteps}/${config.steps} steps), at most ${WARMUP_CAP} (the paper's) = ${warmup} iterations, from ${WARMUP_START_LR}`,
    ],
  };
}

export function corenetConfig(input: CorenetConfigInput): CorenetConfig {
  const { config, plan, recipe } = input;
  if (config.objective !== 'catlip') {
    throw noteError(
      'invalid-request',
      'export.notCatlip',
      { run: input.runId, objective: config.objective },
      { field: 'run' },
    );
  }
  const vitMode = vitModeFor(config.model, input.vitMode);
  const scaling = scalingRule(config, plan);
  const size = config.imageSize;
  const differences = describeDifferences(config, vitMode, recipe);

  const sampler: { [key: string]: YamlValue } =
    recipe === 'paper'
      ? {
          name: 'variable_batch_sampler',
          use_shards: true,
          start_shuffling_from_epoch: 1,
          vbs: {
            crop_size_width: size,
            crop_size_height: size,
            max_n_scales: 25,
            // the paper's 128–320 around 224, scaled to the run's size, multiples of check_scale
            min_crop_size_width: multipleOf16(size * (128 / 224)),
            max_crop_size_width: multipleOf16(size * (320 / 224)),
            min_crop_size_height: multipleOf16(size * (128 / 224)),
            max_crop_size_height: multipleOf16(size * (320 / 224)),
            check_scale: 16,
          },
        }
      : {
          name: 'batch_sampler',
          use_shards: true,
          start_shuffling_from_epoch: 1,
          bs: { crop_size_width: size, crop_size_height: size },
        };

  const bce: { [key: string]: YamlValue } = {
    name: 'binary_cross_entropy',
    binary_cross_entropy: { reduction: 'batch_mean' },
  };
  const loss: { [key: string]: YamlValue } =
    recipe === 'paper'
      ? {
          category: 'composite_loss',
          composite_loss: [
            { loss_category: 'classification', loss_weight: 1, classification: bce },
            {
              loss_category: 'neural_augmentation',
              loss_weight: 1,
              neural_augmentation: { perceptual_metric: 'psnr', target_value: [40, 20], curriculum_method: 'cosine' },
            },
          ],
        }
      : { category: 'classification', classification: bce };

  const model: { [key: string]: YamlValue } = {
    activation_checkpointing: true,
    classification: {
      name: 'vit',
      n_classes: input.vocabSize,
      vit: { mode: vitMode, norm_layer: 'layer_norm_fp32', use_flash_attention: true },
    },
    ...(recipe === 'paper'
      ? { learn_augmentation: { brightness: true, contrast: true, noise: true, mode: 'distribution' } }
      : {}),
    activation: { name: 'gelu' },
    layer: { conv_init: 'kaiming_normal', linear_init: 'trunc_normal', linear_init_std_dev: 0.02 },
  };

  const datasetOptions: { [key: string]: YamlValue } = { vocab_size: input.vocabSize, vocab_file: input.vocabFile };
  if (input.metadataFile !== null) datasetOptions.metadata_file = input.metadataFile;

  const doc: { [key: string]: YamlValue } = {
    taskname: `+ CatLIP ViT-${vitMode} [pilot run ${input.runId}, ${recipe} recipe]`,
    common: {
      run_label: 'train',
      log_freq: 500,
      auto_resume: true,
      mixed_precision: true,
      mixed_precision_dtype: 'bfloat16',
      grad_clip: config.clipNorm,
      save_all_checkpoints: true,
      save_interval_freq: 5000,
    },
    dataset: {
      root_train: '',
      disable_val: true,
      train_batch_size0: plan.perGpuBatch,
      workers: -1,
      persistent_workers: true,
      pin_memory: true,
      name: 'wordnet_tagged_classification',
      category: 'classification',
      wordnet_tagged_classification: datasetOptions,
    },
    image_augmentation: {
      random_resized_crop: { enable: true, interpolation: 'bilinear' },
      random_horizontal_flip: { enable: true },
    },
    sampler,
    loss,
    optim: {
      no_decay_bn_filter_bias: true,
      weight_decay: config.weightDecay,
      name: 'adamw',
      // the pilot's CatLIP AdamW (build-model.ts): β = (0.9, 0.999)
      adamw: { beta1: 0.9, beta2: 0.999 },
    },
    scheduler: {
      is_iteration_based: true,
      max_iterations: scaling.max_iterations,
      name: 'cosine',
      warmup_init_lr: WARMUP_START_LR,
      warmup_iterations: scaling.warmup_iterations,
      cosine: { max_lr: scaling.lr, min_lr: scaling.min_lr },
    },
    model,
    ema:
      config.emaMomentum !== null
        ? { enable: true, momentum: config.emaMomentum }
        : recipe === 'paper'
          ? { enable: true, momentum: 0.0005 }
          : { enable: false, momentum: 0.0005 },
    stats: { train: ['loss'], val: ['loss'], checkpoint_metric: 'loss', checkpoint_metric_max: false },
  };

  return {
    doc,
    vitMode,
    scaling,
    differences,
    yamlOptions: {
      header: [
        `CatLIP pre-training for CoreNet (apple/corenet), exported by CatLIP Pilot from pilot run ${input.runId}.`,
        'Structure as CoreNet projects/catlip/pretraining/vit_base.yaml. Scaling from the pilot:',
        ...scaling.text.map((t) => `  ${t}`),
      ],
      comments: {
        'dataset.wordnet_tagged_classification':
          'vocab_file: the exported vocabulary (keys "n<offset>", most frequent first); metadata_file: img_text_tar metadata (README.md)',
        'scheduler.cosine.max_lr': `linear scaling from the pilot (${config.lr} at batch ${config.batch}), capped at ${LR_CAP}`,
        ema:
          config.emaMomentum !== null
            ? 'as the pilot run'
            : recipe === 'paper'
              ? "the paper's EMA (the pilot ran without)"
              : 'the pilot ran without EMA; the paper uses momentum 0.0005',
      },
      commentedOut:
        input.metadataFile === null
          ? { 'dataset.wordnet_tagged_classification.metadata_file': 'PATH_TO_METADATA_FILE' }
          : {},
    },
  };
}

function describeDifferences(config: RunConfig, vitMode: CorenetVitMode, recipe: CorenetRecipe): string[] {
  const out: string[] = [];
  const exact = MODE_OF_PRESET[config.model];
  if (exact !== vitMode)
    out.push(
      `model: the pilot trained ${config.model}; the export trains CoreNet's ViT "${vitMode}" (chosen with --vit-mode)`,
    );
  out.push(
    "patch embedding: CoreNet's ViT uses a 3-convolution stem with total stride 16 instead of one linear patch projection" +
      (config.patchSize !== 16 ? ` (the pilot used patch size ${config.patchSize})` : ''),
  );
  out.push('precision: bfloat16 mixed precision as the paper (the pilot trained in float32)');
  if (recipe === 'paper')
    out.push(
      'recipe: variable resolution and RangeAugment as the paper; the pilot trained at one resolution without them',
    );
  if (config.labelMode === 'paper') {
    out.push(
      'labels: the vocabulary was built with the paper labeller; CoreNet labels captions with its own rules (catlip-pilot label --mode corenet), so synsets only the paper labeller finds are never targets',
    );
  }
  return out;
}

function multipleOf16(x: number): number {
  return Math.max(16, Math.round(x / 16) * 16);
}

function fmt(x: number): string {
  return Number(x.toPrecision(6)).toString();
}
