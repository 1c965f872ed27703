/**
 * The plain in-memory description every weight format is written from: the image encoder's weights by the
 * engine's own variable names (`image/blocks/0/attn/qkv/kernel`, kernels [in, out]), its config, the head and
 * the class names. A run's final checkpoint is one source (`exportableFromRun`); any other source of the same
 * weights (a saved downstream model) needs only to build this object.
 */
import { EngineError } from '../../../shared/errors.js';
import { loadRunModel } from '../../evaluation/run-model.js';
import { IMAGENET_NORMALIZATION, type Normalization } from '../../training/model/augment.js';
import { IMAGE_PREFIX, vitParamSpecs, type VitConfig } from '../../training/model/vit.js';
import type { Db } from '../../store/database.js';
import { vocabularySynsets } from '../../vocab/vocabulary-repository.js';
import { loadSavedModel } from '../../models/load-model.js';

export interface ExportableModel {
  /** What the weights are, for the exported metadata (`run 12, step 3000, EMA`). */
  source:
    | { kind: 'run'; run: number; objective: string; step: number; weights: 'ema' | 'trained' }
    | {
        kind: 'saved-model';
        model: number;
        name: string;
        method: string;
        run: number;
        objective: string;
        step: number;
        weights: 'trained';
      };
  encoder: VitConfig;
  /** Every `image/...` variable of vitParamSpecs(encoder), by name, row-major in the engine's layout. */
  encoderWeights: Readonly<Record<string, Float32Array>>;
  /**
   * The linear layer on the pooled features: kernel [width, outputs] (engine layout), bias [outputs] or null
   * (CLIP's image projection has none; formats that need one write zeros).
   */
  head: {
    kind: 'classifier' | 'clip-image-projection';
    outputs: number;
    kernel: Float32Array;
    bias: Float32Array | null;
  };
  /** One name per head output for a classifier (synset or lemma class, tokenizer token); null for CLIP. */
  classNames: string[] | null;
  /** The preprocessing the encoder was trained with: RGB in [0, 1], then (x − mean) / std per channel. */
  normalization: Normalization;
}

/** Checks that the description is complete and consistent (a wrong size would export a broken file). */
export function validateExportable(m: ExportableModel): void {
  for (const spec of vitParamSpecs(m.encoder)) {
    const data = m.encoderWeights[spec.name];
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (!data || data.length !== size)
      throw new EngineError('internal', `weight ${spec.name}: expected ${size} values, got ${data?.length ?? 'none'}`);
  }
  const { outputs, kernel, bias } = m.head;
  if (kernel.length !== m.encoder.width * outputs || (bias && bias.length !== outputs)) {
    throw new EngineError('internal', `head: expected [${m.encoder.width}, ${outputs}] and [${outputs}]`);
  }
  if (m.classNames && m.classNames.length !== outputs)
    throw new EngineError('internal', `head has ${outputs} outputs but ${m.classNames.length} class names`);
}

/**
 * A run's model at its latest checkpoint (EMA weights when it kept them, as evaluation uses), rebuilt on the
 * CPU backend only to check every weight's size against the run's architecture.
 */
export async function exportableFromRun(db: Db, home: string, runId: number): Promise<ExportableModel> {
  const loaded = await loadRunModel(db, home, runId, { backend: 'cpu' });
  let values: Record<string, Float32Array>;
  try {
    values = await loaded.model.variables.exportValues();
  } finally {
    loaded.model.dispose();
  }
  const { config } = loaded;
  const encoder = loaded.model.encoder;
  const encoderWeights = Object.fromEntries(
    Object.entries(values).filter(([name]) => name.startsWith(`${IMAGE_PREFIX}/`)),
  );
  let head: ExportableModel['head'];
  let classNames: string[] | null;
  if (config.objective === 'clip') {
    const kernel = values['image_proj/kernel'];
    head = { kind: 'clip-image-projection', outputs: kernel.length / encoder.width, kernel, bias: null };
    classNames = null;
  } else {
    const kernel = values['head/kernel'];
    const bias = values['head/bias'];
    head = { kind: 'classifier', outputs: bias.length, kernel, bias };
    classNames =
      config.objective === 'catlip'
        ? vocabularySynsets(db, config.vocabulary!).map((s) => s.lemma ?? s.name)
        : [...loaded.tokenizer!.vocab];
  }
  const model: ExportableModel = {
    source: {
      kind: 'run',
      run: runId,
      objective: config.objective,
      step: loaded.checkpoint.step,
      weights: loaded.weights,
    },
    encoder,
    encoderWeights,
    head,
    classNames,
    normalization: IMAGENET_NORMALIZATION,
  };
  validateExportable(model);
  return model;
}

/**
 * A saved downstream model (`eval … --save`): its encoder and its classifier over the downstream classes. A
 * linear probe's feature standardisation is folded into the head, so the exported model takes the image
 * alone: ((f − μ) / σ)·W + b = f·(W / σ) + (b − (μ / σ)·W), row i of W divided by σ_i.
 */
export function exportableFromSavedModel(db: Db, home: string, id: number): ExportableModel {
  const saved = loadSavedModel(db, home, id);
  const { width, classes } = saved.head;
  const kernel = Float32Array.from(saved.head.kernel);
  const bias = Float32Array.from(saved.head.bias);
  if (saved.standardisation) {
    const { mean, std } = saved.standardisation;
    for (let i = 0; i < width; i++) {
      for (let j = 0; j < classes; j++) {
        const w = saved.head.kernel[i * classes + j]! / std[i]!;
        kernel[i * classes + j] = w;
        bias[j] -= mean[i]! * w;
      }
    }
  }
  const p = saved.preprocessing;
  const model: ExportableModel = {
    source: {
      kind: 'saved-model',
      model: saved.record.id,
      name: saved.record.name,
      method: saved.record.method,
      run: saved.record.run,
      objective: saved.objective,
      step: saved.step,
      weights: 'trained',
    },
    encoder: saved.encoder,
    encoderWeights: Object.fromEntries(saved.encoderWeights.map((t) => [t.name, t.data])),
    head: { kind: 'classifier', outputs: classes, kernel, bias },
    classNames: saved.classes,
    normalization: { mean: [p.mean[0]!, p.mean[1]!, p.mean[2]!], std: [p.std[0]!, p.std[1]!, p.std[2]!] },
  };
  validateExportable(model);
  return model;
}
