import { describe, expect, it } from 'vitest';
import {
  allGatherBytesPerStep,
  missingPlanInputs,
  projectComparison,
  projectRun,
  type PilotRate,
  type ProjectionSettings,
} from './projection.js';

// Hand-computed case: 1,000,000 images × 1 epoch on 4 GPUs, 1000 images per GPU per step (global 4000,
// 250 steps); throughput ±25% (time × 0.8 … × 4/3); fp32 embeddings of width 500; 1 GB/s at 50–80%.
const settings: ProjectionSettings = {
  currency: 'JPY',
  gpuCostPerHour: 1000,
  electricityPerKwh: 30,
  plan: { images: 1_000_000, epochs: 1, gpus: 4, bandwidthGBps: 1, perGpuBatch: 1000 },
  embeddingPrecision: 'fp32',
  throughputVariation: 0.25,
  bandwidthEfficiency: { low: 0.5, high: 0.8 },
};
const catlip: PilotRate = {
  run: 1,
  objective: 'catlip',
  computeSecondsPerImage: 0.0036,
  energyKwhPerImage: 2e-7,
  batch: 64,
  embedDim: null,
};
const clip: PilotRate = {
  run: 2,
  objective: 'clip',
  computeSecondsPerImage: 0.0072,
  energyKwhPerImage: null,
  batch: 64,
  embedDim: 500,
};

describe('allGatherBytesPerStep', () => {
  it('is (K−1)/K × global batch × 2 × width × bytes', () => {
    // the paper's scale: 64 GPUs, batch 65,536, width 512, bf16 → 63/64 × 65536 × 2 × 512 × 2
    expect(allGatherBytesPerStep({ gpus: 64, globalBatch: 65_536, embedDim: 512, bytesPerElement: 2 })).toBe(
      132_120_576,
    );
    expect(allGatherBytesPerStep({ gpus: 4, globalBatch: 4000, embedDim: 500, bytesPerElement: 4 })).toBe(12_000_000);
    expect(allGatherBytesPerStep({ gpus: 1, globalBatch: 4000, embedDim: 500, bytesPerElement: 4 })).toBe(0);
  });
});

describe('projectRun', () => {
  it('scales CatLIP compute from the pilot rate with no communication, and adds measured energy cost', () => {
    const p = projectRun(catlip, settings);
    expect(p).toMatchObject({ images: 1_000_000, global_batch: 4000, steps: 250, communication: null, cost_notes: [] });
    // 0.0036 s × 1e6 / 4 GPUs = 900 s = 0.25 h
    expect(p.compute_hours.at_pilot_rate).toBeCloseTo(0.25, 12);
    expect(p.compute_hours.low).toBeCloseTo(0.2, 12);
    expect(p.compute_hours.high).toBeCloseTo(1 / 3, 12);
    expect(p.gpu_hours.low).toBeCloseTo(0.8, 12);
    expect(p.gpu_hours.high).toBeCloseTo(4 / 3, 12);
    expect(p.gpu_cost!.low).toBeCloseTo(800, 9);
    expect(p.gpu_cost!.high).toBeCloseTo(4000 / 3, 9);
    // 2e-7 kWh × 1e6 = 0.2 kWh × (0.8 … 4/3) × 30 JPY
    expect(p.energy_kwh).toEqual({ low: expect.closeTo(0.16, 12), high: expect.closeTo(0.8 / 3, 12) });
    expect(p.energy_cost!.low).toBeCloseTo(4.8, 9);
    expect(p.total_cost!.low).toBeCloseTo(804.8, 9);
    expect(p.total_cost!.high).toBeCloseTo(4000 / 3 + 8, 9);
    expect(p.total_cost_text).toMatch(/805.*1,341/);
  });

  it("adds CLIP's all-gather: forward at the high efficiency (low) to forward + backward at the low efficiency (high)", () => {
    const p = projectRun(clip, settings);
    expect(p.communication!.bytes_per_step_per_gpu).toBe(12_000_000);
    // low: 250 steps × 12e6 B / (1e9 × 0.8) = 3.75 s; high: 250 × 2 × 12e6 / (1e9 × 0.5) = 12 s
    expect(p.communication!.hours.low * 3600).toBeCloseTo(3.75, 9);
    expect(p.communication!.hours.high * 3600).toBeCloseTo(12, 9);
    expect(p.wall_hours.low).toBeCloseTo(0.4 + 3.75 / 3600, 12);
    expect(p.wall_hours.high).toBeCloseTo(2 / 3 + 12 / 3600, 12);
    expect(p.gpu_hours.high).toBeCloseTo(4 * (2 / 3 + 12 / 3600), 12);
    expect(p.energy_kwh).toBe('not measured');
    expect(p.energy_cost).toBeNull();
    expect(p.cost_notes).toEqual(["energy cost not included: the pilot's energy was not measured"]);
    expect(p.total_cost).toEqual(p.gpu_cost);
  });

  it('uses the pilot batch per GPU when the plan sets none, and needs no bandwidth on one GPU', () => {
    const p = projectRun(clip, {
      ...settings,
      plan: { images: 1000, epochs: 2, gpus: 1, bandwidthGBps: null, perGpuBatch: null },
    });
    expect(p).toMatchObject({ images: 2000, global_batch: 64, steps: 32 });
    expect(p.communication).toMatchObject({ bytes_per_step_per_gpu: 0, hours: { low: 0, high: 0 } });
  });

  it('says what is missing instead of projecting, and leaves cost out without a price', () => {
    const plan = { images: null, epochs: 1, gpus: 8, bandwidthGBps: null, perGpuBatch: null };
    expect(missingPlanInputs(plan, true)).toEqual([
      'plan images (--plan-images N)',
      "interconnect bandwidth for CLIP's all-gather (--bandwidth GBPS)",
    ]);
    expect(missingPlanInputs(plan, false)).toEqual(['plan images (--plan-images N)']);
    expect(() => projectRun(clip, { ...settings, plan })).toThrow(/--plan-images/);
    const p = projectRun(catlip, { ...settings, gpuCostPerHour: null, electricityPerKwh: null });
    expect(p.gpu_cost).toBeNull();
    expect(p.total_cost).toBeNull();
    expect(p.cost_notes).toEqual([
      'no GPU price set (--gpu-cost-per-hour): cost not computed',
      'energy cost not included: no electricity price set (--electricity-per-kwh)',
    ]);
  });
});

