import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/api/engine.js';
import type { CommandContext } from '../../electron/engine/cli/command.js';
import { exportCommand } from '../../electron/engine/cli/commands/export.js';
import { runCommand } from './command-runner.fixture.js';
import { loadRunModel } from '../../electron/engine/evaluation/run-model.js';
import {
  loadExportedGraphModel,
  runTimmCheck,
  torchPython,
} from '../../electron/engine/export/weights/export-readers.fixture.js';
import * as tf from '../../electron/engine/tfjs.js';
import { Rng } from '../../electron/engine/training/model/rng.js';
import { runTrainer } from '../../electron/engine/training/trainer.js';
import { vocabularySynsets } from '../../electron/engine/vocab/vocabulary-repository.js';
import { getRun, runConfig } from '../../electron/engine/training/run-repository.js';
import { sharedDataDir } from '../fixtures/fixture-paths.js';

// `export weights` of real pre-trained runs (tiny CatLIP with an EMA, tiny CLIP, a few steps on coco-mini, cpu),
// each read back by a reader that is not the app's: tf.loadGraphModel, and the timm-layout PyTorch check.
const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-export-weights-'));
let engine: Engine;
const runs = { catlip: 0, clip: 0, untrained: 0 };
const COUNT = 3;

beforeAll(async () => {
  engine = new Engine(home);
  await engine.invoke('datasets:import', { path: path.join(sharedDataDir, 'coco-mini'), name: 'coco', imageSize: 32 });
  await engine.invoke('vocab:build', { dataset: 'coco', minCount: 2 });
  const tiny = { dataset: 'coco', model: 'vit-tiny' as const, batch: 8, backend: 'cpu' as const, seed: 3, steps: 3 };
  const host = { send: () => {}, onCommand: () => {} };
  runs.catlip = engine.createRun({ ...tiny, objective: 'catlip', emaMomentum: 0.1 });
  runs.clip = engine.createRun({ ...tiny, objective: 'clip', tokenizerVocab: 300 });
  runs.untrained = engine.createRun({ ...tiny, objective: 'catlip' });
  for (const id of [runs.catlip, runs.clip]) await runTrainer(home, id, host);
}, 120_000);

afterAll(() => {
  engine.close();
  rmSync(home, { recursive: true, force: true });
});

const run = (values: CommandContext['values'], json = false) =>
  runCommand(engine, home, exportCommand, ['weights'], values, json);

/** The app's own outputs for fixed images: CatLIP's logits, or CLIP's image embedding before normalisation. */
async function appOutputs(runId: number): Promise<{ images: Float32Array; outputs: Float32Array }> {
  const rng = new Rng(11);
  const images = Float32Array.from({ length: COUNT * 32 * 32 * 3 }, () => 4 * rng.next() - 2);
  const loaded = await loadRunModel(engine.db, home, runId, { backend: 'cpu' });
  try {
    const outputs = tf.tidy(() => {
      const x = tf.tensor4d(images, [COUNT, 32, 32, 3]);
      const { model } = loaded;
      return model.objective === 'clip'
        ? tf.matMul(model.encodeImages(x), model.variables.get('image_proj/kernel'))
        : model.logits(x);
    });
    const data = (await outputs.data()) as Float32Array;
    outputs.dispose();
    return { images, outputs: data };
  } finally {
    loaded.model.dispose();
  }
}

