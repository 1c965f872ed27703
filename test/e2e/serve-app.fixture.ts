/**
 * What the browser end-to-end tests of the served app share: `catlip-pilot serve` on a free port, Debian's
 * Chromium (the suites skip with the reason when it is missing), a page whose console errors are collected
 * (the refusals a test provokes on purpose excepted), screenshots under test/e2e/artifacts/ and axe-core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const artifacts = path.join(root, 'test/e2e/artifacts');
const CHROMIUM = process.env.CATLIP_CHROMIUM ?? '/usr/bin/chromium';
/** Why the browser suites cannot run here, or null. */
export const chromiumMissing = existsSync(CHROMIUM)
  ? null
  : `${CHROMIUM} is not installed (apt-get install -y chromium)`;
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The served app is the built one: says what to run when it is not there. */
function assertBuilt(): void {
  for (const built of ['dist/electron/engine/cli/main.js', 'dist/renderer/index.html']) {
    if (!existsSync(path.join(root, built)))
      throw new Error(`${built} is missing: run \`npm run build:engine && npm run build:renderer\` first`);
  }
  mkdirSync(artifacts, { recursive: true });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface ServedApp {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/**
 * Starts `catlip-pilot serve --json` on a free port (`allowPaths`: folders besides the home that imports may
 * read, --allow-path) and resolves with the URL from its last (JSON) stdout line.
 */
async function startServer(home: string, allowPaths: readonly string[] = []): Promise<ServedApp> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'electron/engine/cli/catlip-pilot.mjs'),
      'serve',
      '--home',
      home,
      '--port',
      String(port),
      ...allowPaths.flatMap((p) => ['--allow-path', p]),
      '--json',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const output = () => out;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`catlip-pilot serve did not print its URL within 60 s:\n${out}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      for (const line of out.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const { url } = JSON.parse(line) as { url?: string };
          if (url) {
            clearTimeout(timer);
            child.stdout?.off('data', onData);
            child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
            return resolve({ child, url, output });
          }
        } catch {
          /* not the JSON line yet */
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`catlip-pilot serve exited with ${code} before printing its URL:\n${out}`));
    });
  });
}

async function stopServer(server: ServedApp | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null) return;
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
}

interface BrowserPage {
  browser: Browser;
  page: Page;
  /** Console errors and uncaught page errors, one line each. */
  problems: string[];
  /** The next `n` 4xx answers are refusals the test asks for: Chromium logs each one, which is expected. */
  expectRefusals(n: number): void;
}

/** Launches headless Chromium with one page (English, 1280×900, downloads allowed) whose problems are collected. */
async function openBrowserPage(): Promise<BrowserPage> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const problems: string[] = [];
  let expectedRefusals = 0;
  page.on('console', (m) => {
    if (
      expectedRefusals > 0 &&
      /Failed to load resource: .* (400 \(Bad Request\)|422 \(Unprocessable Entity\))/.test(m.text())
    ) {
      expectedRefusals--;
      return;
    }
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { browser, page, problems, expectRefusals: (n) => (expectedRefusals += n) };
}

/** A full-page screenshot as test/e2e/artifacts/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

/** axe-core over the page as it is now: the serious and critical violations, one line each. */
export async function axeProblems(page: Page, where: string): Promise<string[]> {
  // evaluated through the DevTools protocol: a <script> tag would be (rightly) refused by the page's CSP
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(readFileSync(AXE, 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(
            c: unknown,
            o: unknown,
          ): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }>;
        };
      }
    ).axe;
    return (await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] }))
      .violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${where}: ${v.id} (${v.impact}) at ${v.nodes
          .slice(0, 3)
          .map((n) => JSON.stringify(n.target))
          .join(', ')}`,
    );
}

/** An empty home served by `catlip-pilot serve` and a browser page to drive it. */
export interface AppSession extends BrowserPage {
  home: string;
  server: ServedApp;
  started: number;
}

/**
 * A new home (a temporary folder named `homePrefix`…) served with `allowPaths` as extra import roots, and
 * Chromium with one page; the built engine and renderer are required. End it with `closeApp`.
 */
export async function openApp(homePrefix: string, allowPaths: readonly string[] = []): Promise<AppSession> {
  const started = Date.now();
  assertBuilt();
  const home = mkdtempSync(path.join(os.tmpdir(), homePrefix));
  const server = await startServer(home, allowPaths);
  return { home, server, started, ...(await openBrowserPage()) };
}

/** Closes the browser, stops the server, removes the home and says how long the suite took. */
export async function closeApp(app: AppSession | undefined, suite: string): Promise<void> {
  if (!app) return;
  await app.browser.close();
  await stopServer(app.server);
  rmSync(app.home, { recursive: true, force: true });
  console.log(
    `${suite}: ${((Date.now() - app.started) / 1000).toFixed(1)} s; screenshots in ${path.relative(root, artifacts)}/`,
  );
}

/** On a run's screen: waits until its first step's loss has arrived through the event stream (the run is live). */
export async function waitForFirstLoss(page: Page): Promise<void> {
  await expect
    .poll(async () => (await page.getByTestId('latest-loss').innerText()).trim(), { timeout: 180_000, interval: 250 })
    .not.toBe('—');
}
