import type { RunConfig } from '../../../shared/training.js';
import type { RunningIdfJson } from '../model/running-idf.js';
import type { TokenizerJson } from '../model/tokenizer.js';
import type { StepResult } from '../model/train-step.js';

/**
 * The seam between the trainer (data, RNG, SQLite, checkpoints, metrics) and the model math (weights,
 * optimizer, forward/backward). The trainer owns every source of randomness and the data order, so a
 * session only ever sees finished batches: the same batches give the same weights wherever the session
 * runs (in process, or in the desktop app's compute window over a MessagePort), and resume stays exact.
 */

/** A named float32 tensor (weights `w:`, Adam moments `m:`/`v:`, EMA `ema:`), as checkpoints store them. */
export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

export interface SessionState {
  tensors: NamedTensor[];
  optimizerStep: number;
  /** SuperClass only: the running IDF statistics the loss weights with. */
  idf?: RunningIdfJson;
}

export interface SessionInit {
  config: RunConfig;
  /** CatLIP: the vocabulary's class count. */
  numClasses?: number;
  /** CLIP / SuperClass: the run's tokenizer (the trainer trains or restores it; it encodes the captions). */
  tokenizer?: TokenizerJson;
  /** A checkpoint's state to continue from. */
  restored?: SessionState;
}

/** One training batch, already augmented and normalised by the trainer. */
export interface SessionBatch {
  /** float32 [B, S, S, 3], S = config.imageSize. */
  images: Float32Array;
  /** CatLIP: each image's synset classes. */
  labels?: Int32Array[];
  /** CLIP / SuperClass: each caption's token ids. */
  tokens?: Int32Array[];
}

export interface ModelSession {
  /** Trainable parameter count. */
  readonly parameters: number;
  /** One optimisation step at 0-based global `step` (it picks the learning rate). */
  step(batch: SessionBatch, step: number): Promise<StepResult>;
  /** A minutes budget fixes the step count after the first steps: the LR schedule follows it. */
  setSchedule(schedule: { totalSteps: number; warmupSteps: number }): Promise<void>;
  exportState(): Promise<SessionState>;
  dispose(): Promise<void>;
}
