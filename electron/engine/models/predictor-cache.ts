/**
 * Keeps the last few predictors open between `predict:image` requests: rebuilding a run's model reads its
 * whole checkpoint (optimizer state included), seconds for a ViT-B, and Try it sends one request per image and
 * run. A predictor is reused only for the same run, saved model, class names and checkpoint step (a run that
 * trained on has a newer checkpoint, so it is loaded afresh). Evicted or idle predictors are closed once no
 * request is using them.
 */
import { latestCheckpoint } from '../training/run-repository.js';
import type { Db } from '../store/database.js';
import { openPredictor, type Predictor, type PredictorOptions } from './predictor.js';

interface Entry {
  key: string;
  predictor: Promise<Predictor>;
  users: number;
  evicted: boolean;
  closed: boolean;
  lastUsed: number;
}

/** Two: Compare tries one image on two runs. */
const CAPACITY = 2;
/** An unused predictor is closed after this long, returning its memory. */
const IDLE_MS = 5 * 60 * 1000;

export class PredictorCache {
  private entries: Entry[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly home: string,
    private readonly open: (db: Db, home: string, options: PredictorOptions) => Promise<Predictor> = openPredictor,
  ) {}

  /** Runs `use` with an open predictor for `options`, opening (and caching) one when needed. */
  async with<T>(options: PredictorOptions, use: (predictor: Predictor) => Promise<T>): Promise<T> {
    const key = JSON.stringify({ ...options, step: latestCheckpoint(this.db, options.run)?.step ?? null });
    let entry = this.entries.find((e) => e.key === key);
    // most recently used first: the last one is dropped when a new predictor needs the room
    if (entry) this.entries = [entry, ...this.entries.filter((e) => e !== entry)];
    else {
      entry = {
        key,
        predictor: this.open(this.db, this.home, options),
        users: 0,
        evicted: false,
        closed: false,
        lastUsed: Date.now(),
      };
      this.entries.unshift(entry);
      for (const old of this.entries.splice(CAPACITY)) this.evict(old);
    }
    entry.users++;
    try {
      return await use(await entry.predictor);
    } catch (e) {
      // a predictor that could not be opened is not kept
      if (
        await entry.predictor.then(
          () => false,
          () => true,
        )
      )
        this.drop(entry);
      throw e;
    } finally {
      entry.users--;
      entry.lastUsed = Date.now();
      if (entry.evicted) this.closeIfUnused(entry);
      this.schedule();
    }
  }

  close(): void {
    clearTimeout(this.timer);
    for (const e of this.entries.splice(0)) this.evict(e);
  }

  private drop(entry: Entry): void {
    this.entries = this.entries.filter((e) => e !== entry);
    entry.evicted = true;
  }

  private evict(entry: Entry): void {
    entry.evicted = true;
    this.closeIfUnused(entry);
  }

  private closeIfUnused(entry: Entry): void {
    if (entry.users > 0 || entry.closed) return;
    entry.closed = true;
    entry.predictor.then(
      (p) => p.close(),
      () => undefined,
    );
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.entries.length === 0) return;
    this.timer = setTimeout(() => {
      const now = Date.now();
      for (const e of this.entries.filter((x) => x.users === 0 && now - x.lastUsed >= IDLE_MS)) {
        this.drop(e);
        this.closeIfUnused(e);
      }
      this.schedule();
    }, IDLE_MS);
    this.timer.unref();
  }
}
