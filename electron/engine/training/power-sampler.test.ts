import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seedDataset, seedRun } from '../cost/seeded-runs.fixture.js';
import { openDatabase, type Db } from '../store/database.js';
import { parsePowerDraw, POWER_QUERY_ARGS, PowerSampler, RunEnergyMeter, type ExecFn } from './power-sampler.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'catlip-power-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** An nvidia-smi stand-in: prints the next reading each call (an Error = the call fails). */
function scripted(readings: (string | Error)[]): { exec: ExecFn; calls: string[][] } {
  const calls: string[][] = [];
  let i = 0;
  return {
    calls,
    exec: async (_file, args) => {
      calls.push([...args]);
      const r = readings[Math.min(i++, readings.length - 1)];
      if (r instanceof Error) throw r;
      return r;
    },
  };
}

describe('parsePowerDraw', () => {
  it('reads one wattage per GPU line and refuses "[N/A]"', () => {
    expect(parsePowerDraw('71.23\n250.00\n')).toEqual([71.23, 250]);
    expect(() => parsePowerDraw('[N/A]\n')).toThrow(/cannot read power.draw/);
    expect(() => parsePowerDraw('\n')).toThrow(/no power readings/);
  });
});

describe('PowerSampler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(0);
  });
  afterEach(() => vi.useRealTimers());

  it('samples every interval in the background and integrates power by trapezoids, summed over GPUs', async () => {
    // t=0: 100 W; t=5: 200 W; t=10: 2 GPUs × 100 W; stop at t=12: 300 W
    const fake = scripted(['100\n', '200\n', '100\n100\n', '300\n']);
    const sampler = new PowerSampler({ exec: fake.exec, intervalSeconds: 5, clock: () => Date.now() });
    expect(await sampler.start()).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.calls).toHaveLength(3);
    vi.setSystemTime(12_000);
    const reading = await sampler.stop();
    // (100+200)/2·5 + (200+200)/2·5 + (200+300)/2·2 = 750 + 1000 + 500 = 2250 J
    expect(reading!.kwh).toBeCloseTo(2250 / 3.6e6, 12);
    expect(reading).toMatchObject({ seconds: 12, samples: 4, missed: 0, gpus: 1 });
    expect(fake.calls[0]).toEqual([...POWER_QUERY_ARGS]);
    // stopped: no more samples
    await vi.advanceTimersByTimeAsync(20_000);
    expect(fake.calls).toHaveLength(4);
  });

  it('does not count paused time', async () => {
    const fake = scripted(['100\n']);
    const sampler = new PowerSampler({ exec: fake.exec, intervalSeconds: 5, clock: () => Date.now() });
    await sampler.start();
    vi.setSystemTime(4_000);
    await sampler.pause();
    vi.setSystemTime(1_000_000);
    await sampler.resume();
    vi.setSystemTime(1_002_000);
    const reading = await sampler.stop();
    expect(reading!.seconds).toBe(6);
    expect(reading!.kwh).toBeCloseTo((100 * 6) / 3.6e6, 12);
  });

  it('bridges a failed sample in the middle and holds the last reading when the final sample fails', async () => {
    const fake = scripted(['100\n', new Error('timeout'), '100\n', new Error('gone')]);
    const sampler = new PowerSampler({ exec: fake.exec, intervalSeconds: 5, clock: () => Date.now() });
    await sampler.start();
    await vi.advanceTimersByTimeAsync(10_000);
    vi.setSystemTime(13_000);
    const reading = await sampler.stop();
    expect(reading).toMatchObject({ samples: 2, missed: 2, seconds: 13 });
    expect(reading!.kwh).toBeCloseTo((100 * 13) / 3.6e6, 12);
  });

  it('reports undefined when nvidia-smi cannot read power, and never samples in the background', async () => {
    const fake = scripted(['[N/A]\n']);
    const sampler = new PowerSampler({ exec: fake.exec, clock: () => Date.now() });
    expect(await sampler.start()).toBe(false);
    expect(sampler.failure).toMatch(/\[N\/A\]/);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.calls).toHaveLength(1);
    expect(await sampler.stop()).toBeUndefined();
    expect(sampler.kwh()).toBeUndefined();
  });
});

