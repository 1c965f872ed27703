import * as tf from '../tfjs.js';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '../../../test/fixtures/fixture-paths.js';
import { Engine } from '../api/engine.js';
import type { CommandContext } from '../cli/command.js';
import { evalCommand } from '../cli/commands/eval.js';
import { createOutput } from '../cli/output.js';
import { vitPreset } from '../training/model/model-presets.js';
import { AdamW } from '../training/model/optimizer.js';
import { ParamStore, ZEROS } from '../training/model/params.js';
import { vitParamSpecs } from '../training/model/vit.js';
import { runTrainer } from '../training/trainer.js';
import { evaluationResultOf, getEvaluation, listEvaluations } from './evaluation-repository.js';
import type { EvaluationResult } from '../../shared/evaluation.js';
import { runEvaluation } from './run-evaluation.js';

// End to end on real data: tiny CatLIP / CLIP / SuperClass runs pre-trained in-process on coco-mini
// (cpu backend, a few steps), evaluated on 5 flowers5 classes of 8 images each (seeded 80/20 split).
const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-eval-'));
const FLOWERS = ['daisy', 'dandelion', 'rose', 'sunflower', 'tulip'];
const PER_CLASS = 8;
let engine: Engine;
const runs = { catlip: 0, clip: 0, superclass: 0, untrained: 0 };

beforeAll(async () => {
  engine = new Engine(home);
  await engine.invoke('datasets:import', { path: path.join(sharedDataDir, 'coco-mini'), name: 'coco', imageSize: 32 });
  await engine.invoke('vocab:build', { dataset: 'coco', minCount: 2 });
  const folder = path.join(home, 'flowers-small');
  for (const name of FLOWERS) {
    mkdirSync(path.join(folder, name), { recursive: true });
    for (const file of readdirSync(path.join(sharedDataDir, 'flowers5', name))
      .sort()
      .slice(0, PER_CLASS)) {
      copyFileSync(path.join(sharedDataDir, 'flowers5', name, file), path.join(folder, name, file));
    }
  }
  await engine.invoke('datasets:import', { path: folder, name: 'flowers', imageSize: 32 });

  const tiny = { dataset: 'coco', model: 'vit-tiny' as const, batch: 8, backend: 'cpu' as const, seed: 7, steps: 4 };
  const host = { send: () => {}, onCommand: () => {} };
  runs.catlip = engine.createRun({ ...tiny, objective: 'catlip', emaMomentum: 0.1 });
  runs.clip = engine.createRun({ ...tiny, objective: 'clip', tokenizerVocab: 300 });
  runs.superclass = engine.createRun({ ...tiny, objective: 'superclass', tokenizerVocab: 300 });
  runs.untrained = engine.createRun({ ...tiny, objective: 'catlip' });
  for (const id of [runs.catlip, runs.clip, runs.superclass]) await runTrainer(home, id, host);
}, 120_000);

afterAll(() => {
  engine.close();
  rmSync(home, { recursive: true, force: true });
});

/**
 * Tensors an AdamW leaves behind per variable once disposed: the zerosLike its moment variables are made
 * from (training/model/optimizer.ts; 0 once those are created inside tf.tidy). Evaluation's own tensors
 * must all be freed: the leak tests allow exactly this much.
 */
function adamLeakPerVariable(): number {
  const before = tf.memory().numTensors;
  const store = ParamStore.create([{ name: 'x/kernel', shape: [2], init: ZEROS }], 0);
  new AdamW(store, { schedule: { baseLr: 1, minLr: 0, warmupSteps: 0, warmupStartLr: 1, totalSteps: 1 } }).dispose();
  store.dispose();
  return tf.memory().numTensors - before;
}

function checkStored(r: EvaluationResult): void {
  const row = getEvaluation(engine.db, r.evaluation);
  expect(evaluationResultOf(engine.db, row)).toEqual(r);
  expect(row).toMatchObject({
    run_id: r.run,
    method: r.method,
    init: r.init,
    fraction: r.fraction,
    seed: r.seed,
    top1: r.top1,
    top5: r.top5,
  });
  expect(JSON.parse(row.per_class_json!)).toEqual(r.per_class);
  expect(JSON.parse(row.confusion_json!)).toEqual({ classes: FLOWERS, matrix: r.confusion });
  expect(JSON.parse(row.unmatched_classes_json!)).toEqual(r.unmatched_classes);
  expect(JSON.parse(row.settings_json)).toMatchObject({
    method: r.method,
    init: r.init,
    fraction: r.fraction,
    seed: r.seed,
    backend: 'cpu',
  });
  expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(r.test_items);
  expect(r.top1).toBeGreaterThanOrEqual(0);
  expect(r.top5).toBeGreaterThanOrEqual(r.top1);
}

