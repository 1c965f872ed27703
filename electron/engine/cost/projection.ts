import type { RunConfig } from '../../shared/training.js';
import { engineNote } from '../../shared/engine-notes.js';
import {
  PROJECTION_LABEL,
  type CostSettings,
  type Plan,
  type Projection,
  type Range,
  type RunProjection,
} from '../../shared/cost.js';
import { noteError } from '../../shared/errors.js';
import { largestPerGpuBatch, memoryAtBatch, type TrainingMemory } from '../training/training-memory.js';
import { formatMoney } from './settings.js';

/**
 * Projection from a pilot to the full-scale plan — a model, not a measurement, and labelled so.
 *
 * Compute: the pilot's measured compute seconds per image × images to process ÷ GPUs. Communication:
 * CLIP's contrastive loss all-gathers every GPU's image and text embeddings each step (CoreNet
 * loss_fn/multi_modal_img_text/contrastive_loss_clip.py, gather_features); a ring all-gather moves
 * (K−1)/K × global batch × 2 embeddings × width × bytes through each GPU's link. The gather is
 * differentiable, so the backward pass sends a tensor of the same size back (reduce-scatter): the low end
 * counts the forward gather at the high bandwidth efficiency, the high end both passes at the low one.
 * CatLIP and SuperClass classify locally and exchange no embeddings. Ranges come from the throughput
 * variation (applied to compute time) and the bandwidth efficiency range (applied to communication).
 */

export const BYTES_PER_ELEMENT = { bf16: 2, fp32: 4 } as const;
/** Share of a GPU's memory training may fill (the rest: the framework's context, allocator slack, workspaces). */
export const USABLE_MEMORY_SHARE = 0.9;
const GIB = 2 ** 30;

/** What the projection needs from a measured pilot run. */
export interface PilotRate {
  run: number;
  objective: RunConfig['objective'];
  /** Measured compute seconds per image on the pilot's one device. */
  computeSecondsPerImage: number;
  /** Measured energy per image (kWh), or null where not measured. */
  energyKwhPerImage: number | null;
  /** The pilot's batch: the per-GPU batch when the plan does not set one. */
  batch: number;
  /** Width of each of CLIP's image and text embeddings; null where the objective gathers none. */
  embedDim: number | null;
  /** The pilot network whose compute ratio the projection extrapolates (the text tower: CLIP only). */
  network?: PilotNetwork;
  /** The pilot network's fp32 training memory (training-memory.ts): how large a per-GPU batch fits. */
  memory?: TrainingMemory;
}

export interface PilotNetwork {
  model: string;
  imageSize: number;
  patchSize: number;
  width: number;
  depth: number;
  text: { width: number; depth: number; contextLength: number } | null;
}

/** CLIP's wall time minus CatLIP's at both ends, and how much of it is compute and how much CLIP's all-gather. */
export interface DifferenceSplit {
  compute_hours: Range;
  all_gather_hours: Range;
  /** All-gather ÷ the whole difference at each end; null where CatLIP is not the faster one. */
  all_gather_share: Range | null;
}

export type ProjectionSettings = Pick<
  CostSettings,
  | 'currency'
  | 'gpuCostPerHour'
  | 'electricityPerKwh'
  | 'plan'
  | 'embeddingPrecision'
  | 'throughputVariation'
  | 'bandwidthEfficiency'
>;

/** Ring all-gather bytes through one GPU per pass: (K−1)/K × global batch × 2 embeddings × width × bytes. */
export function allGatherBytesPerStep(p: {
  gpus: number;
  globalBatch: number;
  embedDim: number;
  bytesPerElement: number;
}): number {
  return ((p.gpus - 1) / p.gpus) * p.globalBatch * 2 * p.embedDim * p.bytesPerElement;
}

