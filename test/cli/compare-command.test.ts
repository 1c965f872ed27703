import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/api/engine.js';
import type { CommandContext } from '../../electron/engine/cli/command.js';
import { compareCommand } from '../../electron/engine/cli/commands/compare.js';
import { runCommandOutput } from './command-runner.fixture.js';
import { getCostSettings } from '../../electron/engine/cost/settings.js';
import { seedDataset, seedRun } from '../../electron/engine/cost/seeded-runs.fixture.js';

let home: string;
let engine: Engine;
beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'catlip-compare-cli-'));
  engine = new Engine(home);
});
afterEach(() => {
  engine.close();
  rmSync(home, { recursive: true, force: true });
});

const run = (values: CommandContext['values'], json = false) =>
  runCommandOutput(engine, home, compareCommand, [], values, json);

function seedPair(): { catlip: number; clip: number } {
  const data = seedDataset(engine.db);
  return {
    catlip: seedRun(engine.db, {
      datasetId: data,
      objective: 'catlip',
      dataSeconds: 6,
      computeSeconds: 32,
      checkpointSeconds: 2,
      energyKwh: 0.0064,
    }),
    clip: seedRun(engine.db, {
      datasetId: data,
      objective: 'clip',
      dataSeconds: 6,
      computeSeconds: 90,
      checkpointSeconds: 4,
      energyKwh: 0.016,
    }),
  };
}

