/**
 * Exponential moving average of the weights, CoreNet style: after every update
 * shadow = (1 - momentum) * shadow + momentum * weight (CatLIP uses momentum 0.0005).
 * Evaluations can run on the averaged weights through withAveragedWeights().
 */
import * as tf from '../../tfjs.js';
import type { ParamStore } from './params.js';

export class Ema {
  private readonly shadow = new Map<string, tf.Variable>();

  constructor(
    private readonly params: ParamStore,
    readonly momentum: number,
  ) {
    if (!(momentum > 0 && momentum <= 1)) throw new RangeError('EMA momentum must be in (0, 1]');
    for (const [name, v] of params.entries()) this.shadow.set(name, tf.variable(v, false));
  }

  update(): void {
    tf.tidy(() => {
      for (const [name, v] of this.params.entries()) {
        const s = this.shadow.get(name)!;
        s.assign(tf.add(tf.mul(s, 1 - this.momentum), tf.mul(v, this.momentum)));
      }
    });
  }

  /** Runs fn with the averaged weights loaded into the model, then restores the trained weights. */
  async withAveragedWeights<T>(fn: () => T | Promise<T>): Promise<T> {
    const saved = this.params.entries().map(([name, v]) => [name, v.clone()] as const);
    try {
      for (const [name, v] of this.params.entries()) v.assign(this.shadow.get(name)!);
      return await fn();
    } finally {
      for (const [name, value] of saved) {
        this.params.get(name).assign(value);
        value.dispose();
      }
    }
  }

  async exportValues(): Promise<Record<string, Float32Array>> {
    const out: Record<string, Float32Array> = {};
    for (const [name, s] of this.shadow) out[name] = (await s.data()) as Float32Array;
    return out;
  }

  importValues(values: Readonly<Record<string, Float32Array>>): void {
    for (const [name, s] of this.shadow) {
      const data = values[name];
      if (!data || data.length !== s.size) throw new Error(`EMA state lacks or mis-sizes ${name}`);
      tf.tidy(() => s.assign(tf.tensor(data, s.shape, 'float32')));
    }
  }

  dispose(): void {
    for (const s of this.shadow.values()) s.dispose();
    this.shadow.clear();
  }
}