async function graphOutputs(dir: string, images: Float32Array): Promise<Float32Array> {
  const graph = await loadExportedGraphModel(dir);
  const x = tf.tensor4d(images, [COUNT, 32, 32, 3]);
  const y = graph.predict(x) as tf.Tensor;
  const data = (await y.data()) as Float32Array;
  tf.dispose([x, y]);
  graph.dispose();
  return data;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

describe('catlip-pilot export weights', () => {
  it("writes a CatLIP run (EMA weights) as a TensorFlow.js graph model that gives the app's logits", async () => {
    const out = path.join(home, 'tfjs');
    const text = await run({ run: String(runs.catlip), format: 'tfjs', out });
    expect(text).toMatch(new RegExp(`run ${runs.catlip} \\(step 3, EMA weights\\) → tfjs in `));
    const vocabulary = runConfig(getRun(engine.db, runs.catlip)).vocabulary!;
    const classes = vocabularySynsets(engine.db, vocabulary).map((s) => s.lemma ?? s.name);
    const config = JSON.parse(readFileSync(path.join(out, 'config.json'), 'utf8'));
    expect(config.class_names).toEqual(classes);
    expect(config.source).toEqual({ kind: 'run', run: runs.catlip, objective: 'catlip', step: 3, weights: 'ema' });
    const app = await appOutputs(runs.catlip);
    expect(maxAbsDiff(await graphOutputs(out, app.images), app.outputs)).toBeLessThan(1e-4);
  });

  it('writes a CLIP run with its image projection as the head; --json ends with the result', async () => {
    const out = path.join(home, 'clip-tfjs');
    const json = JSON.parse(
      (await run({ run: String(runs.clip), format: 'tfjs', out }, true)).trim().split('\n').at(-1)!,
    );
    expect(json).toMatchObject({
      run: runs.clip,
      format: 'tfjs',
      head: 'clip-image-projection',
      outputs: 64,
      weights: 'trained',
    });
    // vit-tiny's encoder (patch 8·8·3→64, CLS, 17 positions, 2 blocks of 49,984) + a 64→64 projection and its zero bias
    expect(json.parameters).toBe(192 * 64 + 64 + 64 + 17 * 64 + 2 * 49_984 + 2 * 64 + 64 * 64 + 64);
    const app = await appOutputs(runs.clip);
    expect(maxAbsDiff(await graphOutputs(out, app.images), app.outputs)).toBeLessThan(1e-4);
    expect(JSON.parse(readFileSync(path.join(out, 'config.json'), 'utf8')).class_names).toBeNull();
  });

  it('writes safetensors and config.json', async () => {
    const out = path.join(home, 'safetensors');
    await run({ run: String(runs.catlip), format: 'safetensors', out });
    expect(existsSync(path.join(out, 'model.safetensors'))).toBe(true);
    const config = JSON.parse(readFileSync(path.join(out, 'config.json'), 'utf8'));
    expect(config.timm_kwargs).toMatchObject({
      img_size: 32,
      patch_size: 8,
      embed_dim: 64,
      depth: 2,
      num_heads: 2,
      class_token: true,
      global_pool: 'token',
    });
  });

  it.skipIf(!torchPython)(
    "whose safetensors a timm-layout PyTorch ViT loads strictly, giving the app's logits",
    async () => {
      const out = path.join(home, 'safetensors-torch');
      await run({ run: String(runs.catlip), format: 'safetensors', out });
      const app = await appOutputs(runs.catlip);
      const check = runTimmCheck(out, app.images, app.outputs, COUNT);
      expect(check.status, check.stderr).toBe(0);
      expect(check.result!.max_abs_diff).toBeLessThan(1e-4);
    },
  );

  it('refuses a missing or unknown format and a run without a checkpoint, naming them', async () => {
    const out = path.join(home, 'refused');
    await expect(run({ run: String(runs.catlip), out })).rejects.toThrow(/give --format safetensors\|tfjs/);
    await expect(run({ run: String(runs.catlip), format: 'onnx', out })).rejects.toThrow(
      /--format must be one of safetensors, tfjs/,
    );
    await expect(run({ run: String(runs.untrained), format: 'tfjs', out })).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/no checkpoint yet/),
    });
    await expect(run({ run: '999', format: 'tfjs', out })).rejects.toMatchObject({ code: 'not-found' });
    expect(existsSync(out)).toBe(false);
    // a folder that cannot be created (a file is in the way): an io error naming it, not a crash
    writeFileSync(path.join(home, 'a-file'), 'x');
    const blocked = path.join(home, 'a-file', 'weights');
    await expect(run({ run: String(runs.catlip), format: 'safetensors', out: blocked })).rejects.toMatchObject({
      code: 'io',
      at: { file: blocked },
    });
  });
});
