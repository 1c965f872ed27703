/**
 * `npm run dist:size`: how much the desktop app's archive would hold (app files + production dependencies,
 * after electron-builder.yml's filters), without the Electron binary itself; the goal is 200 MB. Prints the
 * total and the largest packages; `--json` prints them as JSON; `--package FILE` measures with another
 * package.json's dependency list (e.g. before a dependency change is made).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { measurePackage } from './package-files.js';

const GOAL_MB = 200;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');
const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    package: { type: 'string' },
    top: { type: 'string', default: '15' },
  },
});

const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as { files: string[] };
const pkg = JSON.parse(
  readFileSync(values.package ? path.resolve(values.package) : path.join(root, 'package.json'), 'utf8'),
) as {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};
const sizes = measurePackage({
  root,
  files: config.files,
  dependencies: Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }),
  glob: path.matchesGlob,
});
const mb = (b: number) => b / 1e6;
if (values.json) {
  process.stdout.write(`${JSON.stringify({ ...sizes, total_mb: mb(sizes.totalBytes), goal_mb: GOAL_MB }, null, 2)}\n`);
} else {
  const lines = [
    `app files (dist, resources): ${mb(sizes.appBytes).toFixed(1)} MB`,
    `dependencies: ${sizes.packages.length} packages, ${mb(sizes.totalBytes - sizes.appBytes).toFixed(1)} MB; the largest:`,
    ...sizes.packages.slice(0, Number(values.top)).map((p) => `  ${mb(p.bytes).toFixed(1).padStart(7)} MB  ${p.dir}`),
    `total bundled (before compression, without Electron): ${mb(sizes.totalBytes).toFixed(1)} MB — goal ≤ ${GOAL_MB} MB: ${mb(sizes.totalBytes) <= GOAL_MB ? 'met' : `missed by ${(mb(sizes.totalBytes) - GOAL_MB).toFixed(1)} MB`}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
