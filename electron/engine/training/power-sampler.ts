import { execFile } from 'node:child_process';
import type { Db } from '../store/database.js';
import { runEnergySoFar, setRunEnergy } from './run-repository.js';

/**
 * GPU energy of a training run, measured rather than estimated: `nvidia-smi` is asked for the board power
 * of each GPU every few seconds in the background, and the power is integrated over time (trapezoids
 * between samples). Only GPU board power is covered — not the CPU, memory, fans or power-supply losses.
 * Where nvidia-smi is missing or cannot read power (e.g. "[N/A]"), the measurement is `undefined`, which
 * the runs table stores as NULL = "not measured"; no value is ever estimated in its place.
 */

/** Runs a program and resolves with its stdout; rejects on a missing program, non-zero exit or timeout. */
export type ExecFn = (file: string, args: readonly string[], timeoutMs: number) => Promise<string>;

export interface PowerSamplerOptions {
  /** Seconds between samples; default 5 (nvidia-smi itself takes tens of milliseconds). */
  intervalSeconds?: number;
  /** Program to run; default `nvidia-smi` from PATH. */
  command?: string;
  /** GPUs to read, as nvidia-smi's `--id` takes them ("0" or "0,1"); default every GPU it lists. */
  gpuIds?: string;
  /** Injected in tests; default runs the program with child_process.execFile. */
  exec?: ExecFn;
  /** Milliseconds, monotonic; injected in tests. */
  clock?: () => number;
}

export interface EnergyReading {
  kwh: number;
  /** Seconds of sampled (not paused) time the energy covers. */
  seconds: number;
  /** Successful samples. */
  samples: number;
  /** Samples that failed after a successful start; bridged by the trapezoid between their neighbours. */
  missed: number;
  /** GPUs whose power was summed (lines nvidia-smi printed). */
  gpus: number;
}

export const POWER_QUERY_ARGS = ['--query-gpu=power.draw', '--format=csv,noheader,nounits'] as const;

const JOULES_PER_KWH = 3_600_000;
const SAMPLE_TIMEOUT_MS = 10_000;

export const defaultExec: ExecFn = (file, args, timeoutMs) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: timeoutMs, windowsHide: true }, (error, stdout) =>
      error ? reject(error) : resolve(String(stdout)),
    );
  });

/** Watts per GPU from nvidia-smi's `power.draw` csv (one number per line); throws on anything else. */
export function parsePowerDraw(stdout: string): number[] {
  const lines = stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) throw new Error('nvidia-smi printed no power readings');
  return lines.map((line) => {
    const watts = Number(line);
    if (!Number.isFinite(watts) || watts < 0) throw new Error(`nvidia-smi cannot read power.draw: "${line}"`);
    return watts;
  });
}

export class PowerSampler {
  private readonly intervalMs: number;
  private readonly command: string;
  private readonly args: string[];
  private readonly exec: ExecFn;
  private readonly clock: () => number;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Samples run one after another, never overlapping, in this chain. */
  private chain: Promise<void> = Promise.resolve();
  private last: { ms: number; watts: number } | undefined;
  private joules = 0;
  private sampledMs = 0;
  private samples = 0;
  private missed = 0;
  private gpus = 0;
  private state: 'idle' | 'running' | 'paused' | 'stopped' | 'unavailable' = 'idle';
  /** Why the measurement is unavailable (first sample failed), for logs. */
  failure: string | undefined;

  constructor(options: PowerSamplerOptions = {}) {
    this.intervalMs = Math.max(0.1, options.intervalSeconds ?? 5) * 1000;
    this.command = options.command ?? 'nvidia-smi';
    this.args = [...POWER_QUERY_ARGS, ...(options.gpuIds ? [`--id=${options.gpuIds}`] : [])];
    this.exec = options.exec ?? defaultExec;
    this.clock = options.clock ?? (() => performance.now());
  }

  /** Takes the first sample; true if power can be read, false (and no background sampling) otherwise. */
  async start(): Promise<boolean> {
    if (this.state !== 'idle') throw new Error('PowerSampler.start() called twice');
    this.state = 'running';
    await this.enqueue();
    if (this.samples === 0) {
      this.state = 'unavailable';
      return false;
    }
    this.timer = setInterval(() => void this.enqueue(), this.intervalMs);
    // a sampler must never keep a trainer process alive
    this.timer.unref?.();
    return true;
  }

  /** Closes the current segment: paused time (a paused trainer) is not counted. */
  async pause(): Promise<void> {
    if (this.state !== 'running') return;
    await this.enqueue();
    this.state = 'paused';
    this.last = undefined;
  }

