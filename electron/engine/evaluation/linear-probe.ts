/**
 * Linear probe: multinomial logistic regression on frozen encoder features, trained to convergence. As
 * in the CLIP paper's linear-probe protocol, the L2 strength is chosen on a validation split carved from
 * the training items, then the probe is refitted on all training items with it.
 *
 * Features are standardised with the train subset's per-dimension mean and std (pooled ViT features
 * differ in scale by orders of magnitude between dimensions). The objective, mean cross-entropy +
 * λ/2·‖W‖² (the bias is not penalised), is strictly convex in the kernel for λ > 0, so a probe run to its
 * optimum does not depend on where it started: a random head and Transfer Init end at the same classifier
 * (and the same accuracy). Transfer Init's benefit belongs to short fine-tuning and few labels, where the
 * start point matters. Solved by full-batch L-BFGS in float64 to a stated gradient tolerance; whether
 * it got there is stored with the evaluation.
 *
 * Transfer Init rows are defined on raw features (the CatLIP head saw raw pooled features). The probe
 * works on z = (x − μ) / σ, so the rows are rewritten exactly: x·W + b = z·(σ ⊙ W) + (b + μ·W), i.e.
 * kernel row d scaled by σ_d and bias b + μᵀW. The probe starts as the very same classifier.
 */
import * as tf from '../tfjs.js';
import { holdOut } from './fraction.js';
import { minimiseLbfgs, type Objective } from './lbfgs.js';
import type { LinearHead } from './transfer-init.js';

export interface Standardisation {
  mean: Float32Array;
  std: Float32Array;
}

/** Dimensions whose std is below this are constant: they are centred but not scaled. */
const MIN_STD = 1e-6;

export function fitStandardisation(features: Float32Array, width: number): Standardisation {
  const rows = features.length / width;
  const sum = new Float64Array(width);
  const sumSq = new Float64Array(width);
  for (let r = 0; r < rows; r++) {
    for (let d = 0; d < width; d++) {
      const x = features[r * width + d];
      sum[d] += x;
      sumSq[d] += x * x;
    }
  }
  const mean = new Float32Array(width);
  const std = new Float32Array(width);
  for (let d = 0; d < width; d++) {
    const m = sum[d] / rows;
    const s = Math.sqrt(Math.max(0, sumSq[d] / rows - m * m));
    mean[d] = m;
    std[d] = s < MIN_STD ? 1 : s;
  }
  return { mean, std };
}

export function standardise(features: Float32Array, s: Standardisation): Float32Array {
  const width = s.mean.length;
  const out = new Float32Array(features.length);
  for (let i = 0; i < features.length; i++) {
    const d = i % width;
    out[i] = (features[i] - s.mean[d]) / s.std[d];
  }
  return out;
}

/** The head that gives on standardised features exactly the logits `head` gives on raw features. */
export function headOnStandardised(head: LinearHead, s: Standardisation): LinearHead {
  const { width, classes } = head;
  const kernel = new Float32Array(head.kernel.length);
  const bias = Float32Array.from(head.bias);
  for (let d = 0; d < width; d++) {
    for (let c = 0; c < classes; c++) {
      const w = head.kernel[d * classes + c];
      kernel[d * classes + c] = w * s.std[d];
      bias[c] += s.mean[d] * w;
    }
  }
  return { width, classes, kernel, bias };
}

