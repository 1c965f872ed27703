/**
 * The desktop app's compute page (renderer/compute.html) in a real Chromium with real WebGPU: Debian's
 * Chromium launched with the desktop app's Linux GPU switches (a software adapter here: no GPU), the built renderer served over
 * http://127.0.0.1 with the app's CSP. The test page hands the compute page a MessagePort the way its preload
 * does in Electron (a `catlip:compute-port` window message), drives the model-session protocol over it and
 * trains the tiny CatLIP model 3 steps on WebGPU; the losses must match the same steps on tfjs's cpu backend
 * in Node. Not covered: a real Electron binary (main's MessageChannelMain, the preload) — none can be
 * installed here.
 *
 * Needs `npm run build:renderer` first. Without /usr/bin/chromium (or CATLIP_CHROMIUM) the suite is skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gpuSwitchArgs } from '../../electron/main/gpu-switches.js';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security.js';
import { selectBackend } from '../../electron/engine/training/backends.js';
import { createLocalSession } from '../../electron/engine/training/session/local-model-session.js';
import { TINY_CLASSES, TINY_CONFIG, tinyBatch } from '../../electron/engine/training/session/tiny-session.fixture.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = path.join(root, 'dist/renderer');
const CHROMIUM = process.env.CATLIP_CHROMIUM ?? '/usr/bin/chromium';
const skipReason = existsSync(CHROMIUM) ? null : `${CHROMIUM} is not installed (apt-get install -y chromium)`;
if (skipReason) console.warn(`compute window end-to-end test SKIPPED: ${skipReason}`);
const STEPS = 3;

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
};

/** Serves dist/renderer with the desktop app's Content-Security-Policy, as its app:// protocol does. */
function serveRenderer(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const file = path.join(dist, path.normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (req.url === '/favicon.ico') return void res.writeHead(204).end(); // Chromium asks for it on its own
    if (!file.startsWith(dist) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(skipReason)(
  `compute window page on Chromium's WebGPU${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let browser: Browser;
    let server: http.Server;
    beforeAll(async () => {
      if (!existsSync(path.join(dist, 'compute.html')))
        throw new Error('dist/renderer/compute.html is missing: run `npm run build:renderer` first');
      server = await serveRenderer();
      // the switches the desktop app gives its Chromium on Linux (gpu-switches.ts)
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--no-first-run', ...gpuSwitchArgs('linux')],
      });
    });
    afterAll(async () => {
      await browser?.close();
      server?.close();
    });

    // '?matmul=hardware': the tiled matmul a GPU gets (SwiftShader, a software adapter, keeps tfjs's kernel),
    // compiled by this Chromium's WGSL compiler rather than the webgpu package's
    it.each([
      ['', "tfjs's matmul"],
      ['?matmul=hardware', 'the tiled matmul planned for a GPU'],
    ])(
      'trains the tiny CatLIP model on WebGPU with the losses of the cpu backend in Node (compute.html%s: %s)',
      async (query) => {
        const page = await browser.newPage();
        const problems: string[] = [];
        page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
        page.on('pageerror', (e) => problems.push(e.message));
        const { port } = server.address() as AddressInfo;
        // CSP violations do not always reach the console: record them where they happen, before the page's scripts
        await page.addInitScript(() => {
          const w = globalThis as unknown as {
            __violations: string[];
            document: {
              addEventListener(t: string, l: (e: { violatedDirective: string; blockedURI: string }) => void): void;
            };
          };
          w.__violations = [];
          w.document.addEventListener('securitypolicyviolation', (e) =>
            w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
          );
        });
        await page.goto(`http://127.0.0.1:${port}/compute.html${query}`);

        const batches = Array.from({ length: STEPS }, (_, s) => tinyBatch(s)).map((b) => ({
          images: Array.from(b.images),
          labels: b.labels.map((l) => Array.from(l)),
        }));
        // The driver plays the trainer: it posts the port as the preload would, then init, STEPS steps, export.
        const result = await page.evaluate(
          async ({ config, numClasses, batches }) => {
            // browser globals, typed here because the test's tsconfig has no DOM lib
            type Port = {
              postMessage(m: unknown): void;
              onmessage: ((e: { data: { id: number; type: string; message?: string } }) => void) | null;
            };
            const page = globalThis as unknown as {
              MessageChannel: new () => { port1: Port; port2: Port };
              postMessage(m: unknown, origin: string, transfer: Port[]): void;
            };
            const { port1, port2 } = new page.MessageChannel();
            page.postMessage({ type: 'catlip:compute-port' }, '*', [port2]);
            let id = 0;
            const waiting = new Map<number, (reply: { type: string; message?: string }) => void>();
            port1.onmessage = (e) => waiting.get(e.data.id)?.(e.data);
            const request = (message: object) =>
              new Promise<Record<string, unknown> & { type: string }>((resolve, reject) => {
                const mine = ++id;
                waiting.set(mine, (reply) =>
                  reply.type === 'error' ? reject(new Error(reply.message)) : resolve(reply as never),
                );
                port1.postMessage({ ...message, id: mine });
              });
            const ready = await request({ type: 'init', init: { config, numClasses } });
            const losses: number[] = [];
            for (let s = 0; s < batches.length; s++) {
              const batch = {
                images: Float32Array.from(batches[s].images),
                labels: batches[s].labels.map((l) => Int32Array.from(l)),
              };
              losses.push((await request({ type: 'step', step: s, batch })).loss as number);
            }
            const state = (await request({ type: 'export' })).state as {
              optimizerStep: number;
              tensors: { name: string }[];
            };
            return { ready, losses, optimizerStep: state.optimizerStep, tensorCount: state.tensors.length };
          },
          { config: TINY_CONFIG, numClasses: TINY_CLASSES, batches },
        );

        await selectBackend('cpu');
        const local = createLocalSession({ config: TINY_CONFIG, numClasses: TINY_CLASSES });
        const cpu: number[] = [];
        for (let s = 0; s < STEPS; s++) cpu.push((await local.step(tinyBatch(s), s)).loss);
        const cpuTensors = (await local.exportState()).tensors.length;
        await local.dispose();
        console.log(
          `compute window: ${JSON.stringify(result.ready.device)}; webgpu losses ${result.losses.join(', ')}; cpu (Node) ${cpu.join(', ')}`,
        );

        expect(problems).toEqual([]); // no console error, no page error
        // Nothing else blocked by the CSP. The one expected report: tfjs-core's long.js tries to compile a tiny inline
        // WebAssembly module for 64-bit multiplies and falls back to JS when the CSP refuses ('wasm-unsafe-eval' is
        // not granted; training needs no eval of any kind).
        const violations = await page.evaluate(
          () => (globalThis as unknown as { __violations: string[] }).__violations,
        );
        expect(violations.filter((v) => v !== 'script-src wasm-eval')).toEqual([]);
        expect(result.ready).toMatchObject({ type: 'ready', device: { backend: 'webgpu', software: true } });
        // SwiftShader, or Mesa's lavapipe now that Vulkan is on: either way a software adapter, which the app refuses
        // to train on unless the run allows it (open-session.ts)
        expect((result.ready.device as { device: string }).device).toMatch(
          /swiftshader|google|llvmpipe|lavapipe|mesa/i,
        );
        expect(result.optimizerStep).toBe(STEPS);
        expect(result.tensorCount).toBe(cpuTensors);
        expect(result.losses).toHaveLength(STEPS);
        result.losses.forEach((l, i) => expect(Math.abs(l - cpu[i]), `step ${i + 1}`).toBeLessThan(1e-3));
        if (query) {
          const programs = await page.evaluate(() =>
            (globalThis as unknown as { catlipCompiledPrograms: () => string[] }).catlipCompiledPrograms(),
          );
          expect(programs.some((p) => p.startsWith('catlipMatMul_medium'))).toBe(true);
        }
        await page.close();
      },
    );
  },
);
