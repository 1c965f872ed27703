import { describe, expect, it } from 'vitest';
import { minimiseLbfgs, type Objective } from './lbfgs.js';

describe('L-BFGS', () => {
  it('finds the minimum of an ill-conditioned quadratic to the gradient tolerance', async () => {
    // f(x) = Σ k·(x_k − k)² / 2 over k = 1 … 50 (condition number 50): minimum at x_k = k
    const objective: Objective = (x, g) => {
      let f = 0;
      x.forEach((v, i) => {
        const k = i + 1;
        f += (k * (v - k) ** 2) / 2;
        g[i] = k * (v - k);
      });
      return f;
    };
    const r = await minimiseLbfgs(objective, new Float64Array(50), { maxIterations: 500, gradientTolerance: 1e-9 });
    expect(r.converged).toBe(true);
    expect(r.gradientMax).toBeLessThanOrEqual(1e-9);
    r.x.forEach((v, i) => expect(v).toBeCloseTo(i + 1, 8));
  });

  it('solves the Rosenbrock valley and says so; stops unconverged at its iteration cap', async () => {
    const rosenbrock: Objective = ([a, b], g) => {
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    };
    const r = await minimiseLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), {
      maxIterations: 1000,
      gradientTolerance: 1e-8,
    });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
    const capped = await minimiseLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), {
      maxIterations: 3,
      gradientTolerance: 1e-8,
    });
    expect(capped).toMatchObject({ converged: false, iterations: 3 });
  });
});
