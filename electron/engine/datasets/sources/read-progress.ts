/**
 * How far a source has read, for `DatasetSource.fractionRead` (the import's ETA): bytes of the file(s)
 * for text and archive sources, folders for ImageFolder. A count of `done` out of a `total` known up front.
 */
export class ReadProgress {
  done = 0;

  constructor(readonly total: number) {}

  fraction(): number | undefined {
    return this.total > 0 ? Math.min(1, this.done / this.total) : undefined;
  }
}