/** Plan inputs the projection cannot do without, with the CLI option that sets each. */
export function missingPlanInputs(plan: Plan, needsBandwidth: boolean): string[] {
  const missing: string[] = [];
  if (plan.images === null) missing.push(engineNote('projection.missing.images'));
  if (plan.epochs === null) missing.push(engineNote('projection.missing.epochs'));
  if (plan.gpus === null) missing.push(engineNote('projection.missing.gpus'));
  if (needsBandwidth && plan.gpus !== null && plan.gpus > 1 && plan.bandwidthGBps === null) {
    missing.push(engineNote('projection.missing.bandwidth'));
  }
  return missing;
}

/** GPUs an objective trains on: the baseline may be given its own count (CLIP's memory limit). */
export function gpusFor(objective: RunConfig['objective'], plan: Plan): number {
  return objective !== 'catlip' && plan.baselineGpus != null ? plan.baselineGpus : plan.gpus!;
}

/**
 * The per-GPU batch an objective trains with at full scale: the plan's, else the pilot's — and where the plan
 * names the GPU's memory, no more than the largest batch whose estimated memory fits it (without a planned
 * batch: that largest batch, but no more than one epoch's share per GPU).
 */
export function perGpuBatchFor(
  pilot: PilotRate,
  plan: Plan,
  gpus: number,
  images: number,
): { batch: number; basis: RunProjection['per_gpu_batch_basis'] } {
  const memoryGiB = plan.gpuMemoryGB ?? null;
  if (memoryGiB === null || !pilot.memory) {
    return plan.perGpuBatch === null
      ? { batch: pilot.batch, basis: 'pilot' }
      : { batch: plan.perGpuBatch, basis: 'plan' };
  }
  const largest = largestPerGpuBatch(pilot.memory, memoryGiB * GIB * USABLE_MEMORY_SHARE, gpus);
  if (largest === 0) {
    const needs = memoryAtBatch(pilot.memory, 1, gpus) / GIB / USABLE_MEMORY_SHARE;
    throw noteError(
      'invalid-request',
      'projection.noMemory',
      { objective: pilot.objective, run: pilot.run, gib: needs.toPrecision(3), memory: memoryGiB },
      { field: 'planGpuMemory' },
    );
  }
  if (plan.perGpuBatch === null) return { batch: Math.min(largest, Math.ceil(images / gpus)), basis: 'memory' };
  return plan.perGpuBatch > largest
    ? { batch: largest, basis: 'capped-by-memory' }
    : { batch: plan.perGpuBatch, basis: 'plan' };
}

