import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TrainerMessageSchema, type TrainerCommand, type TrainerMessage } from '../../shared/training.js';

export interface TrainerHandle {
  child: ChildProcess;
  send(command: TrainerCommand): void;
  /** Resolves when the process exits, with the last 'finished' or 'failed' message if one came. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; outcome?: Extract<TrainerMessage, { type: 'finished' | 'failed' }> }>;
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
export function startTrainer(home: string, runId: number, onMessage: (m: TrainerMessage) => void): TrainerHandle {
  const entry = trainerEntry();
  if (!existsSync(entry)) throw new Error(`trainer entry ${entry} is missing; run \`npm run build:engine\``);
  // Inside the desktop app process.execPath is Electron's binary: ELECTRON_RUN_AS_NODE makes the trainer a
  // plain Node process there too (no-op under Node).
  const child = fork(entry, [home, String(runId)], {
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  let outcome: Extract<TrainerMessage, { type: 'finished' | 'failed' }> | undefined;
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  child.on('message', (raw) => {
    const parsed = TrainerMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    if (parsed.data.type === 'finished' || parsed.data.type === 'failed') outcome = parsed.data;
    onMessage(parsed.data);
  });
  const done = new Promise<Awaited<TrainerHandle['done']>>((resolve) => {
    child.on('exit', (code, signal) => {
      // a non-zero exit without a 'failed' message is a crash; a signal (kill) is an interruption
      if (!outcome && code !== null && code !== 0) {
        outcome = { type: 'failed', run: runId, message: stderr.trim() ? lastMeaningfulLine(stderr) : `trainer exited with code ${code}` };
      }
      resolve({ code, signal, outcome });
    });
  });
  return {
    child,
    send: (command) => {
      if (child.connected) child.send(command);
    },
    done,
  };
}

function lastMeaningfulLine(text: string): string {
  return text.trim().split('\n').filter((l) => !/^\s+at /.test(l)).at(-1) ?? text.trim();
}
