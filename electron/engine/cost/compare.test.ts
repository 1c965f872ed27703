import { beforeEach, describe, expect, it } from 'vitest';
import { compareRuns } from './compare.js';
import { ComparisonSchema, NOT_MEASURED } from '../../shared/cost.js';
import { measureRun } from './measured.js';
import { getCostSettings } from './settings.js';
import { seedDataset, seedRun } from './seeded-runs.fixture.js';
import { insertEvaluation } from '../evaluation/evaluation-repository.js';
import { useTempHomeDatabase } from '../store/temp-home.fixture.js';

const temp = useTempHomeDatabase('catlip-compare-');
let data: number;
beforeEach(() => {
  data = seedDataset(temp.db);
});

// 100 steps × batch 64 = 6400 images each; CatLIP: 40 s wall, CLIP: 100 s wall
const pair = () => ({
  catlip: seedRun(temp.db, {
    datasetId: data,
    objective: 'catlip',
    dataSeconds: 6,
    computeSeconds: 32,
    checkpointSeconds: 2,
    energyKwh: 0.0064,
  }),
  clip: seedRun(temp.db, {
    datasetId: data,
    objective: 'clip',
    dataSeconds: 6,
    computeSeconds: 90,
    checkpointSeconds: 4,
    energyKwh: null,
  }),
});

describe('measureRun', () => {
  it('splits wall time, gives images/s and GPU-hours, and energy only where measured', () => {
    const { catlip, clip } = pair();
    const m = measureRun(temp.db, catlip);
    expect(m).toMatchObject({
      images: 6400,
      seconds: { data: 6, compute: 32, checkpoint: 2, wall: 40 },
      share: { data: 0.15, compute: 0.8, checkpoint: 0.05 },
      images_per_second: 160,
      compute_images_per_second: 200,
      compute_seconds_per_image: 0.005,
      gpus: 1,
      energy_kwh: 0.0064,
      accelerator: 'gpu',
    });
    expect(m.gpu_hours).toBeCloseTo(40 / 3600, 12);
    expect(m.energy_kwh_per_image).toBeCloseTo(1e-6, 15);
    expect(measureRun(temp.db, clip)).toMatchObject({ energy_kwh: NOT_MEASURED, energy_kwh_per_image: null });
  });

  it('tells a CPU run from a GPU run', () => {
    const cpu = seedRun(temp.db, { datasetId: data, backend: 'cpu', device: 'Intel Xeon (2 cores, tfjs cpu backend)' });
    const lavapipe = seedRun(temp.db, {
      datasetId: data,
      backend: 'webgpu',
      device: 'mesa: llvmpipe (LLVM 19)',
      notes: 'webgpu: software adapter (no GPU found)',
    });
    const nodeCpu = seedRun(temp.db, { datasetId: data, backend: 'tensorflow', device: 'TensorFlow (CPU, tfjs-node)' });
    const wasm = seedRun(temp.db, {
      datasetId: data,
      backend: 'wasm',
      device: 'Intel Xeon (2 cores, tfjs wasm backend, SIMD, 1 thread)',
    });
    const gpu = seedRun(temp.db, { datasetId: data, backend: 'webgpu', device: 'nvidia: NVIDIA H100' });
    expect([cpu, lavapipe, nodeCpu, wasm, gpu].map((id) => measureRun(temp.db, id).accelerator)).toEqual([
      'cpu',
      'cpu',
      'cpu',
      'cpu',
      'gpu',
    ]);
  });
});

