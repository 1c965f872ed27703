/**
 * Named trainable variables. Every parameter is declared as a {@link ParamSpec} (name, shape, init)
 * before anything is allocated, so parameter counts can be checked without building a model and the
 * trainer can save, restore and decay-mask variables by their stable names (e.g.
 * `image/blocks/0/attn/qkv/kernel`).
 *
 * Init is drawn in JS from a generator seeded by (seed, name): the values of a variable depend only
 * on the run seed and its name, never on creation order or backend. That is what makes the CatLIP
 * and CLIP image encoders bit-identical at step 0 for the same seed.
 */
import * as tf from '../../tfjs.js';
import { Rng } from './rng.js';

export type ParamInit =
  /** Normal(0, std) redrawn outside ±2 std, as CoreNet/timm ViTs use with std 0.02. */
  | { kind: 'truncnormal'; std: number }
  /** Normal(0, std), untruncated (open_clip's text tower and projections). */
  | { kind: 'normal'; std: number }
  | { kind: 'zeros' }
  | { kind: 'ones' }
  | { kind: 'constant'; value: number };

export interface ParamSpec {
  name: string;
  shape: number[];
  init: ParamInit;
}

/** Standard init for ViT/transformer weights (CoreNet and timm: trunc_normal std 0.02). */
export const TRUNC_NORMAL_002: ParamInit = { kind: 'truncnormal', std: 0.02 };
export const ZEROS: ParamInit = { kind: 'zeros' };
export const ONES: ParamInit = { kind: 'ones' };

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Total number of scalars in a list of specs. */
export function countParameters(specs: readonly ParamSpec[]): number {
  return specs.reduce((total, s) => total + sizeOf(s.shape), 0);
}

/** The initial values of one parameter, deterministic in (seed, spec.name). */
export function initialValues(spec: ParamSpec, seed: number): Float32Array {
  const values = new Float32Array(sizeOf(spec.shape));
  const init = spec.init;
  switch (init.kind) {
    case 'zeros':
      return values;
    case 'ones':
      return values.fill(1);
    case 'constant':
      return values.fill(init.value);
    case 'truncnormal': {
      const rng = Rng.forName(seed, spec.name);
      for (let i = 0; i < values.length; i++) {
        let z = rng.normal();
        while (z < -2 || z > 2) z = rng.normal();
        values[i] = z * init.std;
      }
      return values;
    }
    case 'normal': {
      const rng = Rng.forName(seed, spec.name);
      for (let i = 0; i < values.length; i++) values[i] = rng.normal() * init.std;
      return values;
    }
  }
}

/**
 * An ordered map from stable names to tf.Variables. The tf.Variable's own (engine-global) name is
 * left to tfjs, because tfjs refuses two variables with the same name and two models of the same
 * shape may coexist (e.g. CatLIP and CLIP in one comparison).
 */
export class ParamStore {
  private readonly byName = new Map<string, tf.Variable>();
  private readonly nameByVariable = new Map<string, string>();

  /** Allocates one variable per spec; names must be unique within the store. */
  static create(specs: readonly ParamSpec[], seed: number): ParamStore {
    const store = new ParamStore();
    for (const spec of specs) store.add(spec, seed);
    return store;
  }

  private add(spec: ParamSpec, seed: number): void {
    if (this.byName.has(spec.name)) throw new Error(`duplicate parameter name ${spec.name}`);
    // tidy frees the initial tensor; the variable keeps its data.
    const variable = tf.tidy(() => tf.variable(tf.tensor(initialValues(spec, seed), spec.shape, 'float32'), true));
    this.byName.set(spec.name, variable);
    this.nameByVariable.set(variable.name, spec.name);
  }

  /** The variable with this stable name; throws on a typo so a wiring mistake fails loudly. */
  get(name: string): tf.Variable {
    const v = this.byName.get(name);
    if (!v) throw new Error(`no parameter named ${name}`);
    return v;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Stable names in creation order. */
  names(): string[] {
    return [...this.byName.keys()];
  }

  entries(): [string, tf.Variable][] {
    return [...this.byName.entries()];
  }

  variables(): tf.Variable[] {
    return [...this.byName.values()];
  }

  /** Maps tfjs's internal variable name (as used by tf.variableGrads) back to the stable name. */
  stableName(variable: tf.Variable): string {
    const name = this.nameByVariable.get(variable.name);
    if (name === undefined) throw new Error(`variable ${variable.name} is not in this store`);
    return name;
  }

  count(): number {
    return this.variables().reduce((total, v) => total + v.size, 0);
  }

  /** Reads every variable as named Float32Arrays (for checkpoints). */
  async exportValues(): Promise<Record<string, Float32Array>> {
    const out: Record<string, Float32Array> = {};
    for (const [name, v] of this.byName) out[name] = (await v.data()) as Float32Array;
    return out;
  }

  /** Restores variables from named Float32Arrays; every variable must be present with its size. */
  importValues(values: Readonly<Record<string, Float32Array>>): void {
    for (const [name, v] of this.byName) {
      const data = values[name];
      if (!data) throw new Error(`checkpoint lacks parameter ${name}`);
      if (data.length !== v.size) throw new Error(`parameter ${name}: expected ${v.size} values, got ${data.length}`);
      tf.tidy(() => v.assign(tf.tensor(data, v.shape, 'float32')));
    }
  }

  dispose(): void {
    for (const v of this.byName.values()) v.dispose();
    this.byName.clear();
    this.nameByVariable.clear();
  }
}
