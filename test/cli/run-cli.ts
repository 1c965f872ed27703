import { spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot as ROOT, sharedDataDir } from '../fixtures/fixture-paths.js';

export const SHARED_DATA = sharedDataDir;
const BIN = path.join(ROOT, 'electron', 'engine', 'cli', 'catlip-pilot.mjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The JSON object on the last line of stdout (under --json). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads the fields its command prints
  json: any;
}

/** Runs the built `catlip-pilot` bin (`npm test` builds dist/ first) as a user would. */
export function runCli(args: string[], opts: { cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, CATLIP_DEBUG: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      let json: unknown;
      try {
        json = JSON.parse(last);
      } catch {
        json = undefined;
      }
      resolve({ code: code ?? -1, stdout, stderr, json });
    });
  });
}
