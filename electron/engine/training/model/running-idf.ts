/**
 * SuperClass's running inverse document frequency over tokenizer ids. Each caption counts once per
 * distinct token ("document frequency" df); N is the number of captions seen so far.
 *
 * Weight: w = log((N + 1) / (df + 1)). The paper writes log(N / (1 + df)), but its code
 * (x-cls/superclass, ClsLoss.reweight_targets) computes log((N + 1/B) / (df + 1/B)) in units of
 * batches, i.e. (N + 1)/(df + 1) in captions. That form never goes negative (the paper's does for
 * a token in every caption, which would make a negative target weight), so it is the one used here.
 * Special tokens ([PAD], [SOT], [EOT], [UNK]) are not classes and are never counted.
 */
import { FIRST_REGULAR_ID } from './tokenizer.js';

export interface RunningIdfJson {
  vocabSize: number;
  documents: number;
  /** df per token id (plain numbers so the state is JSON). */
  documentFrequency: number[];
}

export class RunningIdf {
  private documents = 0;
  private readonly df: Float64Array;
  /** Marks ids already counted for the current caption without allocating a Set per caption. */
  private readonly seenStamp: Int32Array;
  private stamp = 0;

  constructor(readonly vocabSize: number) {
    if (!Number.isInteger(vocabSize) || vocabSize <= FIRST_REGULAR_ID)
      throw new RangeError('RunningIdf: vocabSize too small');
    this.df = new Float64Array(vocabSize);
    this.seenStamp = new Int32Array(vocabSize);
  }

  /** Distinct countable ids of one caption, in first-seen order. */
  distinctClasses(tokenIds: ArrayLike<number>): number[] {
    const out: number[] = [];
    this.stamp++;
    for (let i = 0; i < tokenIds.length; i++) {
      const id = tokenIds[i];
      if (id < FIRST_REGULAR_ID) continue;
      if (id >= this.vocabSize) throw new RangeError(`token id ${id} outside the vocabulary of ${this.vocabSize}`);
      if (this.seenStamp[id] === this.stamp) continue;
      this.seenStamp[id] = this.stamp;
      out.push(id);
    }
    return out;
  }

  /** Adds a batch of captions (token ids, padding allowed) to the counts. */
  update(batchTokenIds: ReadonlyArray<ArrayLike<number>>): void {
    for (const caption of batchTokenIds) {
      for (const id of this.distinctClasses(caption)) this.df[id]++;
      this.documents++;
    }
  }

  get documentCount(): number {
    return this.documents;
  }

  weight(id: number): number {
    return Math.log((this.documents + 1) / (this.df[id] + 1));
  }

  /** Current weight of every id (0 for special tokens). */
  weights(): Float32Array {
    const w = new Float32Array(this.vocabSize);
    for (let id = FIRST_REGULAR_ID; id < this.vocabSize; id++) w[id] = this.weight(id);
    return w;
  }

  toJSON(): RunningIdfJson {
    return { vocabSize: this.vocabSize, documents: this.documents, documentFrequency: Array.from(this.df) };
  }

  /** Replaces the counts with a saved state (resuming a run into an already-built model). */
  restore(json: RunningIdfJson): void {
    if (json.vocabSize !== this.vocabSize || json.documentFrequency.length !== this.vocabSize) {
      throw new Error(`RunningIdf: saved state is for ${json.vocabSize} ids, this model has ${this.vocabSize}`);
    }
    this.documents = json.documents;
    this.df.set(json.documentFrequency);
  }

  static fromJSON(json: RunningIdfJson): RunningIdf {
    const idf = new RunningIdf(json.vocabSize);
    idf.restore(json);
    return idf;
  }
}