  async resume(): Promise<void> {
    if (this.state !== 'paused') return;
    this.state = 'running';
    await this.enqueue();
  }

  /** Energy so far in kWh, or undefined where power could not be read (or, once stopped, no interval was covered). */
  kwh(): number | undefined {
    if (this.samples === 0 || (this.state === 'stopped' && this.sampledMs === 0)) return undefined;
    return this.joules / JOULES_PER_KWH;
  }

  /** Takes a final sample and stops; undefined where power could not be read. Safe to call twice. */
  async stop(): Promise<EnergyReading | undefined> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.state === 'running') {
      const missedBefore = this.missed;
      await this.enqueue();
      // the final sample failed: hold the last reading to the end rather than drop the tail
      if (this.missed > missedBefore && this.last) {
        const ms = this.clock();
        this.joules += this.last.watts * ((ms - this.last.ms) / 1000);
        this.sampledMs += ms - this.last.ms;
      }
    } else {
      await this.chain;
    }
    if (this.state !== 'unavailable') this.state = 'stopped';
    const kwh = this.kwh();
    if (kwh === undefined) return undefined;
    return { kwh, seconds: this.sampledMs / 1000, samples: this.samples, missed: this.missed, gpus: this.gpus };
  }

  private enqueue(): Promise<void> {
    this.chain = this.chain.then(() => this.sample());
    return this.chain;
  }

  private async sample(): Promise<void> {
    if (this.state !== 'running') return;
    let watts: number[];
    try {
      watts = parsePowerDraw(await this.exec(this.command, this.args, SAMPLE_TIMEOUT_MS));
    } catch (e) {
      if (this.samples === 0)
        this.failure = `${this.command}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
      else this.missed++;
      return;
    }
    const ms = this.clock();
    const total = watts.reduce((a, b) => a + b, 0);
    if (this.last) {
      const dt = ms - this.last.ms;
      this.joules += ((this.last.watts + total) / 2) * (dt / 1000);
      this.sampledMs += dt;
    }
    this.last = { ms, watts: total };
    this.samples++;
    this.gpus = watts.length;
  }
}

/**
 * Keeps `runs.energy_kwh` of one run up to date from a PowerSampler, the way the trainer keeps its time
 * split: a trainer process continuing a run that already recorded time (resume after a crash, kill or
 * cancel) adds its energy to what the earlier processes recorded, and a run any part of which was not
 * measured (no GPU, no nvidia-smi, or an earlier process unmeasured) stays NULL.
 */
export class RunEnergyMeter {
  private constructor(
    private readonly db: Db,
    private readonly runId: number,
    /** kWh recorded by earlier trainer processes of this run; null = some earlier part not measured. */
    private readonly base: number | null,
    private readonly sampler: PowerSampler | undefined,
  ) {}

  /**
   * Starts measuring; call before this process records any progress. `onGpu`: the backend computes on a
   * GPU (cost/accelerator.ts backendUsesGpu); otherwise GPU board power is not the run's energy.
   */
  static async start(db: Db, runId: number, opts: { onGpu: boolean; sampler?: PowerSampler }): Promise<RunEnergyMeter> {
    const row = runEnergySoFar(db, runId);
    if (!row) throw new Error(`no run ${runId}`);
    // earlier processes of this run recorded time: their energy is part of the total (or it is unknown)
    const base = row.seconds > 0 ? row.energy_kwh : 0;
    let sampler: PowerSampler | undefined;
    if (opts.onGpu && base !== null) {
      sampler = opts.sampler ?? new PowerSampler();
      if (!(await sampler.start())) sampler = undefined;
    }
    const meter = new RunEnergyMeter(db, runId, base, sampler);
    meter.record();
    return meter;
  }

  /** The run's energy so far, or null where not measured. */
  total(): number | null {
    const kwh = this.sampler?.kwh();
    return this.base === null || kwh === undefined ? null : this.base + kwh;
  }

  /** Writes the total so far; call with every metrics flush so a killed trainer loses only the last seconds. */
  record(): void {
    setRunEnergy(this.db, this.runId, this.total());
  }

  pause(): Promise<void> {
    return this.sampler?.pause() ?? Promise.resolve();
  }

  resume(): Promise<void> {
    return this.sampler?.resume() ?? Promise.resolve();
  }

  /** Final sample, final write; returns what was written. */
  async stop(): Promise<number | null> {
    await this.sampler?.stop();
    this.record();
    return this.total();
  }
}