export function projectRun(pilot: PilotRate, settings: ProjectionSettings): RunProjection {
  const { plan } = settings;
  const missing = missingPlanInputs(plan, pilot.embedDim !== null);
  if (missing.length) throw new RangeError(`projection needs ${missing.join(', ')}`);
  if (!(pilot.computeSecondsPerImage > 0)) throw new RangeError(`run ${pilot.run} has no measured compute time`);
  const gpus = gpusFor(pilot.objective, plan);
  const images = plan.images! * plan.epochs!;
  const perGpu = perGpuBatchFor(pilot, plan, gpus, images);
  const globalBatch = perGpu.batch * gpus;
  const steps = Math.ceil(images / globalBatch);
  const v = settings.throughputVariation;
  // throughput ±v: time ÷ (1 + v) at best, ÷ (1 − v) at worst
  const fast = 1 / (1 + v);
  const slow = 1 / (1 - v);

  const computeHours = (pilot.computeSecondsPerImage * images) / gpus / 3600;
  let communication: RunProjection['communication'] = null;
  if (pilot.embedDim !== null) {
    const bytes = allGatherBytesPerStep({
      gpus,
      globalBatch,
      embedDim: pilot.embedDim,
      bytesPerElement: BYTES_PER_ELEMENT[settings.embeddingPrecision],
    });
    const bandwidth = (plan.bandwidthGBps ?? Infinity) * 1e9;
    const eff = settings.bandwidthEfficiency;
    const hours = (passes: number, efficiency: number) =>
      bytes === 0 ? 0 : (steps * passes * bytes) / (bandwidth * efficiency) / 3600;
    communication = { bytes_per_step_per_gpu: bytes, hours: { low: hours(1, eff.high), high: hours(2, eff.low) } };
  }
  const comm = communication?.hours ?? { low: 0, high: 0 };
  const wall = { low: computeHours * fast + comm.low, high: computeHours * slow + comm.high };
  const gpuHours = { low: wall.low * gpus, high: wall.high * gpus };

  const notes: string[] = [];
  const price = settings.gpuCostPerHour;
  const gpuCost = price === null ? null : scale(gpuHours, price);
  if (price === null) notes.push(engineNote('projection.noGpuPrice'));
  // energy during communication is not in the per-image figure: compute time only
  const energy =
    pilot.energyKwhPerImage === null
      ? null
      : { low: pilot.energyKwhPerImage * images * fast, high: pilot.energyKwhPerImage * images * slow };
  let energyCost: Range | null = null;
  if (energy === null) notes.push(engineNote('projection.energyNotMeasured'));
  else if (settings.electricityPerKwh === null) notes.push(engineNote('projection.noElectricityPrice'));
  else energyCost = scale(energy, settings.electricityPerKwh);
  const total =
    gpuCost && (energyCost ? { low: gpuCost.low + energyCost.low, high: gpuCost.high + energyCost.high } : gpuCost);

  return {
    run: pilot.run,
    objective: pilot.objective,
    images,
    gpus,
    per_gpu_batch: perGpu.batch,
    per_gpu_batch_basis: perGpu.basis,
    memory_gib_per_gpu: pilot.memory ? memoryAtBatch(pilot.memory, perGpu.batch, gpus) / GIB : null,
    global_batch: globalBatch,
    steps,
    compute_hours: { low: computeHours * fast, at_pilot_rate: computeHours, high: computeHours * slow },
    communication,
    wall_hours: wall,
    gpu_hours: gpuHours,
    gpu_cost: gpuCost,
    energy_kwh: energy ?? 'not measured',
    energy_cost: energyCost,
    total_cost: total,
    total_cost_text: total ? formatRange(total, settings.currency) : null,
    cost_notes: notes,
  };
}

export function projectComparison(catlip: PilotRate, baseline: PilotRate, settings: ProjectionSettings): Projection {
  const c = projectRun(catlip, settings);
  const b = projectRun(baseline, settings);
  const v = settings.throughputVariation;
  // the same GPU model runs both: one throughput factor for both, crossed with either end of communication;
  // GPU-hours, not wall hours, because the two may train on different numbers of GPUs
  const ratios = [1 / (1 + v), 1 / (1 - v)].flatMap((f) =>
    [b.communication?.hours.low ?? 0, b.communication?.hours.high ?? 0].map(
      (comm) => ((b.compute_hours.at_pilot_rate * f + comm) * b.gpus) / (c.compute_hours.at_pilot_rate * f * c.gpus),
    ),
  );
  return {
    label: PROJECTION_LABEL,
    catlip: c,
    baseline: b,
    speedup: { low: Math.min(...ratios), high: Math.max(...ratios) },
    inputs: {
      plan: {
        ...settings.plan,
        images_to_process: c.images,
        per_objective: Object.fromEntries(
          [c, b].map((r) => [
            r.objective,
            {
              gpus: r.gpus,
              per_gpu_batch: r.per_gpu_batch,
              basis: r.per_gpu_batch_basis,
              global_batch: r.global_batch,
              steps: r.steps,
              memory_gib_per_gpu: r.memory_gib_per_gpu,
            },
          ]),
        ),
      },
      currency: settings.currency,
      gpu_cost_per_hour: settings.gpuCostPerHour,
      electricity_per_kwh: settings.electricityPerKwh,
      embedding_precision: settings.embeddingPrecision,
      embedding_bytes: BYTES_PER_ELEMENT[settings.embeddingPrecision],
      throughput_variation: settings.throughputVariation,
      bandwidth_efficiency: settings.bandwidthEfficiency,
      pilot: Object.fromEntries(
        [catlip, baseline].map((p) => [
          p.objective,
          {
            run: p.run,
            compute_seconds_per_image: p.computeSecondsPerImage,
            energy_kwh_per_image: p.energyKwhPerImage,
            embed_dim: p.embedDim,
            network: p.network ?? null,
          },
        ]),
      ),
      difference: differenceSplit(c, b),
    },
    assumptions: projectionAssumptions(settings, baseline, {
      network: baseline.network ?? catlip.network ?? null,
      difference: differenceSplit(c, b),
      batch: batchSplit(c, b),
    }),
  };
}

