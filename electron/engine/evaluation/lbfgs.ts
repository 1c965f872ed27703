/**
 * Limited-memory BFGS (Nocedal & Wright, Algorithm 7.4: two-loop recursion) with a backtracking Armijo
 * line search, for the smooth convex problems of evaluation (the linear probe, Transfer Init's scale).
 * Float64 throughout: near the optimum the decrease per step is far below float32 resolution, and a
 * stated tolerance must be reachable for "converged" to mean something.
 */

export interface Objective {
  /** Value and gradient at x (the gradient is written into `gradient`). */
  (x: Float64Array, gradient: Float64Array): number;
}

export interface LbfgsOptions {
  maxIterations: number;
  /** Converged when the largest absolute gradient component is at most this. */
  gradientTolerance: number;
  /** Correction pairs kept (default 10, as scipy's L-BFGS-B). */
  memory?: number;
  /** Called after each iteration: lets a long fit yield to the event loop and honour cancellation. */
  onIteration?: (iteration: number) => void | Promise<void>;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  /** Largest absolute gradient component at x. */
  gradientMax: number;
  iterations: number;
  converged: boolean;
}

const ARMIJO = 1e-4;
const MAX_BACKTRACKS = 40;

export async function minimiseLbfgs(
  objective: Objective,
  x0: Float64Array,
  options: LbfgsOptions,
): Promise<LbfgsResult> {
  const m = options.memory ?? 10;
  const size = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(size);
  let f = objective(x, g);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  let iterations = 0;
  while (iterations < options.maxIterations && maxAbs(g) > options.gradientTolerance) {
    // direction d = −H·g by the two-loop recursion; H₀ = γI with γ = sᵀy / yᵀy of the newest pair
    const d = Float64Array.from(g);
    for (let i = s.length - 1; i >= 0; i--) {
      alpha[i] = rho[i] * dot(s[i], d);
      axpy(-alpha[i], y[i], d);
    }
    const k = s.length - 1;
    const gamma = k >= 0 ? dot(s[k], y[k]) / dot(y[k], y[k]) : 1 / Math.max(1, Math.sqrt(dot(g, g)));
    for (let i = 0; i < size; i++) d[i] *= gamma;
    for (let i = 0; i < s.length; i++) axpy(alpha[i] - rho[i] * dot(y[i], d), s[i], d);
    for (let i = 0; i < size; i++) d[i] = -d[i];
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // not a descent direction (numerical trouble): drop the memory and take a scaled gradient step
      s.length = y.length = rho.length = 0;
      for (let i = 0; i < size; i++) d[i] = -g[i] / Math.max(1, Math.sqrt(dot(g, g)));
      slope = dot(g, d);
    }
    const next = new Float64Array(size);
    const gNext = new Float64Array(size);
    let step = 1;
    let fNext = Number.NaN;
    let accepted = false;
    for (let b = 0; b < MAX_BACKTRACKS; b++) {
      for (let i = 0; i < size; i++) next[i] = x[i] + step * d[i];
      fNext = objective(next, gNext);
      // strictly lower too: where the decrease is below float64 resolution, equal values would pass forever
      if (fNext <= f + ARMIJO * step * slope && fNext < f) {
        accepted = true;
        break;
      }
      step /= 2;
    }
    if (!accepted) break; // no decrease representable any more: the gradient test below says whether that is the optimum
    const sNew = new Float64Array(size);
    const yNew = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      sNew[i] = next[i] - x[i];
      yNew[i] = gNext[i] - g[i];
    }
    const sy = dot(sNew, yNew);
    // keep only pairs with positive curvature, or H would stop being positive definite
    if (sy > 1e-12 * dot(yNew, yNew)) {
      if (s.length === m) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sNew);
      y.push(yNew);
      rho.push(1 / sy);
    }
    x = next;
    g = gNext;
    f = fNext;
    iterations++;
    await options.onIteration?.(iterations);
  }
  const gradientMax = maxAbs(g);
  return { x, value: f, gradientMax, iterations, converged: gradientMax <= options.gradientTolerance };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** out += a·x */
function axpy(a: number, x: Float64Array, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] += a * x[i];
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}
