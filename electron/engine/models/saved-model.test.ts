import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '../../../test/fixtures/fixture-paths.js';
import { EngineError } from '../../shared/errors.js';
import type { EvaluationResult } from '../../shared/evaluation.js';
import { Engine } from '../api/engine.js';
import type { CommandContext } from '../cli/command.js';
import { modelsCommand } from '../cli/commands/models.js';
import { predictCommand } from '../cli/commands/predict.js';
import { createOutput } from '../cli/output.js';
import { decodeImage } from '../datasets/decode-image.js';
import { loadLabelledSet } from '../evaluation/labelled-set.js';
import { mapImages } from '../evaluation/map-images.js';
import { runTrainer } from '../training/trainer.js';
import { loadSavedModel } from './load-model.js';
import { getSavedModelRow } from './model-repository.js';
import { openPredictor, softmax } from './predictor.js';
import { createSavedClassifier } from './saved-classifier.js';
import { loadExportedGraphModel, runTimmCheck, torchPython } from '../export/weights/export-readers.fixture.js';
import * as tf from '../tfjs.js';
import { Rng } from '../training/model/rng.js';

// A tiny CatLIP run pre-trained in-process on coco-mini (cpu backend, 4 steps), its classifiers trained on
// 5 flowers5 classes of 6 images each and saved; then the saved models are loaded back and used.
const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-models-'));
const FLOWERS = ['daisy', 'dandelion', 'rose', 'sunflower', 'tulip'];
const folder = path.join(home, 'flowers-small');
let engine: Engine;
let run = 0;

beforeAll(async () => {
  engine = new Engine(home);
  await engine.invoke('datasets:import', { path: path.join(sharedDataDir, 'coco-mini'), name: 'coco', imageSize: 32 });
  await engine.invoke('vocab:build', { dataset: 'coco', minCount: 2 });
  for (const name of FLOWERS) {
    mkdirSync(path.join(folder, name), { recursive: true });
    for (const file of readdirSync(path.join(sharedDataDir, 'flowers5', name))
      .sort()
      .slice(0, 6)) {
      copyFileSync(path.join(sharedDataDir, 'flowers5', name, file), path.join(folder, name, file));
    }
  }
  await engine.invoke('datasets:import', { path: folder, name: 'flowers', imageSize: 32 });
  run = engine.createRun({
    dataset: 'coco',
    model: 'vit-tiny',
    batch: 8,
    backend: 'cpu',
    seed: 7,
    steps: 4,
    objective: 'catlip',
  });
  await runTrainer(home, run, { send: () => {}, onCommand: () => {} });
}, 120_000);

afterAll(() => {
  engine.close();
  rmSync(home, { recursive: true, force: true });
});

/** The original file of each cached test image (the import decodes each file exactly as prediction does). */
async function testImageFiles(): Promise<Map<number, string>> {
  const set = loadLabelledSet(engine.db, home, 'flowers');
  try {
    const byBytes = new Map<string, string>();
    for (const name of FLOWERS) {
      for (const file of readdirSync(path.join(folder, name))) {
        const full = path.join(folder, name, file);
        byBytes.set(Buffer.from((await decodeImage(readFileSync(full), set.cache.size)).rgb).toString('base64'), full);
      }
    }
    return new Map(
      Array.from(set.test.cacheIndex, (c) => [c, byBytes.get(Buffer.from(set.cache.read(c)).toString('base64'))!]),
    );
  } finally {
    set.cache.close();
  }
}

/**
 * The saved model is the evaluation's model: its predictions on the test split give the stored confusion
 * matrix, and `predict` on the test images' files gives the same probabilities as the model on the cache.
 */
