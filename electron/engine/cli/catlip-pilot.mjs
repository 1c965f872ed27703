#!/usr/bin/env node
// The `catlip-pilot` command. The engine is TypeScript compiled by `npm run build:engine` (run by
// `npm ci` through the `prepare` script) into dist/; this shim only loads it.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = fileURLToPath(new URL('../../../dist/electron/engine/cli/main.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write(`catlip-pilot: ${entry} is missing; run \`npm run build:engine\` (or \`npm ci\`) first\n`);
  process.exit(2);
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