export interface ProbeOptions {
  /** L-BFGS iterations of the final fit at most (search fits: at most searchIterations). */
  maxIterations: number;
  /**
   * A fit has converged when no gradient component exceeds this times λ. Relative to λ because the
   * objective is λ-strongly convex in the kernel: ‖W − W*‖ ≤ ‖∇‖ / λ, so the same relative tolerance
   * pins the classifier equally tightly at every strength (an absolute one is met by any near-separating
   * head at a small λ, wherever it started).
   */
  gradientTolerance: number;
  /** Seeds the validation split. */
  seed: number;
  /** A fixed L2 strength instead of the validation search. */
  l2?: number;
  /** Fits done of all the search and the final fit will take. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * The CLIP paper sweeps its L2 strength over 1e-6 … 1e6 (sklearn's C); on standardised features and a
 * per-item mean loss, strengths above 10 leave nothing but the bias. Each decade is tried, then the
 * half-decades either side of the best one; below 1e-5 a pilot's few thousand items are fitted as good as
 * unregularised. Gradient tolerance 1e-4·λ: every kernel weight within about 1e-4·√(weights) of the optimum.
 */
export const PROBE_DEFAULTS = {
  maxIterations: 3000,
  gradientTolerance: 1e-4,
  l2Grid: [10, 1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5],
  /** Share of each class's training items held out for choosing the L2 strength (≥ 1 item kept for training). */
  validationShare: 0.2,
  /** When no class has two items to split: a middle strength of the grid. */
  fallbackL2: 1e-2,
  /**
   * Iterations of each search fit at most: the weakest strengths take thousands of iterations to reach a
   * λ-relative tolerance, and ranking strengths needs far less (whether each search fit converged is
   * stored). Only the final fit runs to the tolerance or `maxIterations`.
   */
  searchIterations: 300,
} as const;

/** One fit of the probe to its optimum at one L2 strength. */
export interface ProbeFit {
  head: LinearHead;
  l2: number;
  converged: boolean;
  iterations: number;
  /** Largest absolute gradient component of the objective at the returned head (converged: ≤ tolerance·λ). */
  gradientMax: number;
  /** The objective's value there (mean cross-entropy + λ/2·‖W‖²). */
  objective: number;
}

/** How the probe was trained, as stored with the evaluation. */
export interface ProbeReport {
  solver: string;
  objective: string;
  l2: number;
  l2_chosen_by: 'validation' | 'fixed' | 'fallback (no class has two items to split)';
  validation_items: number;
  /** Each strength tried on the validation split, in the order tried. */
  search: { l2: number; accuracy: number; loss: number; converged: boolean }[];
  converged: boolean;
  iterations: number;
  gradient_max: number;
  gradient_tolerance: number;
  max_iterations: number;
}

/**
 * Trains the probe on standardised `features` [n, width] from `init`: chooses λ on a held-out share of
 * the items (unless fixed), then fits all items from `init` with it.
 */
export async function trainLinearProbe(
  features: Float32Array,
  labels: Int32Array,
  init: LinearHead,
  options: ProbeOptions,
): Promise<{ head: LinearHead; report: ProbeReport }> {
  const { width } = init;
  if (features.length !== labels.length * width)
    throw new RangeError(`probe: ${features.length} feature values for ${labels.length} items of width ${width}`);
  const search: ProbeReport['search'] = [];
  let l2 = options.l2;
  let chosenBy: ProbeReport['l2_chosen_by'] = 'fixed';
  const split = l2 === undefined ? holdOut(labels, PROBE_DEFAULTS.validationShare, options.seed) : undefined;
  const fits = l2 !== undefined || split!.held.length === 0 ? 1 : PROBE_DEFAULTS.l2Grid.length + 3;
  let done = 0;
  const fitted = () => options.onProgress?.(++done, fits);
  if (split && split.held.length === 0) {
    l2 = PROBE_DEFAULTS.fallbackL2;
    chosenBy = 'fallback (no class has two items to split)';
  } else if (split) {
    const fitX = rowsOfItems(features, width, split.kept);
    const fitY = split.kept.map((i) => labels[i]);
    const valX = rowsOfItems(features, width, split.held);
    const valY = split.held.map((i) => labels[i]);
    const tried = new Map<number, { fit: ProbeFit; accuracy: number; loss: number }>();
    const searchOptions = {
      ...options,
      maxIterations: Math.min(options.maxIterations, PROBE_DEFAULTS.searchIterations),
    };
    const tryL2 = async (strength: number, start: LinearHead) => {
      const fit = await fitLinearProbe(fitX, fitY, start, strength, searchOptions);
      const { accuracy, loss } = validationScore(valX, valY, fit.head);
      tried.set(strength, { fit, accuracy, loss });
      search.push({ l2: strength, accuracy, loss, converged: fit.converged });
      fitted();
      return fit.head;
    };
    // strong to weak, each fit warm-started from the previous optimum (the path changes little per decade);
    // the first from a zero head, not from `init`: search fits stop early at weak strengths, and a ranking
    // that depended on the start would let the start choose λ
    let start: LinearHead = {
      width,
      classes: init.classes,
      kernel: new Float32Array(init.kernel.length),
      bias: new Float32Array(init.classes),
    };
    for (const strength of PROBE_DEFAULTS.l2Grid) start = await tryL2(strength, start);
    const best = () => [...tried].reduce((a, b) => (isBetter(b[1], a[1]) ? b : a));
    const [decade, { fit }] = best();
    for (const strength of [decade * Math.sqrt(10), decade / Math.sqrt(10)]) await tryL2(strength, fit.head);
    l2 = best()[0];
    chosenBy = 'validation';
  }
  const final = await fitLinearProbe(features, labels, init, l2!, options);
  fitted();
  return {
    head: final.head,
    report: {
      solver: 'L-BFGS (memory 10, Armijo backtracking), full batch, float64',
      objective: 'mean cross-entropy + λ/2·‖W‖² (bias not penalised)',
      l2: l2!,
      l2_chosen_by: chosenBy,
      validation_items: split?.held.length ?? 0,
      search,
      converged: final.converged,
      iterations: final.iterations,
      gradient_max: final.gradientMax,
      gradient_tolerance: options.gradientTolerance * l2!,
      max_iterations: options.maxIterations,
    },
  };
}

/** Higher validation accuracy wins; on a tie the lower validation loss. */
function isBetter(a: { accuracy: number; loss: number }, b: { accuracy: number; loss: number }): boolean {
  return a.accuracy > b.accuracy || (a.accuracy === b.accuracy && a.loss < b.loss);
}

/** Fits the probe at one L2 strength from `init` to the gradient tolerance (or the iteration cap). */
export async function fitLinearProbe(
  features: Float32Array,
  labels: Int32Array,
  init: LinearHead,
  l2: number,
  options: Pick<ProbeOptions, 'maxIterations' | 'gradientTolerance' | 'signal'>,
): Promise<ProbeFit> {
  const { width, classes } = init;
  const kernelSize = width * classes;
  const start = new Float64Array(kernelSize + classes);
  start.set(init.kernel);
  start.set(init.bias, kernelSize);
  const result = await minimiseLbfgs(probeObjective(features, labels, width, classes, l2), start, {
    maxIterations: options.maxIterations,
    gradientTolerance: options.gradientTolerance * l2,
    onIteration: async (iteration) => {
      if (options.signal?.aborted) throw options.signal.reason ?? new Error('cancelled');
      // a long fit would otherwise never yield: let progress events and cancellation through
      if (iteration % 20 === 0) await new Promise<void>((r) => setImmediate(r));
    },
  });
  return {
    head: {
      width,
      classes,
      kernel: Float32Array.from(result.x.subarray(0, kernelSize)),
      bias: Float32Array.from(result.x.subarray(kernelSize)),
    },
    l2,
    converged: result.converged,
    iterations: result.iterations,
    gradientMax: result.gradientMax,
    objective: result.value,
  };
}

/** Mean cross-entropy + λ/2·‖W‖² over θ = [kernel (row-major [width, classes]), bias], with its gradient. */
function probeObjective(
  features: Float32Array,
  labels: Int32Array,
  width: number,
  classes: number,
  l2: number,
): Objective {
  const n = labels.length;
  const kernelSize = width * classes;
  const z = new Float64Array(classes);
  return (theta, gradient) => {
    gradient.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const row = i * width;
      const y = labels[i];
      const lse = logitsOf(features, row, width, classes, theta, z);
      loss += lse - z[y];
      // z becomes ∂loss/∂logits of this item: (softmax − onehot) / n
      for (let c = 0; c < classes; c++) z[c] = (Math.exp(z[c] - lse) - (c === y ? 1 : 0)) / n;
      for (let d = 0; d < width; d++) {
        const x = features[row + d];
        if (x === 0) continue;
        const base = d * classes;
        for (let c = 0; c < classes; c++) gradient[base + c] += x * z[c];
      }
      for (let c = 0; c < classes; c++) gradient[kernelSize + c] += z[c];
    }
    loss /= n;
    for (let k = 0; k < kernelSize; k++) {
      loss += (l2 / 2) * theta[k] * theta[k];
      gradient[k] += l2 * theta[k];
    }
    return loss;
  };
}

