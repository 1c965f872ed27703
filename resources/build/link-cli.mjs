#!/usr/bin/env node
// Links the `catlip-pilot` command into node_modules/.bin (run by `npm ci` through `prepare`), so that
// `npx catlip-pilot` starts at once. It is deliberately not a `bin` entry of package.json: for a bin of the
// project's own package.json, npm 11's `npx` first installs the whole project into its npx cache (it reads
// the ~600-package tree: tens of seconds on a quiet machine, minutes on a busy one); a plain link in
// node_modules/.bin is run directly. The app is never installed as a package, so no one else needs the entry.
// Usage: node resources/build/link-cli.mjs [PROJECT_ROOT]
import { chmodSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const COMMANDS = { 'catlip-pilot': 'electron/engine/cli/catlip-pilot.mjs' };

const root = path.resolve(process.argv[2] ?? '.');
const binDir = path.join(root, 'node_modules', '.bin');
mkdirSync(binDir, { recursive: true });
for (const [name, file] of Object.entries(COMMANDS)) {
  const target = path.join(root, file);
  if (!existsSync(target)) throw new Error(`${target} does not exist`);
  const relative = path.relative(binDir, target);
  if (process.platform === 'win32') {
    // what npm's cmd-shim writes for a node script
    writeFileSync(path.join(binDir, `${name}.cmd`), `@ECHO off\r\nnode "%~dp0\\${relative}" %*\r\n`);
  } else {
    chmodSync(target, 0o755);
    rmSync(path.join(binDir, name), { force: true });
    symlinkSync(relative, path.join(binDir, name));
  }
}
