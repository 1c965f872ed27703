import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The project root, found from the compiled or source location of the bench. */
export function projectRoot(): string {
  let dir = path.dirname(new URL(import.meta.url).pathname);
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('project root not found');
    dir = up;
  }
  return dir;
}

/** ../shared/data beside the checkout: real test data, never bundled. */
export function sharedData(...parts: string[]): string {
  return path.resolve(projectRoot(), '..', 'shared', 'data', ...parts);
}

export function cocoImages(): string[] {
  const out: string[] = [];
  for (const split of ['train2017', 'val2017']) {
    const dir = sharedData('coco-mini', split);
    for (const f of readdirSync(dir).sort()) if (f.endsWith('.jpg')) out.push(path.join(dir, f));
  }
  return out;
}

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()}`;
}

export function argValue(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/** `--config NAME` (default tiny) among a bench's configurations, or an error listing them. */
export function configArg<C extends Record<string, object>>(
  configs: C,
): { name: keyof C & string; config: C[keyof C] } {
  const name = argValue('config', 'tiny');
  if (!Object.hasOwn(configs, name)) throw new Error(`--config must be one of ${Object.keys(configs).join(', ')}`);
  return { name, config: configs[name as keyof C] };
}
