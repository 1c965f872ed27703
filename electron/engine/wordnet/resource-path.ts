import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the generated WordNet resource lives inside a `resources/` folder. */
export const WORDNET_RESOURCE_RELATIVE = path.join('wordnet', 'wn30-nouns.json.gz');

/**
 * Finds `resources/wordnet/wn30-nouns.json.gz`.
 *
 * Order: `CATLIP_RESOURCES` (a folder that holds `wordnet/wn30-nouns.json.gz`), then the folders above
 * this module: the same code runs from `electron/engine/wordnet/` (vitest, tsx) and from
 * `dist/electron/engine/wordnet/` (tsc output), so a fixed relative path would be wrong for one of them.
 * Last, Electron's `process.resourcesPath` for packaged builds, where `resources/` is copied beside the asar.
 */
export function resolveWordNetResource(env: NodeJS.ProcessEnv = process.env): string {
  const tried: string[] = [];
  const override = env.CATLIP_RESOURCES;
  if (override) {
    const candidate = path.resolve(override, WORDNET_RESOURCE_RELATIVE);
    if (existsSync(candidate)) return candidate;
    tried.push(candidate);
  }

  let dir = path.resolve(fileURLToPath(new URL('.', import.meta.url)));
  for (;;) {
    const candidate = path.join(dir, 'resources', WORDNET_RESOURCE_RELATIVE);
    if (existsSync(candidate)) return candidate;
    tried.push(candidate);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }

  const electronResources = (process as { resourcesPath?: string }).resourcesPath;
  if (electronResources) {
    const candidate = path.join(electronResources, WORDNET_RESOURCE_RELATIVE);
    if (existsSync(candidate)) return candidate;
    tried.push(candidate);
  }

  throw new Error(
    `WordNet resource not found (run \`node resources/wordnet/build.mjs\` or set CATLIP_RESOURCES). Tried:\n  ${tried.join('\n  ')}`,
  );
}
