import { hashString, Rng } from './model/rng.js';
import { noteError } from '../../shared/errors.js';

/** Where a run is in its data: which epoch's permutation, and how far into it. Saved in checkpoints. */
export interface DataPosition {
  epoch: number;
  cursor: number;
}

/**
 * Seeded epoch-wise shuffling without replacement. Each epoch's permutation is a pure function of
 * (seed, epoch), so a resumed run needs only the position to draw exactly the batches an uninterrupted
 * run would have drawn. The last incomplete batch of an epoch is dropped (fixed batch shapes).
 */
export class BatchSampler {
  private order: Int32Array;
  private position: DataPosition = { epoch: 0, cursor: 0 };

  constructor(
    readonly count: number,
    readonly batchSize: number,
    readonly seed: number,
  ) {
    if (batchSize < 1) throw new Error('batch size must be at least 1');
    if (count < batchSize)
      throw noteError(
        'invalid-request',
        'train.batchOverItems',
        { batch: batchSize, count, max: Math.max(1, count) },
        { field: 'batch' },
      );
    this.order = permutation(count, seed, 0);
  }

  get batchesPerEpoch(): number {
    return Math.floor(this.count / this.batchSize);
  }

  getPosition(): DataPosition {
    return { ...this.position };
  }

  setPosition(p: DataPosition): void {
    if (p.epoch !== this.position.epoch) this.order = permutation(this.count, this.seed, p.epoch);
    this.position = { ...p };
  }

  /** Item indices of the next batch. */
  next(): Int32Array {
    if (this.position.cursor + this.batchSize > this.count)
      this.setPosition({ epoch: this.position.epoch + 1, cursor: 0 });
    const { cursor } = this.position;
    this.position.cursor += this.batchSize;
    return this.order.slice(cursor, cursor + this.batchSize);
  }
}

function permutation(n: number, seed: number, epoch: number): Int32Array {
  const rng = new Rng((seed ^ hashString(`epoch:${epoch}`)) >>> 0);
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextUint32() % (i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}