/** Writes item `row`'s logits into z and returns their log-sum-exp. θ as in probeObjective. */
function logitsOf(
  features: Float32Array,
  row: number,
  width: number,
  classes: number,
  theta: ArrayLike<number>,
  z: Float64Array,
  biasAt = width * classes,
): number {
  for (let c = 0; c < classes; c++) z[c] = theta[biasAt + c];
  for (let d = 0; d < width; d++) {
    const x = features[row + d];
    if (x === 0) continue;
    const base = d * classes;
    for (let c = 0; c < classes; c++) z[c] += x * theta[base + c];
  }
  let max = -Infinity;
  for (let c = 0; c < classes; c++) max = Math.max(max, z[c]);
  let sum = 0;
  for (let c = 0; c < classes; c++) sum += Math.exp(z[c] - max);
  return max + Math.log(sum);
}

/** Top-1 accuracy (ties to the lower class, as metrics.ts) and mean cross-entropy of a head. */
function validationScore(
  features: Float32Array,
  labels: Int32Array,
  head: LinearHead,
): { accuracy: number; loss: number } {
  const theta = new Float64Array(head.kernel.length + head.classes);
  theta.set(head.kernel);
  theta.set(head.bias, head.kernel.length);
  const z = new Float64Array(head.classes);
  let correct = 0;
  let loss = 0;
  for (let i = 0; i < labels.length; i++) {
    const lse = logitsOf(features, i * head.width, head.width, head.classes, theta, z);
    loss += lse - z[labels[i]];
    let best = 0;
    for (let c = 1; c < head.classes; c++) if (z[c] > z[best]) best = c;
    if (best === labels[i]) correct++;
  }
  return { accuracy: correct / labels.length, loss: loss / labels.length };
}

function rowsOfItems(features: Float32Array, width: number, items: Int32Array): Float32Array {
  const out = new Float32Array(items.length * width);
  items.forEach((item, r) => out.set(features.subarray(item * width, (item + 1) * width), r * width));
  return out;
}

/** Logits [n, classes] of a linear head on features [n, width], read back asynchronously. */
export async function linearScores(features: Float32Array, head: LinearHead): Promise<Float32Array> {
  const n = features.length / head.width;
  const logits = tf.tidy(() =>
    tf.add(
      tf.matMul(tf.tensor2d(features, [n, head.width]), tf.tensor2d(head.kernel, [head.width, head.classes])),
      tf.tensor1d(head.bias),
    ),
  );
  try {
    return (await logits.data()) as Float32Array;
  } finally {
    logits.dispose();
  }
}
