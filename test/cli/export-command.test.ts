import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Engine } from '../../electron/engine/api/engine.js';
import type { CommandContext } from '../../electron/engine/cli/command.js';
import { exportCommand } from '../../electron/engine/cli/commands/export.js';
import { runCommand } from './command-runner.fixture.js';
import { seedDataset, seedRun, seedVocabulary } from '../../electron/engine/cost/seeded-runs.fixture.js';

let home: string;
let engine: Engine;
let catlip: number;
beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'catlip-export-cli-'));
  engine = new Engine(home);
  const data = seedDataset(engine.db);
  const vocab = seedVocabulary(engine.db, data, [
    [2084071, 'dog.n.01', 9],
    [2121620, 'cat.n.01', 7],
  ]);
  catlip = seedRun(engine.db, {
    datasetId: data,
    objective: 'catlip',
    model: 'vit-s16',
    imageSize: 224,
    patchSize: 16,
    batch: 32,
    vocabulary: vocab,
  });
});
afterEach(() => {
  engine.close();
  rmSync(home, { recursive: true, force: true });
});

const run = (positionals: string[], values: CommandContext['values'], json = false) =>
  runCommand(engine, home, exportCommand, positionals, values, json);

describe('catlip-pilot export corenet', () => {
  it('writes the export and prints the per-node commands; --json ends with the result', async () => {
    const out = path.join(home, 'corenet');
    const values = {
      run: String(catlip),
      out,
      'plan-images': '3200',
      'plan-epochs': '1',
      'plan-gpus': '4',
      nodes: '2',
      recipe: 'pilot',
      'dist-url': 'tcp://10.1.2.3:29500',
    };
    const text = await run(['corenet'], values);
    expect(text).toMatch(/run \d+ → CoreNet CatLIP \(ViT "small", pilot recipe\)/);
    expect(text).toContain("--ddp.rank 2 --ddp.world-size 4 --ddp.dist-url 'tcp://10.1.2.3:29500'");
    for (const f of ['catlip_pretraining.yaml', 'vocab.pkl', 'vocab.json', 'launch.sh', 'README.md'])
      expect(existsSync(path.join(out, f)), f).toBe(true);
    // 3200 images / (2 × 2 GPUs × 32) = 25 iterations
    expect(parse(readFileSync(path.join(out, 'catlip_pretraining.yaml'), 'utf8')).scheduler.max_iterations).toBe(25);
    const json = JSON.parse((await run(['corenet'], values, true)).trim().split('\n').at(-1)!);
    expect(json).toMatchObject({
      run: catlip,
      vit_mode: 'small',
      vocabulary: { size: 2 },
      scaling: { world_size: 4, global_batch: 128 },
    });
  });

  it('rejects other targets and missing or malformed options, naming them', async () => {
    const out = path.join(home, 'x');
    await expect(run(['onnx'], { run: String(catlip), out })).rejects.toThrow(
      /two targets, corenet and weights; got "onnx"/,
    );
    await expect(run(['corenet'], { out })).rejects.toThrow(/give --run ID/);
    await expect(run(['corenet'], { run: String(catlip) })).rejects.toThrow(/give --out DIR/);
    await expect(run(['corenet'], { run: String(catlip), out, recipe: 'fast' })).rejects.toThrow(
      /--recipe must be one of pilot, paper/,
    );
    await expect(run(['corenet'], { run: String(catlip), out, recipe: 'pilot', 'vit-mode': 'giant' })).rejects.toThrow(
      /--vit-mode must be one of tiny, small, base, large, huge/,
    );
    await expect(run(['corenet'], { run: String(catlip), out, recipe: 'pilot', nodes: '0' })).rejects.toThrow(
      /--nodes must be at least 1/,
    );
    await expect(run(['corenet'], { run: String(catlip), out, recipe: 'pilot' })).rejects.toThrow(
      /--plan-images N and --plan-epochs E/,
    );
  });
});