async function checkRoundTrip(result: EvaluationResult): Promise<void> {
  const id = result.saved_model!;
  const listed = await engine.invoke('models:list', { run });
  expect(listed.find((m) => m.id === id)).toMatchObject({
    run,
    evaluation: result.evaluation,
    method: result.method,
    dataset: 'flowers',
    classes: FLOWERS,
    top1: result.top1,
  });

  const loaded = loadSavedModel(engine.db, home, id);
  expect(loaded.classes).toEqual(FLOWERS);
  expect(loaded.standardisation === null).toBe(result.method === 'finetune');
  const set = loadLabelledSet(engine.db, home, 'flowers');
  const classifier = createSavedClassifier(loaded);
  let logits: Float32Array;
  try {
    logits = (
      await mapImages(set.cache, set.test.cacheIndex, (x) => classifier.logits(x), {
        imageSize: loaded.encoder.imageSize,
      })
    ).values;
  } finally {
    classifier.dispose();
    set.cache.close();
  }
  const classes = FLOWERS.length;
  const confusion = FLOWERS.map(() => FLOWERS.map(() => 0));
  set.test.labels.forEach((label, i) => {
    const row = Array.from(logits.subarray(i * classes, (i + 1) * classes));
    confusion[label][row.indexOf(Math.max(...row))]++;
  });
  expect(confusion).toEqual(result.confusion);

  const files = await testImageFiles();
  const predictor = await openPredictor(engine.db, home, { run, model: id });
  try {
    for (const [i, cacheIndex] of Array.from(set.test.cacheIndex).entries()) {
      const prediction = await predictor.predict(readFileSync(files.get(cacheIndex)!), classes);
      const expected = softmax(logits.subarray(i * classes, (i + 1) * classes));
      expect(prediction.downstream!.top).toHaveLength(classes);
      for (const { label, probability } of prediction.downstream!.top)
        expect(probability!).toBeCloseTo(expected[FLOWERS.indexOf(label)], 5);
      // CatLIP's own view: synsets ranked by prior-corrected logit
      expect(prediction.pretrained.kind).toBe('synsets');
      const scores = prediction.pretrained.top.map((s) => s.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  } finally {
    predictor.close();
  }
}

/**
 * `export:weights --model`: the saved classifier (a linear probe's standardisation folded into its head) read
 * back by tfjs-converter's loadGraphModel and, where python3 has torch, by the timm-layout PyTorch check, gives
 * the app's logits for fixed images within 1e-4.
 */
async function checkWeightExport(id: number): Promise<void> {
  const loaded = loadSavedModel(engine.db, home, id);
  const size = loaded.encoder.imageSize;
  const count = 3;
  const rng = new Rng(5);
  const images = Float32Array.from({ length: count * size * size * 3 }, () => 4 * rng.next() - 2);
  const classifier = createSavedClassifier(loaded);
  let app: Float32Array;
  try {
    const y = classifier.logits(tf.tensor4d(images, [count, size, size, 3]));
    app = (await y.data()) as Float32Array;
    y.dispose();
  } finally {
    classifier.dispose();
  }
  const maxDiff = (a: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - app[i]!)), 0);

  const tfjsOut = path.join(home, `export-model-${id}-tfjs`);
  const exported = await engine.invoke('export:weights', { model: id, format: 'tfjs', out: tfjsOut });
  expect(exported).toMatchObject({ run, model: id, head: 'classifier', outputs: FLOWERS.length });
  expect(JSON.parse(readFileSync(path.join(tfjsOut, 'config.json'), 'utf8')).class_names).toEqual(FLOWERS);
  const graph = await loadExportedGraphModel(tfjsOut);
  const x = tf.tensor4d(images, [count, size, size, 3]);
  const y = graph.predict(x) as tf.Tensor;
  expect(maxDiff((await y.data()) as Float32Array)).toBeLessThan(1e-4);
  tf.dispose([x, y]);
  graph.dispose();

  if (torchPython) {
    const out = path.join(home, `export-model-${id}-safetensors`);
    await engine.invoke('export:weights', { model: id, format: 'safetensors', out });
    const check = runTimmCheck(out, images, app, count);
    expect(check.status, check.stderr).toBe(0);
    expect(check.result!.max_abs_diff).toBeLessThan(1e-4);
  }
  await expect(engine.invoke('export:weights', { run, model: id, format: 'tfjs', out: tfjsOut })).rejects.toMatchObject(
    { code: 'invalid-request' },
  );
}