describe('PowerSampler with a real program', () => {
  it('reports undefined where the program does not exist', async () => {
    const sampler = new PowerSampler({ command: path.join(tmp, 'no-such-dir', 'nvidia-smi') });
    expect(await sampler.start()).toBe(false);
    expect(sampler.failure).toMatch(/ENOENT|not found/);
    expect(await sampler.stop()).toBeUndefined();
  });

  it('runs the program with the power query and --id, and reads its output', async () => {
    const script = path.join(tmp, 'fake-nvidia-smi');
    const argsFile = path.join(tmp, 'args.txt');
    writeFileSync(script, `#!/bin/sh\necho "$@" > '${argsFile}'\necho 150.5\n`);
    chmodSync(script, 0o755);
    let ms = 0;
    const sampler = new PowerSampler({ command: script, gpuIds: '1', clock: () => ms });
    expect(await sampler.start()).toBe(true);
    ms = 2000;
    const reading = await sampler.stop();
    expect(readFileSync(argsFile, 'utf8').trim()).toBe('--query-gpu=power.draw --format=csv,noheader,nounits --id=1');
    expect(reading!.kwh).toBeCloseTo((150.5 * 2) / 3.6e6, 12);
  });
});

describe('RunEnergyMeter', () => {
  let db: Db;
  let datasetId: number;
  beforeEach(() => {
    db = openDatabase(mkdtempSync(path.join(tmp, 'db-')));
    datasetId = seedDataset(db);
  });
  afterEach(() => db.close());

  const energyOf = (id: number) =>
    db.prepare('SELECT energy_kwh FROM runs WHERE id = ?').pluck().get(id) as number | null;
  function fixedPower(watts: number): { sampler: PowerSampler; advance(seconds: number): void } {
    let ms = 0;
    return {
      sampler: new PowerSampler({ exec: async () => `${watts}\n`, intervalSeconds: 3600, clock: () => ms }),
      advance: (s) => (ms += s * 1000),
    };
  }

  it('writes the measured energy of a fresh run on every record and at the end', async () => {
    // a stale value on a run with no recorded time is not carried over
    const run = seedRun(db, { datasetId, energyKwh: 7 });
    const p = fixedPower(360);
    const meter = await RunEnergyMeter.start(db, run, { onGpu: true, sampler: p.sampler });
    expect(energyOf(run)).toBe(0);
    p.advance(10);
    expect(await meter.stop()).toBeCloseTo(0.001, 12); // 360 W × 10 s = 3600 J = 0.001 kWh
    expect(energyOf(run)).toBeCloseTo(0.001, 12);
  });

  it('adds to the energy earlier processes recorded when resuming, and stays NULL when any part was not measured', async () => {
    // earlier processes recorded training time: this one continues the run
    const measured = seedRun(db, { datasetId, computeSeconds: 20, energyKwh: 0.5 });
    const p = fixedPower(360);
    const meter = await RunEnergyMeter.start(db, measured, { onGpu: true, sampler: p.sampler });
    p.advance(10);
    await meter.stop();
    expect(energyOf(measured)).toBeCloseTo(0.501, 12);

    const unmeasuredBefore = seedRun(db, { datasetId, computeSeconds: 20, energyKwh: null });
    const q = fixedPower(360);
    const m2 = await RunEnergyMeter.start(db, unmeasuredBefore, { onGpu: true, sampler: q.sampler });
    q.advance(10);
    expect(await m2.stop()).toBeNull();
    expect(energyOf(unmeasuredBefore)).toBeNull();
  });

  it('records NULL for a CPU run and where nvidia-smi is absent', async () => {
    const cpu = seedRun(db, { datasetId, energyKwh: 0.2 });
    const m1 = await RunEnergyMeter.start(db, cpu, { onGpu: false, sampler: fixedPower(100).sampler });
    expect(await m1.stop()).toBeNull();
    expect(energyOf(cpu)).toBeNull();

    const noSmi = seedRun(db, { datasetId });
    const absent = new PowerSampler({ command: path.join(tmp, 'absent', 'nvidia-smi') });
    const m2 = await RunEnergyMeter.start(db, noSmi, { onGpu: true, sampler: absent });
    expect(await m2.stop()).toBeNull();
    expect(energyOf(noSmi)).toBeNull();
  });
});