describe('runEvaluation', () => {
  const ev = (req: Omit<Parameters<typeof runEvaluation>[2], 'dataset'> & { dataset?: string }) =>
    runEvaluation(engine.db, home, { dataset: 'flowers', ...req });

  it('linear-probes the frozen encoder to convergence, caches its features, and is deterministic', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const phases = new Set<string>();
    const r = await runEvaluation(
      engine.db,
      home,
      { run: runs.catlip, dataset: 'flowers' },
      { onProgress: (p) => phases.add(p.phase) },
    );
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(r).toMatchObject({
      method: 'linear-probe',
      init: 'random',
      fraction: 1,
      seed: 0,
      train_items: 30,
      test_items: 10,
      unmatched_classes: [],
    });
    expect(Object.keys(r.per_class)).toEqual(FLOWERS);
    expect([...phases]).toEqual(['features', 'train']);
    checkStored(r);
    const settings = JSON.parse(getEvaluation(engine.db, r.evaluation).settings_json);
    expect(settings).toMatchObject({
      weights: 'ema',
      checkpoint_step: 4,
      features: { reused: false, width: 64 },
      probe: { converged: true, l2_chosen_by: 'validation' },
    });
    expect(r.details?.probe).toEqual({
      l2: settings.probe.l2,
      l2_chosen_by: 'validation',
      converged: true,
      iterations: settings.probe.iterations,
    });
    expect(existsSync(path.join(home, settings.features.file))).toBe(true);

    const again = await ev({ run: runs.catlip });
    expect(JSON.parse(getEvaluation(engine.db, again.evaluation).settings_json).features.reused).toBe(true);
    expect(again.confusion).toEqual(r.confusion);
    expect(again.evaluation).not.toBe(r.evaluation);
  });

  it('linear-probes from Transfer Init on a stratified fraction, storing the class matches; converged, it equals random init', async () => {
    const r = await ev({ run: runs.catlip, init: 'transfer', fraction: 0.5, seed: 3 });
    expect(r).toMatchObject({ init: 'transfer', fraction: 0.5, seed: 3, train_items: 15 });
    checkStored(r);
    const random = await ev({ run: runs.catlip, init: 'random', fraction: 0.5, seed: 3 });
    expect(r.details?.probe?.converged && random.details?.probe?.converged).toBe(true);
    expect(r.details?.probe?.l2).toBe(random.details?.probe?.l2);
    expect(r.confusion).toEqual(random.confusion);
    const transfer = JSON.parse(getEvaluation(engine.db, r.evaluation).settings_json).transfer;
    expect(transfer.scale).toBe(r.details?.transfer_scale);
    expect(transfer.train_loss).toBeLessThanOrEqual(transfer.frequencies_loss);
    const matching = JSON.parse(getEvaluation(engine.db, r.evaluation).settings_json).matching;
    expect(matching.classes.map((m: { class: string }) => m.class)).toEqual(FLOWERS);
    const unmatched = matching.classes
      .filter((m: { how: string }) => m.how === 'none')
      .map((m: { class: string }) => m.class);
    expect(r.unmatched_classes).toEqual(unmatched);
    // coco-mini's vocabulary has flower.n.01 (not daisy.n.01): daisy reaches it by path similarity (its parent)
    const daisy = matching.classes[0];
    expect(daisy).toMatchObject({
      class: 'daisy',
      how: 'similarity',
      words: [{ synset: 'flower.n.01', similarity: 0.5 }],
    });
    expect(r.unmatched_classes).not.toContain('daisy');
  });

  it('fine-tunes the encoder with a new head', async () => {
    const leak = adamLeakPerVariable();
    const tensorsBefore = tf.memory().numTensors;
    const r = await ev({ run: runs.catlip, method: 'finetune', init: 'transfer', epochs: 1, batch: 8 });
    const settings = JSON.parse(getEvaluation(engine.db, r.evaluation).settings_json);
    // rows that carry something (balanced to a scale > 0) get the head-only warm-up and a third of the LR; rows balanced to nothing neither
    const kept = settings.transfer.scale > 0;
    // the whole model's optimizer, and the head-only warm-up's over the classifier's kernel and bias
    expect(tf.memory().numTensors - tensorsBefore).toBe(
      (vitParamSpecs(vitPreset('vit-tiny')).length + 2 + (kept ? 2 : 0)) * leak,
    );
    expect(r).toMatchObject({
      method: 'finetune',
      init: 'transfer',
      train_items: 30,
      details: { head_warmup_steps: kept ? 1 : 0, transfer_scale: settings.transfer.scale },
    });
    checkStored(r);
    expect(settings.finetune).toMatchObject({
      steps: 3,
      head_warmup_steps: kept ? 1 : 0,
      lr_scale: kept ? 1 / 3 : 1,
      lr_requested: 3e-4,
      batch: 8,
      label_smoothing: 0.1,
      weight_decay: 0.05,
    });
  });

  it('scores zero-shot with the CatLIP head, CLIP prompts and SuperClass tokens', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const catlip = await ev({ run: runs.catlip, method: 'zero-shot', correction: 'prior' });
    expect(catlip).toMatchObject({
      init: 'none',
      train_items: 0,
      details: { zero_shot_correction: 'pretraining-prior' },
    });
    checkStored(catlip);
    const prior = JSON.parse(getEvaluation(engine.db, catlip.evaluation).settings_json).zero_shot.prior;
    // daisy reaches flower.n.01: its prior is flower's caption share in coco-mini
    expect(prior.daisy).toEqual([{ position: expect.any(Number), frequency: expect.any(Number) }]);
    expect(prior.daisy[0].frequency).toBeGreaterThan(0);
    const clip = await ev({ run: runs.clip, method: 'zero-shot' });
    expect(clip.unmatched_classes).toEqual([]);
    checkStored(clip);
    const superclass = await ev({ run: runs.superclass, method: 'zero-shot' });
    checkStored(superclass);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(JSON.parse(getEvaluation(engine.db, clip.evaluation).settings_json).zero_shot.prompts).toContain(
      'a photo of a {class}.',
    );
  });

  it('calibrates CatLIP zero-shot on the unlabelled train images by default, never reading their labels', async () => {
    const calibrated = await ev({ run: runs.catlip, method: 'zero-shot' });
    expect(calibrated.details).toMatchObject({
      zero_shot_correction: 'downstream-calibration',
      calibration_images: 30,
    });
    checkStored(calibrated);
    // the vocabulary of coco-mini has no tulip: the result says so, and what top-1 the mapping allows at most
    expect(calibrated.details?.zero_shot_warnings).toContainEqual({ kind: 'no-synset', classes: ['tulip'] });
    // dandelion reaches banana.n.01, a sibling herb: scored by evidence for bananas
    expect(calibrated.details?.zero_shot_warnings).toContainEqual({
      kind: 'related-synset',
      classes: ['dandelion'],
      synsets: ['banana.n.01'],
    });
    expect(calibrated.details?.reachable_top1).toBe(0.8);
    const none = await ev({ run: runs.catlip, method: 'zero-shot', correction: 'none' });
    expect(none.details?.zero_shot_correction).toBe('none');
    expect(none.top1).toBe(calibrated.details?.uncorrected_top1);

    // shuffle the train split's labels in the database: the calibrated result must not move
    const dataset = engine.db.prepare("SELECT id FROM datasets WHERE name = 'flowers'").pluck().get() as number;
    const items = engine.db
      .prepare("SELECT id, class_id FROM items WHERE dataset_id = ? AND split = 'train' ORDER BY id")
      .all(dataset) as { id: number; class_id: number }[];
    const rotated = items.map((item, i) => ({ id: item.id, class_id: items[(i + 7) % items.length].class_id }));
    const relabel = engine.db.prepare('UPDATE items SET class_id = ? WHERE id = ?');
    const write = (rows: { id: number; class_id: number }[]) =>
      engine.db.transaction(() => rows.forEach((r) => relabel.run(r.class_id, r.id)))();
    write(rotated);
    try {
      expect(rotated.filter((r, i) => r.class_id !== items[i].class_id).length).toBeGreaterThan(items.length / 2);
      const shuffled = await ev({ run: runs.catlip, method: 'zero-shot' });
      expect(shuffled.confusion).toEqual(calibrated.confusion);
      expect(JSON.parse(getEvaluation(engine.db, shuffled.evaluation).settings_json).zero_shot.calibration).toEqual(
        JSON.parse(getEvaluation(engine.db, calibrated.evaluation).settings_json).zero_shot.calibration,
      );
    } finally {
      write(items);
    }
    await expect(ev({ run: runs.clip, method: 'zero-shot', correction: 'prior' })).rejects.toThrow(
      /corrects CatLIP's synset scores/,
    );
    await expect(ev({ run: runs.catlip, correction: 'downstream' })).rejects.toThrow(
      /linear-probe takes no --zero-shot-correction/,
    );
  });

  it('runs as the eval command: a summary, or one JSON line with --json', async () => {
    const run = async (values: Record<string, string>, json: boolean) => {
      let stdout = '';
      let stderr = '';
      const out = { write: (s: string) => ((stdout += s), true) } as unknown as typeof process.stdout;
      const err = { write: (s: string) => ((stderr += s), true), isTTY: false } as unknown as typeof process.stderr;
      // the defaults parseArgs fills in from the command's options
      const ctx: CommandContext = {
        values: { method: 'linear-probe', ...values },
        positionals: [],
        home,
        json,
        engine: () => engine,
        out: createOutput(json, out, err),
      };
      await evalCommand.run(ctx);
      // progress goes to stderr (a plain line every few seconds when it is no terminal)
      expect(stderr).toMatch(/^run \d+ on flowers: (encoding images|training|scoring test images) \d+\/\d+$/m);
      return stdout;
    };
    const text = await run(
      { run: String(runs.catlip), dataset: 'flowers', init: 'transfer', fraction: '0.5', seed: '2', steps: '20' },
      false,
    );
    expect(text).toMatch(
      /^evaluation \d+: linear-probe of run \d+ on flowers \(init transfer, fraction 0.5, seed 2; 15 train \/ 10 test items/,
    );
    expect(text).toMatch(/top-1 \d+\.\d% {3}top-5 \d+\.\d%/);
    for (const flower of FLOWERS) expect(text).toMatch(new RegExp(`^${flower} +\\d+\\.\\d%$`, 'm'));

    const zeroShot = await run(
      { run: String(runs.catlip), dataset: 'flowers', method: 'zero-shot', 'zero-shot-correction': 'downstream' },
      false,
    );
    expect(zeroShot).toMatch(
      /^zero-shot: calibrated on 30 unlabelled downstream images \(per-class mean and std; labels not read\) \(uncorrected top-1 \d+\.\d%\)$/m,
    );
    expect(zeroShot).toContain('zero-shot NOT INFORMATIVE for tulip: no synset in this vocabulary (never predicted)');
    expect(zeroShot).toContain('through this vocabulary at most 80.0% top-1 is reachable; chance is 20.0%');
    const last = (await run({ run: String(runs.clip), dataset: 'flowers', method: 'zero-shot' }, true))
      .trim()
      .split('\n')
      .at(-1)!;
    const result = JSON.parse(last);
    expect(result).toMatchObject({ method: 'zero-shot', init: 'none', unmatched_classes: [], test_items: 10 });
    expect(Object.keys(result.per_class)).toEqual(FLOWERS);
    expect(getEvaluation(engine.db, result.evaluation).top1).toBe(result.top1);
    await expect(run({ run: String(runs.catlip), dataset: 'flowers', method: 'probe' }, true)).rejects.toThrow(
      /--method must be one of/,
    );
  });

  it('refuses what cannot be measured, before storing anything', async () => {
    const stored = listEvaluations(engine.db).length;
    await expect(ev({ run: runs.clip, init: 'transfer' })).rejects.toThrow(/Transfer Init .* clip run/);
    await expect(ev({ run: runs.catlip, method: 'zero-shot', init: 'transfer' })).rejects.toThrow(/no --init/);
    await expect(ev({ run: runs.catlip, method: 'zero-shot', fraction: 0.5 })).rejects.toThrow(/no --fraction/);
    await expect(ev({ run: runs.catlip, dataset: 'coco' })).rejects.toThrow(/labelled/);
    await expect(ev({ run: runs.untrained })).rejects.toThrow(/no checkpoint/);
    await expect(ev({ run: runs.catlip, fraction: 0 })).rejects.toThrow(/fraction/);
    await expect(ev({ run: runs.catlip, method: 'finetune', steps: 5 })).rejects.toThrow(/finetune takes no --steps/);
    await expect(ev({ run: runs.catlip, lr: 0.1 })).rejects.toThrow(/linear-probe takes no --lr/);
    expect(listEvaluations(engine.db).length).toBe(stored);
  });
});
