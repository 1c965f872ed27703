import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture } from '../fixtures/fixture-paths.js';
import { runCli, SHARED_DATA } from './run-cli.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const h = ['--home', home];

describe('catlip-pilot CLI', () => {
  it('labels a caption and prints JSON as the last line', async () => {
    const r = await runCli(['label', 'A dog catching a frisbee in the park.', '--json']);
    expect(r.code).toBe(0);
    expect(r.json.synsets.map((s: { name: string }) => s.name)).toEqual(['dog.n.01', 'frisbee.n.01', 'park.n.01']);
    expect(r.json.synsets[0]).toEqual({ name: 'dog.n.01', offset: 'n02084071', word: 'dog' });
  });

  it('streams one JSON object per line of --file, in order', async () => {
    const file = path.join(home, 'captions.txt');
    writeFileSync(file, 'a black car\n\nan automobile on a road\n');
    const r = await runCli(['label', '--file', file, '--mode', 'corenet']);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).synsets.map((s: { name: string }) => s.name));
    expect(lines).toEqual([['black.n.01', 'car.n.01'], [], ['road.n.01']]);
  });

  it('imports COCO captions, lists datasets, builds a vocabulary', async () => {
    const r = await runCli(['import', path.join(SHARED_DATA, 'coco-mini'), '--name', 'coco', '--json', ...h]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ dataset: 'coco', format: 'coco', items: 795, images: 80 + 79, skipped_count: 80 });
    expect(r.json.skipped[0].reason).toMatch(/no caption/);

    const again = await runCli(['import', path.join(SHARED_DATA, 'coco-mini'), '--name', 'coco', '--json', ...h]);
    expect(again.json).toMatchObject({ items: 0, images: 0, already_present: 795 });

    const list = await runCli(['datasets', '--json', ...h]);
    expect(list.json.datasets).toEqual([
      expect.objectContaining({ name: 'coco', kind: 'captions', items: 795, splits: { train: 400, val: 395 } }),
    ]);

    const v = await runCli(['vocab', '--dataset', 'coco', '--min-count', '3', '--json', ...h]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.json).toMatchObject({ min_count: 3, captions: 400, mode: 'paper' });
    expect(v.json.size).toBeGreaterThan(10);
    expect(v.json.coverage).toBeGreaterThan(0.9);
    expect(v.json.top.every((t: { count: number }) => t.count >= 3)).toBe(true);
    const capped = await runCli(['vocab', '--dataset', 'coco', '--min-count', '3', '--max-size', '5', '--json', ...h]);
    expect(capped.json.size).toBe(5);
    expect(capped.json.top.map((t: { name: string }) => t.name)).toEqual(
      v.json.top.slice(0, 5).map((t: { name: string }) => t.name),
    );
  });

  it('imports every fixture format, keeping the valid items and naming each skipped one', async () => {
    const jsonl = await runCli(['import', fixture('captions', 'captions.jsonl'), '--name', 'fx-jsonl', '--json', ...h]);
    expect(jsonl.code, jsonl.stderr).toBe(0);
    expect(jsonl.json.format).toBe('jsonl');
    expect(jsonl.json.items).toBeGreaterThan(0);
    expect(jsonl.json.skipped.map((k: { source: string }) => k.source)).toContain('captions.jsonl:3');
    expect(
      jsonl.json.skipped.some((k: { reason: string }) => /symlink leads outside the dataset folder/.test(k.reason)),
    ).toBe(true);

    const tar = await runCli(['import', fixture('webdataset'), '--name', 'fx-wds', '--json', ...h]);
    expect(tar.code, tar.stderr).toBe(0);
    expect(tar.json.format).toBe('webdataset');
    expect(tar.json.items).toBeGreaterThan(0);
    expect(
      tar.json.skipped.some((k: { reason: string }) => /member name contains a '\.\.' segment/.test(k.reason)),
    ).toBe(true);
    expect(tar.json.skipped.some((k: { reason: string }) => /truncated tar/.test(k.reason))).toBe(true);

    const folder = await runCli(['import', fixture('imagefolder-split'), '--name', 'fx-folder', '--json', ...h]);
    expect(folder.code, folder.stderr).toBe(0);
    expect(folder.json).toMatchObject({ format: 'imagefolder', totals: { classes: 2 } });
  });

  it('imports flowers5 as a labelled set with a stored stratified train/test split', async () => {
    const r = await runCli(['import', path.join(SHARED_DATA, 'flowers5'), '--name', 'flowers', '--json', ...h]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ format: 'imagefolder', totals: { classes: 5 } });
    expect(r.json.items + r.json.skipped_count).toBe(4317);
    const list = await runCli(['datasets', '--json', ...h]);
    const flowers = list.json.datasets.find((d: { name: string }) => d.name === 'flowers');
    expect(flowers.kind).toBe('labelled');
    expect(flowers.splits.test / flowers.items).toBeCloseTo(0.2, 2);
  });

  it('runs the whole demo pilot: import, vocabulary, CatLIP and CLIP, transfer evaluation, time and cost', async () => {
    const demoHome = mkdtempSync(path.join(os.tmpdir(), 'catlip-demo-'));
    try {
      const r = await runCli(['demo', '--steps', '2', '--backend', 'cpu', '--json', '--home', demoHome]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.captions.totals.items).toBeGreaterThan(1800);
      expect(r.json.categories.totals.classes).toBe(9);
      expect(r.json.vocabulary.size).toBeGreaterThan(100);
      expect(r.json.vocabulary.top[0]).toMatchObject({ name: 'flag.n.01', offset: 'n03354903' });
      expect(
        r.json.runs.map((run: { objective: string; status: string; steps: number }) => [
          run.objective,
          run.status,
          run.steps,
        ]),
      ).toEqual([
        ['catlip', 'completed', 2],
        ['clip', 'completed', 2],
      ]);
      const evals = r.json.evaluations as { method: string; init: string; fraction: number; top1: number }[];
      expect(evals.map((e) => `${e.method}/${e.init}/${e.fraction}`)).toEqual([
        'linear-probe/random/1',
        'linear-probe/transfer/1',
        'linear-probe/random/0.1',
        'linear-probe/transfer/0.1',
        'linear-probe/random/1',
        'linear-probe/random/0.1',
        'zero-shot/none/1',
        'zero-shot/none/1',
      ]);
      evals.forEach((e) => expect(e.top1).toBeGreaterThanOrEqual(0));
      expect(r.json.comparison.speedup.measured.wall).toBeGreaterThan(0);
      // one device for the pilot: CLIP was pinned to the backend and device CatLIP resolved
      expect(r.json.runs[1]).toMatchObject({ backend: r.json.runs[0].backend, device: r.json.runs[0].device });
      expect(r.json.comparison.hardware_mismatch).toBeNull();
      // one seed: no interval for the speed-up, a bootstrap over the test images for each accuracy difference
      expect(r.json.comparison.repeats.pairs).toEqual([[r.json.runs[0].run, r.json.runs[1].run]]);
      expect(r.json.comparison.repeats.accuracy.length).toBeGreaterThan(0);
      expect(r.json.comparison.repeats.speedup.wall).toBeNull();
      expect(r.json.comparison.measured.catlip.energy_kwh).toBe('not measured'); // no nvidia-smi on this machine
      // the human-readable report of the same pilot, from what is stored (no re-training)
      const runs = await runCli(['runs', '--home', demoHome]);
      expect(runs.stdout).toMatch(/catlip .* completed/);
      expect(runs.stdout).toMatch(/clip .* completed/);
    } finally {
      rmSync(demoHome, { recursive: true, force: true });
    }
  }, 600_000);

  it('trains SuperClass and CLIP in a trainer process, lists runs, and refuses to resume a completed run', async () => {
    const sc = await runCli([
      'train',
      '--dataset',
      'coco',
      '--objective',
      'superclass',
      '--steps',
      '4',
      '--batch',
      '8',
      '--checkpoint-every',
      '2',
      '--backend',
      'cpu',
      '--json',
      ...h,
    ]);
    expect(sc.code, sc.stderr).toBe(0);
    expect(sc.json).toMatchObject({ objective: 'superclass', status: 'completed', steps: 4, backend: 'cpu' });
    expect(sc.json.final_loss).toBeGreaterThan(0);
    expect(sc.json.step_ms.compute).toBeGreaterThan(0);
    expect(sc.json.backend_notes).toEqual(['cpu: requested']);

    const clip = await runCli([
      'train',
      '--dataset',
      'coco',
      '--objective',
      'clip',
      '--steps',
      '2',
      '--batch',
      '8',
      '--backend',
      'cpu',
      '--json',
      ...h,
    ]);
    expect(clip.code, clip.stderr).toBe(0);
    expect(clip.json).toMatchObject({ objective: 'clip', status: 'completed', steps: 2 });

    const runs = await runCli(['runs', '--json', ...h]);
    expect(runs.json.runs.map((r: { objective: string; status: string }) => [r.objective, r.status])).toEqual(
      expect.arrayContaining([
        ['superclass', 'completed'],
        ['clip', 'completed'],
      ]),
    );

    const again = await runCli(['resume', '--run', String(sc.json.run), ...h]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already completed/);

    const wasm = await runCli([
      'train',
      '--dataset',
      'coco',
      '--objective',
      'catlip',
      '--steps',
      '1',
      '--batch',
      '8',
      '--backend',
      'wasm',
      '--json',
      ...h,
    ]);
    expect(wasm.code, wasm.stderr).toBe(0);
    expect(wasm.json).toMatchObject({
      objective: 'catlip',
      status: 'completed',
      steps: 1,
      backend: 'wasm',
      backend_notes: [
        'wasm: requested',
        'kernels: fused JavaScript kernels on the wasm heap (layer norm, attention softmax, BCE)',
      ],
    });
    expect(wasm.json.device).toMatch(/tfjs wasm backend, SIMD/);
  }, 180_000);

  it('gives one-line errors naming what is wrong, with the right exit codes', async () => {
    const missing = await runCli(['import', '/no/such/folder', '--name', 'x', ...h]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/\/no\/such\/folder/);
    expect(missing.stderr).not.toMatch(/\bat .*\.js:\d+/);

    const noName = await runCli(['import', path.join(SHARED_DATA, 'coco-mini'), ...h]);
    expect(noName.code).toBe(1);
    expect(noName.stderr).toMatch(/name/);

    const unknownDataset = await runCli(['vocab', '--dataset', 'nope', ...h]);
    expect(unknownDataset.code).toBe(1);
    expect(unknownDataset.stderr).toMatch(/no dataset named "nope" \(have: .*\bcoco\b/);

    const badOption = await runCli(['datasets', '--bogus', ...h]);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/bogus/);

    const badNumber = await runCli(['vocab', '--dataset', 'coco', '--min-count', 'many', ...h]);
    expect(badNumber.code).toBe(2);
    expect(badNumber.stderr).toMatch(/--min-count must be a whole number/);
  });
});
