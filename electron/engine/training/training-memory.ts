import type { Objective } from '../../shared/training.js';
import { modelParamSpecs } from './model/objectives.js';
import { mlpWidth } from './model/transformer.js';
import { tokenCount, type VitConfig } from './model/vit.js';
import type { TextEncoderConfig } from './model/text-encoder.js';

/**
 * How much device memory fp32 training of one network takes, as a function of the batch: the training
 * estimate (`estimate.ts`) prints it for the planned pilot, and the cost projection uses it to find the
 * largest per-GPU batch that fits a full-scale GPU — which is why CLIP, with its text tower and its
 * local × global similarity matrix, trains with smaller per-GPU batches than CatLIP on the same GPU.
 */

const BYTES = 4; // fp32
/** Weights, gradients, AdamW's two moments. */
const STATE_COPIES = 4;
/**
 * CLIP's logits per GPU: its local images against the global batch's texts and its local texts against the
 * global batch's images (two local × global matrices), each kept as logits, softmax and gradient.
 */
const SIMILARITY_MATRICES = 2;
const SIMILARITY_COPIES = 3;

export interface TrainingMemory {
  /** Weights, gradients and optimiser state: independent of the batch. */
  fixed_bytes: number;
  /** Activations kept for the backward pass, per image (per caption too, for CLIP's text tower). */
  bytes_per_image: number;
  /**
   * CLIP only: bytes per (local image, global image) pair of the similarity matrices — per GPU,
   * local batch × (local batch × GPUs) × this. 0 for objectives that classify locally.
   */
  bytes_per_similarity_pair: number;
}

export interface MemoryNetwork {
  objective: Objective;
  encoder: VitConfig;
  /** CLIP's text tower (vocabSize included); SuperClass uses its vocabSize as the number of classes. */
  text?: TextEncoderConfig;
  /** CatLIP's head size (the vocabulary); SuperClass's is the tokenizer's vocabulary. */
  numClasses?: number;
}

export function parameterCount(network: MemoryNetwork): number {
  const { objective, encoder, text } = network;
  const specs =
    objective === 'clip'
      ? modelParamSpecs({ objective, encoder, text: text! })
      : modelParamSpecs({ objective, encoder, numClasses: network.numClasses! });
  return specs.reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);
}

/** The transformer towers a training step runs: the image encoder, and CLIP's text tower. */
export function towersOf(network: MemoryNetwork): { flops: number; activationFloats: number }[] {
  const { encoder, text } = network;
  const towers = [
    towerCost(
      encoder.width,
      encoder.depth,
      encoder.heads,
      mlpWidth({ ...encoder, activation: 'gelu' }),
      tokenCount(encoder),
    ),
  ];
  if (network.objective === 'clip') {
    towers.push(
      towerCost(text!.width, text!.depth, text!.heads, mlpWidth({ ...text!, activation: 'gelu' }), text!.contextLength),
    );
  }
  return towers;
}

export function trainingMemory(network: MemoryNetwork): TrainingMemory {
  const towers = towersOf(network);
  return {
    fixed_bytes: parameterCount(network) * BYTES * STATE_COPIES,
    bytes_per_image: towers.reduce((s, t) => s + t.activationFloats, 0) * BYTES,
    bytes_per_similarity_pair: network.objective === 'clip' ? SIMILARITY_MATRICES * SIMILARITY_COPIES * BYTES : 0,
  };
}

/** Bytes one GPU holds at `perGpuBatch` images per step on `gpus` GPUs. */
export function memoryAtBatch(m: TrainingMemory, perGpuBatch: number, gpus: number): number {
  return (
    m.fixed_bytes + perGpuBatch * m.bytes_per_image + m.bytes_per_similarity_pair * perGpuBatch * perGpuBatch * gpus
  );
}

/**
 * The largest per-GPU batch whose memory fits in `usableBytes` (0 when not even one image fits): the
 * positive root of pairs·K·b² + perImage·b − (usable − fixed) = 0, rounded down.
 */
export function largestPerGpuBatch(m: TrainingMemory, usableBytes: number, gpus: number): number {
  const room = usableBytes - m.fixed_bytes;
  if (room <= 0) return 0;
  const a = m.bytes_per_similarity_pair * gpus;
  const b = m.bytes_per_image;
  let batch = a === 0 ? Math.floor(room / b) : Math.floor((-b + Math.sqrt(b * b + 4 * a * room)) / (2 * a));
  // the closed form in floating point can land one off either way at the boundary
  while (batch > 0 && memoryAtBatch(m, batch, gpus) > usableBytes) batch -= 1;
  while (memoryAtBatch(m, batch + 1, gpus) <= usableBytes) batch += 1;
  return batch;
}

/**
 * Forward FLOPs and saved activations (floats per image) of a pre-norm transformer tower: per block the
 * QKV, output and MLP matmuls (2·T·d·(4d + 2·mlp)) and the attention's two T×T products (4·T²·d); kept for
 * backward: two LayerNorm outputs, Q/K/V, attention output, projection, MLP hidden before and after the
 * activation, two residual sums, and the softmax input and output per head.
 */
export function towerCost(
  width: number,
  depth: number,
  heads: number,
  mlp: number,
  tokens: number,
): { flops: number; activationFloats: number } {
  const flops = depth * (2 * tokens * width * (4 * width + 2 * mlp) + 4 * tokens * tokens * width);
  const activationFloats = depth * (tokens * (9 * width + 2 * mlp) + 2 * heads * tokens * tokens);
  return { flops, activationFloats };
}
