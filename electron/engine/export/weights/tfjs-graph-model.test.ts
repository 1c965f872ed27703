import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '../../tfjs.js';
import { vitPreset } from '../../training/model/model-presets.js';
import type { VitConfig } from '../../training/model/vit.js';
import { loadExportedGraphModel } from './export-readers.fixture.js';
import { writeWeights } from './export-weights.js';
import { randomExportable } from './random-exportable.fixture.js';

// Round trip through tfjs-converter's own loader: model.json and the shards are fetched by tf.loadGraphModel's
// HTTP handler (served from the export folder), so the manifest, the shard split and every op attribute are
// read exactly as a JavaScript user's browser would read them.
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function roundTrip(encoder: VitConfig, shardBytes?: number) {
  const ref = await randomExportable(encoder, 7);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'catlip-tfjs-export-'));
  dirs.push(dir);
  const written = writeWeights(ref.model, 'tfjs', dir, shardBytes);
  const graph = await loadExportedGraphModel(dir);
  const x = tf.tensor4d(ref.images, [ref.count, encoder.imageSize, encoder.imageSize, 3]);
  const [logits, features] = graph.execute(x, ['logits', 'features']) as tf.Tensor[];
  const predicted = graph.predict(x) as tf.Tensor;
  const result = {
    ref,
    written,
    dir,
    logits: await logits.data(),
    features: await features.data(),
    predicted: await predicted.data(),
    shapes: [logits.shape, features.shape],
  };
  tf.dispose([x, logits, features, predicted]);
  graph.dispose();
  return result;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('TensorFlow.js graph model export', () => {
  it("reproduces the engine's logits and features (CLS token, exact GELU) through tf.loadGraphModel", async () => {
    const r = await roundTrip(vitPreset('vit-tiny'));
    expect(r.shapes).toEqual([
      [3, 7],
      [3, 64],
    ]);
    expect(maxAbsDiff(r.logits, r.ref.logits)).toBeLessThan(1e-4);
    expect(maxAbsDiff(r.features, r.ref.features)).toBeLessThan(1e-4);
    // the graph's one output is the logits
    expect(maxAbsDiff(r.predicted, r.ref.logits)).toBeLessThan(1e-4);
    // the logits differ between images: a constant output would also "match" a constant reference
    expect(Math.abs(r.ref.logits[0] - r.ref.logits[7])).toBeGreaterThan(1e-3);
  });

  it('reproduces mean pooling without a CLS token and a ReLU MLP, with the weights cut into several shards', async () => {
    const encoder: VitConfig = {
      imageSize: 16,
      patchSize: 4,
      width: 24,
      depth: 2,
      heads: 3,
      mlpRatio: 2,
      pool: 'mean',
      activation: 'relu',
    };
    const r = await roundTrip(encoder, 4096);
    const shards = readdirSync(r.dir)
      .filter((f) => f.endsWith('.bin'))
      .sort();
    expect(shards.length).toBeGreaterThan(2);
    expect([...r.written.files].sort()).toEqual(['config.json', 'model.json', ...shards].sort());
    expect(maxAbsDiff(r.logits, r.ref.logits)).toBeLessThan(1e-4);
    expect(maxAbsDiff(r.features, r.ref.features)).toBeLessThan(1e-4);
  });

  it("writes the preprocessing into model.json's metadata and the class names into config.json", async () => {
    const r = await roundTrip(vitPreset('vit-tiny'));
    const modelJson = JSON.parse(readFileSync(path.join(r.dir, 'model.json'), 'utf8'));
    expect(modelJson.format).toBe('graph-model');
    expect(modelJson.userDefinedMetadata).toMatchObject({
      image_size: 32,
      mean: [0.485, 0.456, 0.406],
      std: [0.229, 0.224, 0.225],
    });
    const config = JSON.parse(readFileSync(path.join(r.dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({
      export_format: 'tfjs',
      num_outputs: 7,
      pooling: expect.stringMatching(/^cls token/),
    });
    expect(config.class_names).toEqual(r.ref.model.classNames);
  });
});