/**
 * How the projected difference in GPU-hours splits into compute and CLIP's all-gather, so that nobody reads
 * the saving as coming from communication (the all-gather is small next to the compute difference).
 */
export function differenceSplit(catlip: RunProjection, baseline: RunProjection): DifferenceSplit {
  const k = baseline.gpus;
  const comm = scale(baseline.communication?.hours ?? { low: 0, high: 0 }, k);
  const compute = {
    low: baseline.compute_hours.low * k - catlip.compute_hours.low * catlip.gpus,
    high: baseline.compute_hours.high * k - catlip.compute_hours.high * catlip.gpus,
  };
  const total = { low: compute.low + comm.low, high: compute.high + comm.high };
  return {
    compute_hours: compute,
    all_gather_hours: comm,
    all_gather_share:
      total.low > 0 && total.high > 0 ? { low: comm.low / total.low, high: comm.high / total.high } : null,
  };
}

/** "vit-tiny (32 px, patch 8, width 64, 2 blocks); CLIP text tower width 64, 2 layers, context 16". */
export function describeNetwork(n: PilotNetwork): string {
  return (
    `image encoder ${n.model} (${n.imageSize} px, patch ${n.patchSize}, width ${n.width}, ${n.depth} blocks)` +
    (n.text
      ? `, CLIP text tower width ${n.text.width}, ${n.text.depth} layers, context length ${n.text.contextLength}`
      : '')
  );
}

/** Each side's GPUs, per-GPU batch, where that batch comes from and its estimated memory: the batch assumption's inputs. */
export interface BatchSplit {
  catlip: { gpus: number; perGpuBatch: number; memoryGiB: number | null };
  baseline: { objective: RunConfig['objective']; gpus: number; perGpuBatch: number; memoryGiB: number | null };
  basis: RunProjection['per_gpu_batch_basis'][];
  gpuMemoryGiB: number | null;
}

function batchSplit(c: RunProjection, b: RunProjection, gpuMemoryGiB: number | null = null): BatchSplit {
  return {
    catlip: { gpus: c.gpus, perGpuBatch: c.per_gpu_batch, memoryGiB: c.memory_gib_per_gpu },
    baseline: { objective: b.objective, gpus: b.gpus, perGpuBatch: b.per_gpu_batch, memoryGiB: b.memory_gib_per_gpu },
    basis: [c.per_gpu_batch_basis, b.per_gpu_batch_basis],
    gpuMemoryGiB,
  };
}

/** The batch and GPU-count assumption, in English (report/text-ja.ts words the same inputs in Japanese). */
export function describeBatchSplit(s: BatchSplit): string {
  const name = s.baseline.objective === 'clip' ? 'CLIP' : 'SuperClass';
  const gib = (x: number | null) => (x === null ? 'not estimated' : `${Number(x.toPrecision(3))} GiB`);
  const gpus = (n: number) => `${n} GPU${n === 1 ? '' : 's'}`;
  const sides = `CatLIP ${s.catlip.perGpuBatch} images per GPU on ${gpus(s.catlip.gpus)} (${gib(s.catlip.memoryGiB)} per GPU), ${name} ${s.baseline.perGpuBatch} on ${s.baseline.gpus} (${gib(s.baseline.memoryGiB)})`;
  const fits =
    s.gpuMemoryGiB === null
      ? "The batch is not checked against a GPU's memory (set the plan's GPU memory to find each objective's largest batch)."
      : `Where the plan's batch is not set or does not fit, each objective uses the largest batch whose estimated memory fits ${USABLE_MEMORY_SHARE * 100}% of the plan's ${s.gpuMemoryGiB} GiB GPU${s.basis.includes('capped-by-memory') ? " (the plan's batch was capped)" : ''}.`;
  return `Per-GPU batch: ${sides}. Memory is the fp32 estimate for the pilot network (weights, gradients, AdamW state, activations kept for the backward pass${s.baseline.objective === 'clip' ? ", and CLIP's text tower and local × global similarity matrices" : ''}). ${fits} Compute per image is taken as independent of the batch: the batch changes the number of steps and CLIP's all-gather per step, not the compute hours${s.catlip.gpus !== s.baseline.gpus ? '; the two train on different numbers of GPUs, so compare GPU-hours and cost, not wall time' : ''}.`;
}