describe('catlip-pilot compare', () => {
  it('prints measured and projected tables in the chosen currency and ends --json output with the comparison', async () => {
    const { catlip, clip } = seedPair();
    const values = {
      runs: `${catlip},${clip}`,
      'gpu-cost-per-hour': '3600',
      currency: 'usd',
      'electricity-per-kwh': '0.5',
      'plan-images': '64000',
      'plan-epochs': '1',
      'plan-gpus': '2',
      bandwidth: '10',
      save: false,
    };
    const text = await run(values);
    expect(text.stdout).toMatch(/speed-up, measured: 2\.50× per image over wall time, 2\.81× over compute time/);
    expect(text.stdout).toMatch(/GPU cost\s+\$40\.00\s+\$100\.00/);
    expect(text.stdout).toMatch(/projection \(model from the pilot, not a measurement\): 64,000 images\n/);
    expect(text.stdout).toMatch(/GPUs +2 +2\n/);
    expect(text.stdout).toMatch(/batch per GPU +64 \(the pilot\) +64 \(the pilot\)/);
    expect(text.stdout).toMatch(/global batch, steps +128, 500 +128, 500/);
    // 500 steps × 98,304 B at 10 GB/s: milliseconds in all
    expect(text.stdout).toMatch(/all-gather time\s+none\s+0\.0 s\n/);
    expect(text.stdout).toMatch(/assumptions:\n {2}- Compute time per image is the pilot's/);

    const json = await run(values, true);
    const result = JSON.parse(json.stdout.trim().split('\n').at(-1)!);
    expect(Object.keys(result)).toEqual(expect.arrayContaining(['measured', 'projected', 'speedup']));
    expect(result.speedup.measured.wall).toBeCloseTo(2.5, 12);
    expect(result.projected.label).toMatch(/not a measurement/);
    expect(result.settings.currency).toBe('USD');
    expect(getCostSettings(engine.db).currency).toBe('JPY');
  });

  it('--save keeps the inputs; a later compare without options uses them', async () => {
    const { catlip, clip } = seedPair();
    await run({ runs: `${catlip},${clip}`, 'plan-images': '1000', 'plan-epochs': '2', 'plan-gpus': '1', save: true });
    expect(getCostSettings(engine.db).plan).toMatchObject({ images: 1000, epochs: 2, gpus: 1 });
    const again = await run({ runs: `${catlip},${clip}` });
    expect(again.stdout).toMatch(/: 2,000 images\n/);
    expect(again.stdout).toMatch(/GPUs +1 +1\n/);
    expect(again.stdout).toMatch(/note: no GPU price set/);
  });

  it('says which plan inputs are missing, and rejects malformed options naming them', async () => {
    const { catlip, clip } = seedPair();
    expect((await run({ runs: `${catlip},${clip}` })).stdout).toMatch(
      /needs plan images \(--plan-images N\), plan epochs \(--plan-epochs E\), plan GPUs \(--plan-gpus K\)/,
    );
    await expect(run({ runs: `${catlip}` })).rejects.toThrow(/--runs takes two run ids/);
    await expect(run({ runs: `${catlip},${clip}`, 'plan-gpus': '2.5' })).rejects.toThrow(/plan\.gpus/);
    await expect(run({ runs: `${catlip},${clip}`, currency: 'yen' })).rejects.toThrow(/currency/);
    await expect(run({ runs: `${catlip},${clip}`, precision: 'fp16' })).rejects.toThrow(
      /--precision must be one of bf16, fp32/,
    );
  });

  it('--allow-mismatch compares runs on different hardware; --repeat-runs prints intervals over seeds', async () => {
    const data = seedDataset(engine.db);
    const catlip = seedRun(engine.db, {
      datasetId: data,
      objective: 'catlip',
      computeSeconds: 40,
      backend: 'cpu',
      device: 'Xeon',
    });
    const clip = seedRun(engine.db, { datasetId: data, objective: 'clip', computeSeconds: 100 });
    await expect(run({ runs: `${catlip},${clip}` })).rejects.toThrow(/different hardware .*--allow-mismatch/);
    const allowed = await run({ runs: `${catlip},${clip}`, 'allow-mismatch': true });
    expect(allowed.stderr).toMatch(/warning: the runs used different hardware \(cpu on Xeon vs tensorflow on/);
    expect(allowed.stdout.split('\n')[0]).toBe(
      'CAUTION: the speed-up mixes hardware and objective: CatLIP trained on cpu on Xeon, clip on tensorflow on TensorFlow (CUDA, tfjs-node-gpu)',
    );

    const pairs = [90, 110].map((clipSeconds, i) => [
      seedRun(engine.db, {
        datasetId: data,
        objective: 'catlip',
        seed: i + 1,
        computeSeconds: 40,
        backend: 'cpu',
        device: 'Xeon',
      }),
      seedRun(engine.db, {
        datasetId: data,
        objective: 'clip',
        seed: i + 1,
        computeSeconds: clipSeconds,
        backend: 'cpu',
        device: 'Xeon',
      }),
    ]);
    const first = seedRun(engine.db, {
      datasetId: data,
      objective: 'clip',
      computeSeconds: 100,
      backend: 'cpu',
      device: 'Xeon',
    });
    // speed-ups 2.5, 2.25, 2.75: mean 2.50, s 0.25, t(2) 4.303 → ±0.62
    const { stdout } = await run({
      runs: `${catlip},${first}`,
      'repeat-runs': pairs.map((p) => p.join(',')).join('/'),
    });
    expect(stdout).toContain('over 3 seeds: 2.50× ± 0.62 (95% t-interval 1.88×–3.12×)');
    await expect(run({ runs: `${catlip},${first}`, 'repeat-runs': '5,6,7' })).rejects.toThrow(
      /--repeat-runs takes the runs of each further seed/,
    );
  });

  it("prints the total cost of ownership with each figure's basis, and names what it still needs", async () => {
    const { catlip, clip } = seedPair();
    const base = {
      runs: `${catlip},${clip}`,
      'gpu-cost-per-hour': '3600',
      currency: 'usd',
      'plan-images': '64000',
      'plan-epochs': '1',
      'plan-gpus': '2',
      bandwidth: '10',
    };
    const missing = await run({ ...base, save: false });
    expect(missing.stdout).toContain(
      'total cost of ownership needs: engineer rate per hour (--engineer-rate); pilot set-up hours (--setup-hours)',
    );
    const text = await run({
      ...base,
      'engineer-rate': '100',
      'setup-hours': '2',
      'data-prep-hours': '1',
      'supervision-hours-per-training': '10',
      'migration-hours': '20',
      save: true,
    });
    // pilot: 140 s of GPU time × $3,600/h = $140; engineers (2 + 1 + 140/3600) h × $100 = $303.89
    expect(text.stdout).toMatch(/total cost of ownership, cloud \(GPU-hour \$3,600\.00 \[entered\]\):/);
    expect(text.stdout).toMatch(/GPU\s+\$140\.00 \[measured\]/);
    expect(text.stdout).toMatch(/total\s+\$443\.89 \[entered\]\s+\$[\d,.]+–\$[\d,.]+ \[projected\]/);
    expect(text.stdout).toMatch(/saving per full-scale training: \$[\d,.]+–\$[\d,.]+ \[projected\]/);
    expect(text.stdout).toMatch(
      /break-even: \d+(–\d+)? full-scale trainings repay \$2,443\.89 \[entered\] \(pilot \+ migration\)/,
    );
    expect(getCostSettings(engine.db).tco).toMatchObject({
      engineerRatePerHour: 100,
      setupHours: 2,
      migrationHours: 20,
      hardwarePricePerGpu: null,
    });
  });
});
