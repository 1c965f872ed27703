/**
 * Counts what a piece of webgpu work costs in host–device traffic: compute dispatches (tfjs's and our raw
 * ones: each creates exactly one bind group), compute passes (tfjs ends the pass for every buffer copy,
 * e.g. uploading a tensor made on the CPU), `queue.submit` calls (with the time between them) and
 * GPU→CPU reads (tfjs's getBufferData: a staging copy, a submit and a mapAsync the host waits for).
 * For the profiler and the tests only: watching wraps the backend's device, queue and read method, and
 * stop() puts them back, so training never runs through the wrappers.
 */
import { webgpuBackend } from './webgpu-backend.js';

export interface DeviceTraffic {
  dispatches: number;
  passes: number;
  submits: number;
  reads: number;
  /** performance.now() of each submit, for the gaps between them. */
  submitTimes: number[];
}

export interface TrafficWatch {
  /** Counts since the watch started or since the last take(); resets them. */
  take(): DeviceTraffic;
  stop(): void;
}

/**
 * Replaces `owner[key]` by a wrapper that calls `seen` with each call's result (an own property then shadows
 * the prototype's method) and returns the undo.
 */
function wrap<T extends object, K extends keyof T>(owner: T, key: K, seen: (result: unknown) => void): () => void {
  const original = owner[key] as unknown as (...args: unknown[]) => unknown;
  const hadOwn = Object.prototype.hasOwnProperty.call(owner, key);
  owner[key] = function (this: unknown, ...args: unknown[]) {
    const result = original.apply(this, args);
    seen(result);
    return result;
  } as T[K];
  return () => {
    if (hadOwn) owner[key] = original as T[K];
    else delete owner[key];
  };
}

export function watchDeviceTraffic(): TrafficWatch {
  const backend = webgpuBackend() as ReturnType<typeof webgpuBackend> & { getBufferData(b: unknown): unknown };
  const empty = (): DeviceTraffic => ({ dispatches: 0, passes: 0, submits: 0, reads: 0, submitTimes: [] });
  let counts = empty();
  let watching = true;
  const undo = [
    wrap(backend.device, 'createBindGroup', () => counts.dispatches++),
    // an encoder lives until its submit: one made while watching counts its passes only until stop()
    wrap(backend.device, 'createCommandEncoder', (encoder) =>
      wrap(encoder as GPUCommandEncoder, 'beginComputePass', () => watching && counts.passes++),
    ),
    wrap(backend.queue, 'submit', () => {
      counts.submits++;
      counts.submitTimes.push(performance.now());
    }),
    wrap(backend, 'getBufferData', () => counts.reads++),
  ];
  return {
    take() {
      const out = counts;
      counts = empty();
      return out;
    },
    stop: () => {
      watching = false;
      undo.reverse().forEach((u) => u());
    },
  };
}

/** Median milliseconds between consecutive submits (0 with fewer than two). */
export function medianSubmitGapMs(times: number[]): number {
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  if (!gaps.length) return 0;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}
