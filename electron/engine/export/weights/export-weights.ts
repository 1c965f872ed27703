/**
 * `export:weights`: writes a pre-trained run's image encoder and head in a standard format into a folder.
 * - safetensors: `model.safetensors` (timm VisionTransformer names and layouts) + `config.json`;
 * - tfjs: a TensorFlow.js graph model (`model.json` + `group1-shard*.bin`) + `config.json`.
 * Both formats are written from the same ExportableModel (exportable-model.ts). docs/weights.md has the mapping.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeZodError, EngineError, noteError } from '../../../shared/errors.js';
import {
  WeightExportRequestSchema,
  type WeightExport,
  type WeightExportRequest,
} from '../../../shared/weight-export.js';
import type { Db } from '../../store/database.js';
import {
  exportableFromRun,
  exportableFromSavedModel,
  validateExportable,
  type ExportableModel,
} from './exportable-model.js';
import { encodeSafetensors } from './safetensors.js';
import { SHARD_BYTES, tfjsGraphModel } from './tfjs-graph-model.js';
import { timmConfig, timmStateDict } from './timm-state-dict.js';

export const WEIGHT_FILES = {
  safetensors: 'model.safetensors',
  tfjsModel: 'model.json',
  config: 'config.json',
} as const;

export async function exportRunWeights(db: Db, home: string, request: WeightExportRequest): Promise<WeightExport> {
  const parsed = WeightExportRequestSchema.safeParse(request);
  if (!parsed.success) throw new EngineError('invalid-request', `export weights: ${describeZodError(parsed.error)}`);
  const { run, model: saved, format, out } = parsed.data;
  const model =
    saved !== undefined ? exportableFromSavedModel(db, home, saved) : await exportableFromRun(db, home, run!);
  const written = writeWeights(model, format, out);
  return {
    run: model.source.run,
    model: saved ?? null,
    format,
    ...written,
    step: model.source.step,
    weights: model.source.weights,
  };
}

/** Writes one format of an exportable model into `out` (created if missing). */
export function writeWeights(
  model: ExportableModel,
  format: 'safetensors' | 'tfjs',
  outDir: string,
  shardBytes = SHARD_BYTES,
): Omit<WeightExport, 'run' | 'model' | 'format' | 'step' | 'weights'> {
  validateExportable(model);
  const config = timmConfig(model);
  // the head's bias counts even where it is written as zeros (CLIP): it is a tensor of the file
  const parameters =
    Object.values(model.encoderWeights).reduce((n, w) => n + w.length, 0) +
    model.head.kernel.length +
    model.head.outputs;
  const files: [string, string | Buffer][] = [];
  let tensors: number;
  if (format === 'safetensors') {
    const stateDict = timmStateDict(model);
    tensors = stateDict.length;
    const meta = { format: 'pt', source: JSON.stringify(model.source), config: WEIGHT_FILES.config };
    files.push([WEIGHT_FILES.safetensors, encodeSafetensors(stateDict, meta)]);
  } else {
    const graph = tfjsGraphModel(
      model,
      {
        source: model.source,
        input: 'images: float32 [batch, S, S, 3], channels last, RGB scaled to [0, 1] then (x - mean) / std',
        image_size: model.encoder.imageSize,
        mean: model.normalization.mean,
        std: model.normalization.std,
        outputs: { logits: model.head.kind, features: 'pooled encoder features' },
      },
      shardBytes,
    );
    files.push(
      [WEIGHT_FILES.tfjsModel, `${JSON.stringify(graph.modelJson)}\n`],
      ...graph.shards.map((s) => [s.name, s.bytes] as [string, Buffer]),
    );
    tensors = graph.tensors;
  }
  files.push([WEIGHT_FILES.config, `${JSON.stringify({ ...config, export_format: format }, null, 1)}\n`]);
  const out = path.resolve(outDir);
  try {
    mkdirSync(out, { recursive: true });
    for (const [name, content] of files) writeFileSync(path.join(out, name), content);
  } catch (e) {
    throw noteError('io', 'export.cannotWrite', { out, detail: (e as Error).message }, { file: out });
  }
  return {
    out,
    files: files.map(([name]) => name),
    tensors,
    parameters,
    outputs: model.head.outputs,
    head: model.head.kind,
  };
}
