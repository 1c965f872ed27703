/**
 * Launcher side (the engine's end), CLI and serve mode: forks the trainer (trainer-process.ts) as a plain
 * Node child and talks to it over the child_process IPC channel. Its counterpart in the trainer is
 * trainer-side-transport.ts; inside the desktop app launcher-side-utility-process.ts is used instead.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrainerMessage } from '../../shared/training.js';
import { appendTail, TrainerOutcomeTracker, type TrainerHandle, type TrainerLauncher } from './launcher-side-handle.js';

/** A trainer in a forked Node child: the CLI kills `child` on Ctrl-C. */
export interface ChildTrainerHandle extends TrainerHandle {
  child: ChildProcess;
}

/** The compiled trainer entry: next to this module in dist/, or dist/'s copy when running from source (tests). */
export function trainerEntry(): string {
  const here = fileURLToPath(import.meta.url);
  const sibling = path.join(path.dirname(here), 'trainer-process.js');
  if (here.endsWith('.js')) return sibling;
  let root = path.dirname(here);
  while (!existsSync(path.join(root, 'package.json'))) root = path.dirname(root);
  return path.join(root, 'dist', path.relative(root, path.dirname(here)), 'trainer-process.js');
}

/** Starts a run's trainer in its own Node process; messages are validated before they reach `onMessage`. */
export function startTrainer(home: string, runId: number, onMessage: (m: TrainerMessage) => void): ChildTrainerHandle {
  const entry = trainerEntry();
  if (!existsSync(entry)) throw new Error(`trainer entry ${entry} is missing; run \`npm run build:engine\``);
  // Inside Electron process.execPath is Electron's binary: ELECTRON_RUN_AS_NODE makes the trainer a plain
  // Node process there too (no-op under Node). The desktop app itself uses utility processes instead.
  const child = fork(entry, [home, String(runId)], {
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  const tracker = new TrainerOutcomeTracker(runId, onMessage);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = appendTail(stderr, d.toString());
  });
  child.on('message', (raw) => tracker.accept(raw));
  const done = new Promise<Awaited<TrainerHandle['done']>>((resolve) => {
    child.on('exit', (code, signal) => resolve(tracker.exited(code, signal, stderr)));
  });
  return {
    child,
    send: (command) => {
      if (child.connected) child.send(command);
    },
    done,
  };
}

/** The default launcher (CLI, serve mode, tests): a forked Node child per trainer. */
export const childProcessTrainerLauncher: TrainerLauncher = { start: startTrainer };
