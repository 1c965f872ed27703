import type { Pilot } from './pilot-plan.ts';

/** The plan last told to the desktop app's main process (JSON), so that it is sent only when it changes. */
let toldMain = '';

/**
 * Desktop app: tells main which runs make up the pilot, so that it can raise one notification when the whole
 * pilot has finished or stopped (main sees every run end, even while this page is in the background).
 */
export function tellMain(pilot: Pilot | null): void {
  const catlip = globalThis.window?.catlip;
  if (typeof catlip?.desktop !== 'function') return;
  const plan = pilot ? { id: pilot.id, runs: pilot.runs.map((r) => ({ run: r.run, objective: r.objective })) } : null;
  const json = JSON.stringify(plan);
  if (json === toldMain) return;
  toldMain = json;
  catlip.desktop('desktop:pilot', { pilot: plan }).catch(() => {
    toldMain = ''; // told again at the next change
  });
}

/** After a reset, the next pilot is told to main even if it looks like the last one told. */
export function forgetToldMain(): void {
  toldMain = '';
}
