import type { PilotPlan } from '../shared/desktop.js';

/**
 * Follows the renderer's current pilot in main so that its end can be announced once: the plan comes from the
 * renderer (`desktop:pilot`), the runs' ends and throughput from the engine's trainer messages. A short run can
 * end before the renderer has sent the plan naming it, so ends of runs not (yet) in the plan are remembered
 * and counted when the plan arrives.
 */
export type RunEnding = 'completed' | 'cancelled' | 'failed' | 'interrupted';

export type PilotOutcome =
  | { kind: 'finished'; runs: number; speedup: { baseline: string; x: number } | null }
  | { kind: 'stopped'; run: number; ending: Exclude<RunEnding, 'completed'> };

export class PilotWatch {
  private plan: PilotPlan | null = null;
  /**
   * The plan whose end was announced, and the run that stopped it (null: it finished). A plan sent again
   * after its end is not announced twice; resuming the run that stopped it lets its new end be announced.
   */
  private announced: { id: string; run: number | null } | null = null;
  private readonly ends = new Map<number, RunEnding>();
  /** images/s per run: the sum and count of its step messages' throughput. */
  private readonly speed = new Map<number, { sum: number; n: number }>();

  /** The renderer's pilot, or null to forget it; returns the outcome if the pilot has already ended. */
  setPlan(plan: PilotPlan | null): PilotOutcome | null {
    this.plan = plan;
    return this.outcome();
  }

  /** True when `run` belongs to the pilot being watched (its per-run notification may be left out). */
  has(run: number): boolean {
    return this.plan?.runs.some((r) => r.run === run) ?? false;
  }

  onStep(run: number, imagesPerSecond: number): void {
    if (!Number.isFinite(imagesPerSecond) || imagesPerSecond <= 0) return;
    const s = this.speed.get(run) ?? { sum: 0, n: 0 };
    s.sum += imagesPerSecond;
    s.n += 1;
    this.speed.set(run, s);
  }

  /** A run resumed or restarted: its earlier end no longer counts. */
  onStarted(run: number): void {
    this.ends.delete(run);
    if (this.announced && this.announced.id === this.plan?.id && this.announced.run === run) this.announced = null;
  }

  /** A run ended; returns the pilot's outcome when this end ended the pilot. */
  onEnd(run: number, ending: RunEnding): PilotOutcome | null {
    this.ends.set(run, ending);
    if (this.ends.size > 500) this.ends.delete(this.ends.keys().next().value!);
    return this.outcome();
  }

  private outcome(): PilotOutcome | null {
    const plan = this.plan;
    if (!plan || this.announced?.id === plan.id) return null;
    // the first run (in the plan's order) that ended other than completed stops the pilot
    for (const r of plan.runs) {
      if (r.run === null) break;
      const ending = this.ends.get(r.run);
      if (ending === undefined) return null;
      if (ending !== 'completed') {
        this.announced = { id: plan.id, run: r.run };
        return { kind: 'stopped', run: r.run, ending };
      }
    }
    if (!plan.runs.every((r) => r.run !== null && this.ends.get(r.run) === 'completed')) return null;
    this.announced = { id: plan.id, run: null };
    return { kind: 'finished', runs: plan.runs.length, speedup: this.speedup(plan) };
  }

  /** CatLIP's mean images/s over its runs against the other objective's; null when either was not seen. */
  private speedup(plan: PilotPlan): { baseline: string; x: number } | null {
    const mean = (objective: (o: string) => boolean) => {
      const values = plan.runs
        .filter((r) => objective(r.objective) && r.run !== null)
        .map((r) => this.speed.get(r.run!))
        .filter((s) => s !== undefined)
        .map((s) => s.sum / s.n);
      return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
    };
    const baseline = plan.runs.find((r) => r.objective !== 'catlip')?.objective;
    const a = mean((o) => o === 'catlip');
    const b = baseline ? mean((o) => o === baseline) : null;
    return baseline && a !== null && b !== null ? { baseline, x: a / b } : null;
  }
}