describe('projectComparison', () => {
  it('gives the speed-up over the corners of the ranges, labelled as a projection with its inputs and assumptions', () => {
    const p = projectComparison(catlip, clip, settings);
    // (0.5 f + comm) / (0.25 f) for f ∈ {0.8, 4/3}, comm ∈ {3.75 s, 12 s}
    expect(p.speedup.low).toBeCloseTo((2 / 3 + 3.75 / 3600) / (1 / 3), 12);
    expect(p.speedup.high).toBeCloseTo((0.4 + 12 / 3600) / 0.2, 12);
    expect(p.label).toMatch(/projection.*not a measurement/);
    expect(p.inputs).toMatchObject({
      plan: {
        images_to_process: 1_000_000,
        per_objective: {
          catlip: { gpus: 4, per_gpu_batch: 1000, basis: 'plan', global_batch: 4000 },
          clip: { per_gpu_batch: 1000 },
        },
      },
      embedding_bytes: 4,
    });
    expect(p.assumptions.join('\n')).toMatch(/constant in batch size and dataset size/);
    expect(p.assumptions.join('\n')).toMatch(/500-wide image and text embeddings in fp32/);
    // the difference splits into compute and all-gather, and the all-gather is named as the small part
    const split = p.inputs.difference as {
      compute_hours: { low: number };
      all_gather_hours: { low: number };
      all_gather_share: { low: number; high: number };
    };
    // in GPU-hours: wall hours × the 4 GPUs of each side
    expect(split.compute_hours.low).toBeCloseTo(4 * (p.baseline.compute_hours.low - p.catlip.compute_hours.low), 9);
    expect(split.all_gather_hours.low).toBeCloseTo(4 * p.baseline.communication!.hours.low, 9);
    expect(split.all_gather_share.low).toBeGreaterThan(0);
    expect(split.all_gather_share.high).toBeLessThan(1);
    expect(p.assumptions.join('\n')).toMatch(
      /Of the projected difference in GPU-hours, compute accounts for [\d.]+–[\d.]+ h and CLIP's embedding all-gather for [\d.]+–[\d.]+ h \(\d+%–\d+% of it\): the saving comes from compute/,
    );
  });

  it("fits each objective's per-GPU batch to the GPU's memory: CLIP, with its text tower and similarity matrix, gets a smaller one", () => {
    const MiB = 2 ** 20;
    // hand-made memory: 1 GiB fixed; CatLIP 1 MiB per image; CLIP 2 MiB per image + 24 B per (local, global) pair
    const withMemory = (r: PilotRate, perImage: number, pairs: number): PilotRate => ({
      ...r,
      memory: { fixed_bytes: 1024 * MiB, bytes_per_image: perImage, bytes_per_similarity_pair: pairs },
    });
    const c = withMemory(catlip, MiB, 0);
    const b = withMemory(clip, 2 * MiB, 24);
    const plan = { ...settings.plan, perGpuBatch: null, gpuMemoryGB: 10 };
    const p = projectComparison(c, b, { ...settings, plan });
    // usable 9 GiB − 1 GiB fixed = 8 GiB = 8192 MiB: CatLIP 8192 images; CLIP solves 96·b² + 2 MiB·b ≤ 8 GiB
    expect(p.catlip).toMatchObject({ per_gpu_batch: 8192, per_gpu_batch_basis: 'memory', global_batch: 4 * 8192 });
    const clipBatch = p.baseline.per_gpu_batch;
    const bytes = (x: number) => 1024 * MiB + x * 2 * MiB + 24 * 4 * x * x;
    expect(bytes(clipBatch)).toBeLessThanOrEqual(9 * 2 ** 30);
    expect(bytes(clipBatch + 1)).toBeGreaterThan(9 * 2 ** 30);
    expect(clipBatch).toBeLessThan(8192 / 2);
    expect(p.baseline.per_gpu_batch_basis).toBe('memory');
    expect(p.baseline.memory_gib_per_gpu! * 2 ** 30).toBeCloseTo(bytes(clipBatch), 0);
    // compute per image does not depend on the batch, and the all-gather's total volume hardly does (steps round
    // up): the speed-up stays what it was at the planned batch
    expect(p.speedup.low).toBeCloseTo(projectComparison(catlip, clip, settings).speedup.low, 4);
    expect(p.assumptions.join('\n')).toMatch(
      /Per-GPU batch: CatLIP 8192 images per GPU on 4 GPUs .*, CLIP \d+ on 4 .*largest batch whose estimated memory fits 90% of the plan's 10 GiB GPU/,
    );
    // a planned batch that does not fit is capped, one that fits is kept
    const capped = projectComparison(c, b, { ...settings, plan: { ...plan, perGpuBatch: 5000 } });
    expect(capped.catlip).toMatchObject({ per_gpu_batch: 5000, per_gpu_batch_basis: 'plan' });
    expect(capped.baseline).toMatchObject({ per_gpu_batch: clipBatch, per_gpu_batch_basis: 'capped-by-memory' });
    expect(capped.assumptions.join('\n')).toMatch(/the plan's batch was capped/);
    // a GPU too small for even one image is a clear error, not a zero batch
    expect(() => projectRun(b, { ...settings, plan: { ...plan, gpuMemoryGB: 1 } })).toThrow(
      /needs about [\d.]+ GiB per GPU even at one image.*1 GiB \(--plan-gpu-memory\)/,
    );
  });

  it('lets the baseline train on another number of GPUs and compares GPU-hours, not wall time', () => {
    const p = projectComparison(catlip, clip, { ...settings, plan: { ...settings.plan, baselineGpus: 8 } });
    expect(p.catlip.gpus).toBe(4);
    expect(p.baseline).toMatchObject({ gpus: 8, global_batch: 8000, steps: 125 });
    // the same GPU-hours of compute on twice the GPUs: half the wall time
    expect(p.baseline.compute_hours.at_pilot_rate).toBeCloseTo(0.25, 12);
    // compute ratio 2 at the low end of the ranges, plus the all-gather's GPU-hours
    // (0.25 h·f + comm)·8 GPUs ÷ (0.25 h·f·4 GPUs) = 2 + 8·comm/f, smallest at f = 4/3 and the low comm
    expect(p.baseline.communication!.bytes_per_step_per_gpu).toBe(28_000_000);
    expect(p.speedup.low).toBeCloseTo(2 + (8 * p.baseline.communication!.hours.low) / (4 / 3), 9);
    expect(p.assumptions.join('\n')).toMatch(/different numbers of GPUs, so compare GPU-hours and cost, not wall time/);
  });

  it('without communication (SuperClass) the projected speed-up is the measured compute ratio', () => {
    const superclass: PilotRate = { ...clip, objective: 'superclass', embedDim: null };
    const p = projectComparison(catlip, superclass, settings);
    expect(p.speedup.low).toBeCloseTo(2, 12);
    expect(p.speedup.high).toBeCloseTo(2, 12);
  });
});