describe('saved downstream models', () => {
  it('fine-tune --save keeps the evaluated model: listed, loaded and predicting as evaluated', async () => {
    const result = await engine.invoke('eval:run', {
      run,
      dataset: 'flowers',
      method: 'finetune',
      epochs: 1,
      batch: 8,
      save: true,
      name: 'flowers-ft',
    });
    expect(result.saved_model).toBeGreaterThan(0);
    await checkRoundTrip(result);
  }, 120_000);

  it('linear-probe --save keeps the probe with its standardisation', async () => {
    const result = await engine.invoke('eval:run', {
      run,
      dataset: 'flowers',
      method: 'linear-probe',
      steps: 50,
      save: true,
    });
    expect((await engine.invoke('models:list', {})).find((m) => m.id === result.saved_model)!.name).toBe(
      `flowers-linear-probe-run${run}`,
    );
    await checkRoundTrip(result);
    await checkWeightExport(result.saved_model!);
  }, 120_000);

  it('refuses a taken name before training, zero-shot --save, and a weights file changed after saving', async () => {
    await expect(
      engine.invoke('eval:run', {
        run,
        dataset: 'flowers',
        method: 'finetune',
        epochs: 1,
        save: true,
        name: 'flowers-ft',
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      engine.invoke('eval:run', { run, dataset: 'flowers', method: 'zero-shot', save: true }),
    ).rejects.toMatchObject({ code: 'invalid-request' });
    const [model] = await engine.invoke('models:list', { run });
    const file = path.join(home, getSavedModelRow(engine.db, model.id).path);
    const bytes = readFileSync(file);
    try {
      bytes[bytes.length - 100] ^= 1;
      writeFileSync(file, bytes);
      expect(() => loadSavedModel(engine.db, home, model.id)).toThrow(EngineError);
      expect(() => loadSavedModel(engine.db, home, model.id)).toThrow(/sha256 mismatch/);
    } finally {
      bytes[bytes.length - 100] ^= 1;
      writeFileSync(file, bytes);
    }
    expect(loadSavedModel(engine.db, home, model.id).record.id).toBe(model.id);
  });

  it('predict:image answers a bad upload and a model of another run with a clear error', async () => {
    await expect(
      engine.invoke('predict:image', { run, image: { base64: Buffer.from('not an image').toString('base64') } }),
    ).rejects.toMatchObject({ code: 'invalid-data', message: expect.stringMatching(/^image: not a readable image/) });
    await expect(engine.invoke('predict:image', { run, image: { base64: '%%%' } })).rejects.toMatchObject({
      code: 'invalid-request',
    });
    await expect(
      engine.invoke('predict:image', {
        run,
        model: 999,
        image: { path: path.join(folder, 'daisy', readdirSync(path.join(folder, 'daisy'))[0]) },
      }),
    ).rejects.toMatchObject({ code: 'not-found' });
    const ok = await engine.invoke('predict:image', {
      run,
      top: 3,
      image: {
        base64: readFileSync(path.join(folder, 'rose', readdirSync(path.join(folder, 'rose'))[0])).toString('base64'),
      },
    });
    expect(ok.pretrained.top).toHaveLength(3);
    expect(ok.downstream).toBeNull();
  });

  it('catlip-pilot predict streams a folder as JSON lines, a bad image as its error line', async () => {
    const dir = path.join(home, 'to-predict');
    mkdirSync(path.join(dir, 'sub'), { recursive: true });
    copyFileSync(path.join(folder, 'tulip', readdirSync(path.join(folder, 'tulip'))[0]), path.join(dir, 'a.jpg'));
    writeFileSync(path.join(dir, 'b-broken.jpg'), Buffer.from('this is not a jpeg'));
    copyFileSync(
      path.join(folder, 'daisy', readdirSync(path.join(folder, 'daisy'))[0]),
      path.join(dir, 'sub', 'c.jpg'),
    );
    writeFileSync(path.join(dir, 'notes.txt'), 'skipped');
    const [model] = await engine.invoke('models:list', { run });
    let stdout = '';
    let stderr = '';
    const out = { write: (s: string) => ((stdout += s), true) } as unknown as typeof process.stdout;
    const err = { write: (s: string) => ((stderr += s), true), isTTY: false } as unknown as typeof process.stderr;
    const ctx: CommandContext = {
      values: { run: String(run), model: String(model.id), top: '2' },
      positionals: [dir],
      home,
      json: true,
      engine: () => engine,
      out: createOutput(true, out, err),
    };
    await predictCommand.run(ctx);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => path.basename(l.file))).toEqual(['a.jpg', 'b-broken.jpg', 'c.jpg']);
    expect(lines[1]).toEqual({
      file: expect.stringMatching(/b-broken\.jpg$/),
      error: {
        code: 'invalid-data',
        message: expect.stringMatching(/not a readable image/),
        at: { field: 'image' },
        // the catalogued message, as the UI shows it in Japanese
        note: { id: 'predict.badImage', params: { detail: expect.stringMatching(/not a readable image/) } },
      },
    });
    for (const l of [lines[0], lines[2]]) {
      expect(l).toMatchObject({ run, objective: 'catlip', downstream: { model: model.id, name: model.name } });
      expect(l.pretrained.top).toHaveLength(2);
      expect(l.downstream.top).toHaveLength(2);
    }
    expect(stderr).toMatch(/skipped .*notes\.txt/);
    expect(stderr).toMatch(/1 of 3 images could not be predicted/);
  }, 60_000);

  it('catlip-pilot models lists the saved models, as a table and as JSON', async () => {
    const list = async (json: boolean) => {
      let stdout = '';
      const out = { write: (s: string) => ((stdout += s), true) } as unknown as typeof process.stdout;
      const err = { write: () => true, isTTY: false } as unknown as typeof process.stderr;
      await modelsCommand.run({
        values: {},
        positionals: [],
        home,
        json,
        engine: () => engine,
        out: createOutput(json, out, err),
      });
      return stdout;
    };
    expect(await list(false)).toMatch(/^ *\d+ +flowers-ft +\d+ +finetune +flowers +5 +\d+\.\d%/m);
    const { models } = JSON.parse((await list(true)).trim().split('\n').at(-1)!);
    expect(models.map((m: { name: string }) => m.name).sort()).toEqual([
      'flowers-ft',
      `flowers-linear-probe-run${run}`,
    ]);
  });
});