describe('compareRuns', () => {
  it('gives measured, projected and both speed-ups, in either run order', () => {
    const { catlip, clip } = pair();
    const c = compareRuns(temp.db, {
      runs: [clip, catlip],
      settings: {
        gpuCostPerHour: 3600,
        electricityPerKwh: 10,
        plan: { images: 64_000, epochs: 1, gpus: 2, bandwidthGBps: 10 },
      },
    });
    expect(c.runs).toEqual({ catlip, baseline: clip });
    expect(c.speedup.measured.wall).toBeCloseTo(2.5, 12);
    expect(c.speedup.measured.compute).toBeCloseTo(90 / 32, 12);
    // pilot cost: 40 s at 3600/h = 40; energy 0.0064 kWh × 10
    expect(c.measured.catlip.gpu_cost).toBeCloseTo(40, 9);
    expect(c.measured.catlip.energy_cost).toBeCloseTo(0.064, 12);
    expect(c.measured.baseline.energy_cost).toBeNull();
    if (!('speedup' in c.projected)) throw new Error('expected a projection');
    // CLIP probe preset: 384-wide joint space; 2 GPUs × batch 64
    expect(c.projected.baseline.communication!.bytes_per_step_per_gpu).toBe(0.5 * 128 * 2 * 384 * 2);
    expect(c.projected.catlip.compute_hours.at_pilot_rate).toBeCloseTo((0.005 * 64_000) / 2 / 3600, 12);
    expect(c.speedup.projected).toEqual(c.projected.speedup);
    expect(c.speedup.projected!.low).toBeGreaterThan(90 / 32);
    expect(c.warnings).toEqual(['energy was measured for only one of the runs: energy costs are not comparable']);
    expect(getCostSettings(temp.db).gpuCostPerHour).toBeNull(); // not saved without save
    // what the channel map would pass on: nothing stripped, nothing lost in JSON
    expect(ComparisonSchema.parse(c)).toEqual(c);
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
  });

  it('names the missing plan inputs instead of projecting, and saves settings with save', () => {
    const { catlip, clip } = pair();
    const c = compareRuns(temp.db, {
      runs: [catlip, clip],
      settings: { currency: 'USD', plan: { gpus: 8 } },
      save: true,
    });
    expect(c.projected).toMatchObject({
      missing: [
        'plan images (--plan-images N)',
        'plan epochs (--plan-epochs E)',
        "interconnect bandwidth for CLIP's all-gather (--bandwidth GBPS)",
      ],
    });
    expect(c.speedup.projected).toBeNull();
    expect(ComparisonSchema.parse(c)).toEqual(c);
    expect(getCostSettings(temp.db)).toMatchObject({ currency: 'USD', plan: { gpus: 8 } });
  });

  it('refuses different image encoders, datasets or batch sizes, naming each difference', () => {
    const catlip = seedRun(temp.db, { datasetId: data, objective: 'catlip', computeSeconds: 10 });
    const otherModel = seedRun(temp.db, {
      datasetId: data,
      objective: 'clip',
      model: 'vit-tiny',
      imageSize: 32,
      computeSeconds: 10,
    });
    expect(() => compareRuns(temp.db, { runs: [catlip, otherModel] })).toThrow(
      `runs ${catlip} (catlip) and ${otherModel} (clip) are not comparable: different image encoders (model probe vs vit-tiny, image size 64 vs 32)`,
    );
    const otherPatch = seedRun(temp.db, { datasetId: data, objective: 'clip', patchSize: 16, computeSeconds: 10 });
    expect(() => compareRuns(temp.db, { runs: [catlip, otherPatch] })).toThrow(
      /different image encoders \(patch size 8 vs 16\)/,
    );
    const other = seedDataset(temp.db, 'web-captions');
    const otherData = seedRun(temp.db, { datasetId: other, objective: 'clip', batch: 32, computeSeconds: 10 });
    expect(() => compareRuns(temp.db, { runs: [catlip, otherData] })).toThrow(
      /different datasets \(pilot-data vs web-captions\); different batch sizes \(64 vs 32\)/,
    );
    // a dataset view (quality filters) is other training data
    const view = { name: 'clean', mode: 'paper' as const, filters: { dropNoClass: true, dropNearDuplicates: true } };
    const onView = seedRun(temp.db, { datasetId: data, objective: 'clip', computeSeconds: 10, view });
    expect(() => compareRuns(temp.db, { runs: [catlip, onView] })).toThrow(
      /different training data \(the whole dataset vs view "clean"\); train both with the same .*--view/,
    );
  });

  it('needs one CatLIP and one baseline run, both completed, and says which is not', () => {
    const { catlip, clip } = pair();
    const catlip2 = seedRun(temp.db, { datasetId: data, objective: 'catlip', computeSeconds: 10 });
    expect(() => compareRuns(temp.db, { runs: [catlip, catlip2] })).toThrow(
      /one CatLIP run and one CLIP or SuperClass run; runs \d+ and \d+ are catlip and catlip/,
    );
    expect(() => compareRuns(temp.db, { runs: [catlip, catlip] })).toThrow(/two different runs/);
    const running = seedRun(temp.db, {
      datasetId: data,
      objective: 'superclass',
      status: 'interrupted',
      steps: 100,
      stepsDone: 40,
      computeSeconds: 10,
    });
    expect(() => compareRuns(temp.db, { runs: [catlip, running] })).toThrow(
      `compare needs completed runs: run ${running} is interrupted (40/100 steps; catlip-pilot resume --run ${running})`,
    );
    expect(() => compareRuns(temp.db, { runs: [catlip, 999] })).toThrow(/no run 999/);
    expect(compareRuns(temp.db, { runs: [catlip, clip] }).runs.baseline).toBe(clip);
  });

  it('refuses runs on different backends or devices unless allowed, and then says so', () => {
    const catlip = seedRun(temp.db, {
      datasetId: data,
      objective: 'catlip',
      computeSeconds: 10,
      backend: 'cpu',
      device: 'Xeon',
    });
    const clip = seedRun(temp.db, { datasetId: data, objective: 'clip', computeSeconds: 20 });
    expect(() => compareRuns(temp.db, { runs: [catlip, clip] })).toThrow(
      /trained on different hardware \(cpu on Xeon vs tensorflow on TensorFlow \(CUDA, tfjs-node-gpu\)\).*--allow-mismatch/,
    );
    const sameBackend = seedRun(temp.db, {
      datasetId: data,
      objective: 'clip',
      computeSeconds: 20,
      backend: 'cpu',
      device: 'EPYC',
    });
    expect(() => compareRuns(temp.db, { runs: [catlip, sameBackend] })).toThrow(/cpu on Xeon vs cpu on EPYC/);

    const allowed = compareRuns(temp.db, { runs: [catlip, clip], allowMismatch: true });
    expect(allowed.hardware_mismatch).toEqual({
      catlip: { backend: 'cpu', device: 'Xeon' },
      baseline: { backend: 'tensorflow', device: 'TensorFlow (CUDA, tfjs-node-gpu)' },
    });
    expect(allowed.warnings[0]).toMatch(/different hardware \(cpu on Xeon vs tensorflow on TensorFlow \(CUDA/);
    expect(allowed.warnings[1]).toMatch(new RegExp(`run ${catlip} did not train on a GPU`));
    const { catlip: a, clip: b } = pair();
    expect(compareRuns(temp.db, { runs: [a, b] }).hardware_mismatch).toBeNull();
  });

  it('gives 95% intervals over seeds for the speed-up and accuracy, and refuses repeats that differ in more than the seed', () => {
    // CatLIP 40 s wall per seed; CLIP 90, 100, 110 s: speed-ups 2.25, 2.5, 2.75
    const pairs = [90, 100, 110].map((clipWall, seed) => {
      const catlip = seedRun(temp.db, { datasetId: data, objective: 'catlip', seed, computeSeconds: 40 });
      const clip = seedRun(temp.db, { datasetId: data, objective: 'clip', seed, computeSeconds: clipWall });
      [
        [catlip, 0.8 + seed * 0.01],
        [clip, 0.78],
      ].forEach(([run, top1]) =>
        insertEvaluation(temp.db, {
          run,
          datasetId: data,
          method: 'linear-probe',
          init: 'random',
          fraction: 1,
          seed: 0,
          settings: { train_items: 40, test_items: 200, backend: 'cpu' },
          top1,
          top5: null,
          perClass: {},
          classes: [],
          confusion: [],
          unmatchedClasses: [],
          seconds: 1,
        }),
      );
      return [catlip, clip] as [number, number];
    });
    const single = compareRuns(temp.db, { runs: pairs[0] });
    expect(single.repeats.speedup.wall).toBeNull();
    expect(single.repeats.speedup_within_noise).toBeNull();
    // one seed: a bootstrap over the 200 test images of each run
    expect(single.repeats.accuracy).toHaveLength(1);
    expect(single.repeats.accuracy[0].difference).toMatchObject({ n: 1, method: 'bootstrap-over-test-images' });
    expect(single.repeats.accuracy[0].within_noise).toBe(true);

    const c = compareRuns(temp.db, { runs: pairs[0], repeats: pairs.slice(1) });
    ComparisonSchema.parse(c);
    expect(c.repeats.pairs).toEqual(pairs);
    const wall = c.repeats.speedup.wall!;
    expect(wall).toMatchObject({ n: 3, method: 't-over-seeds' });
    expect(wall.mean).toBeCloseTo(2.5, 12);
    // s = 0.25, t(2) = 4.303: ±0.621
    expect(wall.high - wall.mean).toBeCloseTo((4.303 * 0.25) / Math.sqrt(3), 4);
    expect(c.repeats.speedup_within_noise).toBe(false);
    const [acc] = c.repeats.accuracy;
    expect(acc).toMatchObject({
      dataset: 'pilot-data',
      method: 'linear-probe',
      init: 'random',
      fraction: 1,
      within_noise: false,
    });
    expect(acc.difference.mean).toBeCloseTo(0.03, 12);
    expect(acc.catlip).toBeCloseTo(0.81, 12);

    const otherBatch = seedRun(temp.db, { datasetId: data, objective: 'clip', seed: 5, batch: 32, computeSeconds: 50 });
    const otherCatlip = seedRun(temp.db, {
      datasetId: data,
      objective: 'catlip',
      seed: 5,
      batch: 32,
      computeSeconds: 20,
    });
    expect(() => compareRuns(temp.db, { runs: pairs[0], repeats: [[otherCatlip, otherBatch]] })).toThrow(
      /not a repeat .*batch differs/,
    );
    expect(() => compareRuns(temp.db, { runs: pairs[0], repeats: [pairs[0]] })).toThrow(/named twice/);
  });

  it('names the pilot network the projection extrapolates from', () => {
    const { catlip, clip } = pair();
    const c = compareRuns(temp.db, {
      runs: [catlip, clip],
      settings: { plan: { images: 1e8, epochs: 1, gpus: 8, bandwidthGBps: 50 } },
    });
    if (!('assumptions' in c.projected)) throw new Error('expected a projection');
    expect(c.projected.assumptions.join('\n')).toContain(
      "pilot network's: image encoder probe (64 px, patch 8, width 384, 6 blocks), CLIP text tower width 384, 6 layers, context length 32.",
    );
  });

  it("fits each objective's per-GPU batch to the plan's GPU memory from the pilot network's memory estimate", () => {
    const { catlip, clip } = pair();
    const c = compareRuns(temp.db, {
      runs: [catlip, clip],
      settings: { plan: { images: 1e9, epochs: 1, gpus: 64, bandwidthGBps: 50, gpuMemoryGB: 1 } },
    });
    if (!('assumptions' in c.projected)) throw new Error('expected a projection');
    const p = c.projected;
    expect(p.catlip.per_gpu_batch_basis).toBe('memory');
    expect(p.baseline.per_gpu_batch_basis).toBe('memory');
    // CLIP carries a text tower and a local × global similarity matrix: a smaller batch fits the same GPU
    expect(p.baseline.per_gpu_batch).toBeLessThan(p.catlip.per_gpu_batch);
    for (const side of [p.catlip, p.baseline]) expect(side.memory_gib_per_gpu!).toBeLessThanOrEqual(0.9);
    expect(p.assumptions.join('\n')).toMatch(/fits 90% of the plan's 1 GiB GPU/);
  });
});