function projectionAssumptions(
  settings: ProjectionSettings,
  baseline: PilotRate,
  extra: { network: PilotNetwork | null; difference: DifferenceSplit; batch: BatchSplit },
): string[] {
  const v = Math.round(settings.throughputVariation * 100);
  const eff = settings.bandwidthEfficiency;
  const h = (x: number) => Number(x.toPrecision(3)).toString();
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const d = extra.difference;
  return [
    "Compute time per image is the pilot's, constant in batch size and dataset size, on GPUs of the pilot's model.",
    ...(extra.network
      ? [
          `The CLIP/CatLIP compute ratio is the pilot network's: ${describeNetwork(extra.network)}. A full-scale network of another size (e.g. ViT-B/16 at 224 px with CLIP's 12-layer, 77-token text tower) has its own ratio; pilot that network to project it.`,
        ]
      : []),
    describeBatchSplit({ ...extra.batch, gpuMemoryGiB: settings.plan.gpuMemoryGB ?? null }),
    `Of the projected difference in GPU-hours, compute accounts for ${h(d.compute_hours.low)}–${h(d.compute_hours.high)} h and CLIP's embedding all-gather for ${h(d.all_gather_hours.low)}–${h(d.all_gather_hours.high)} h${d.all_gather_share ? ` (${pct(d.all_gather_share.low)}–${pct(d.all_gather_share.high)} of it)` : ''}: the saving comes from compute, not from communication.`,
    'Compute scales linearly across GPUs; only the embedding all-gather is modelled as communication. The weight-gradient all-reduce (which DDP overlaps with the backward pass) and collective latency are not modelled.',
    `Throughput at scale may differ by ±${v}% from the pilot: compute time ranges from ÷${(1 + settings.throughputVariation).toFixed(2)} to ÷${(1 - settings.throughputVariation).toFixed(2)}.`,
    baseline.embedDim !== null
      ? `CLIP all-gathers ${baseline.embedDim}-wide image and text embeddings in ${settings.embeddingPrecision} each step (ring: (K−1)/K × global batch × 2 × width × bytes per GPU), not overlapped with compute; low: forward gather at ${Math.round(eff.high * 100)}% of the stated bandwidth; high: forward gather + backward reduce-scatter at ${Math.round(eff.low * 100)}%.`
      : 'The baseline (SuperClass) classifies locally like CatLIP: no embedding all-gather.',
    "CLIP's similarity matrix grows with the global batch (local batch × global batch per GPU); its extra compute is not in the per-image figure.",
    "Data loading and checkpointing are not projected: at scale they run in parallel workers (CoreNet dataset.workers) and overlap compute; the pilot's shares are reported under measured.",
    "Energy scales with compute time at the pilot's measured power per image; energy during communication is not included. Leave the electricity price unset if the GPU price already includes power.",
    'For reference, the CatLIP paper (Fig. 1) reports CatLIP needing 0.37× the GPU-hours of CLIP for ViT-B/16 at batch 65k (≈2.7× faster).',
  ];
}

function scale(r: Range, factor: number): Range {
  return { low: r.low * factor, high: r.high * factor };
}

export function formatRange(r: Range, currency: string, locale?: string): string {
  const low = formatMoney(r.low, currency, locale);
  const high = formatMoney(r.high, currency, locale);
  return low === high ? low : `${low}–${high}`;
}
