/**
 * Ordered look-ahead: starts `work` for up to `window` upcoming inputs at once and yields the results
 * in input order. Sources check one file per record (lstat of the image); done one at a time every
 * check waits a full thread-pool round trip (or a network file system's latency), done a window at a
 * time those waits overlap. Memory stays bounded by the window, whatever the dataset size.
 */
export async function* mapAhead<T, R>(
  inputs: AsyncIterable<T>,
  window: number,
  work: (input: T) => Promise<R>,
): AsyncGenerator<R> {
  const iterator = inputs[Symbol.asyncIterator]();
  const running: Promise<R>[] = [];
  let exhausted = false;
  try {
    for (;;) {
      while (!exhausted && running.length < window) {
        const next = await iterator.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        const result = work(next.value);
        result.catch(() => {}); // rethrown in order when its turn comes; never an unhandled rejection
        running.push(result);
      }
      const first = running.shift();
      if (first === undefined) return;
      yield await first;
    }
  } finally {
    if (!exhausted) await iterator.return?.();
  }
}

/** How many records a source checks ahead of the one it yields. */
export const LOOKAHEAD = 16;
