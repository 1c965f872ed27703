#!/usr/bin/env node
// `npm run dev`: the engine's TypeScript compiler in watch mode, the renderer's Vite build in watch mode, and
// `catlip-pilot serve` on what they build. Serve mode runs the engine in its own process, so after every
// engine compile without errors the script redoes build:engine's second half (bundle-tfjs.mjs: tsc has just
// rewritten dist/electron/engine/tfjs.js, which Node cannot load unbundled) and restarts serve (it prints its
// new URL; the token changes with it); a renderer rebuild needs only a page reload. Extra arguments go to `serve` (`npm run dev -- --port 8080`).
// Ctrl-C stops all three. A plain script rather than a process-runner dependency: three children suffice.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const serveArgs = process.argv.slice(2);
const children = new Set();
let serve = null;
let stopping = false;

/** Starts a child whose output lines are prefixed with its name; `onLine` sees each stdout line. */
function start(name, command, args, onLine = () => {}) {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  for (const [stream, sink] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ]) {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        sink.write(`[${name}] ${line}\n`);
        if (stream === child.stdout) onLine(line);
      }
    });
  }
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping && child !== serve) {
      process.stderr.write(`[dev] ${name} stopped (${signal ?? `exit ${code}`}); stopping the others\n`);
      stop(1);
    }
  });
  return child;
}

/** Bundles tfjs.js again, then restarts serve; a compile that lands while this runs is caught up after it. */
let bundling = null;
let compiledAgain = false;
function afterCompile() {
  if (bundling) {
    compiledAgain = true;
    return;
  }
  bundling = spawn(process.execPath, [path.join(root, 'resources/build/bundle-tfjs.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  bundling.on('exit', (code) => {
    bundling = null;
    if (compiledAgain) {
      compiledAgain = false;
      afterCompile();
    } else if (code === 0) restartServe();
    else process.stderr.write(`[dev] bundle-tfjs.mjs failed (exit ${code}); serve not restarted\n`);
  });
}

function restartServe() {
  const previous = serve;
  const launch = () => {
    serve = start('serve', process.execPath, [
      path.join(root, 'electron/engine/cli/catlip-pilot.mjs'),
      'serve',
      ...serveArgs,
    ]);
  };
  if (previous && previous.exitCode === null) {
    previous.once('exit', launch);
    previous.kill('SIGTERM');
  } else launch();
}

function stop(code) {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  process.exitCode = code;
}
process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));

// tsc prints "Found N errors. Watching for file changes." after each compile (N = 0 when it succeeded)
start('engine', bin('tsc'), ['-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], (line) => {
  const found = /Found (\d+) errors?\. Watching for file changes/.exec(line);
  if (found && Number(found[1]) === 0 && !stopping) afterCompile();
});
start('renderer', bin('vite'), ['build', '--config', 'renderer/vite.config.ts', '--watch']);
