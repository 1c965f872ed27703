/**
 * "Try it" in a real browser against `catlip-pilot serve`: a tiny CatLIP run and a fine-tuned model saved from
 * it (`eval --save`) are made with the built command line; then on the run's page a photo is uploaded through
 * the file input (the bytes travel in the request), the pretrained synsets appear, the saved model is chosen and
 * its flower classes appear with probabilities; a file that is no image gets the engine's error, and the page
 * goes on working.
 *
 * Needs `npm run build:engine && npm run build:renderer` first. Without /usr/bin/chromium (or CATLIP_CHROMIUM)
 * the suite is reported as skipped.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const data = path.join(root, '../shared/data');
const CLI = path.join(root, 'electron/engine/cli/catlip-pilot.mjs');
const CHROMIUM = process.env.CATLIP_CHROMIUM ?? '/usr/bin/chromium';
const skipReason = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is not installed`
  : !existsSync(data)
    ? `${data} is missing`
    : null;
if (skipReason) console.warn(`Try it end-to-end test SKIPPED: ${skipReason}`);
const FLOWERS = ['daisy', 'dandelion', 'rose', 'sunflower', 'tulip'];

const cli = (home: string, args: string[]) =>
  execFileSync(process.execPath, [CLI, ...args, '--home', home], { encoding: 'utf8', cwd: root });

/** Starts `catlip-pilot serve --json` and resolves with the URL from its JSON stdout line. */
function serve(home: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--home', home, '--port', '0', '--json'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL within 60 s:\n${out}`)), 60_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{') && l.includes('"url"'));
      if (line) {
        clearTimeout(timer);
        resolve({ child, url: (JSON.parse(line) as { url: string }).url });
      }
    });
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
  });
}

describe.skipIf(skipReason !== null)(`Try it in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let home: string;
  let server: Awaited<ReturnType<typeof serve>>;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  let photo = '';

  beforeAll(async () => {
    for (const built of ['dist/electron/engine/cli/main.js', 'dist/renderer/index.html']) {
      if (!existsSync(path.join(root, built)))
        throw new Error(`${built} is missing: run \`npm run build:engine && npm run build:renderer\` first`);
    }
    home = mkdtempSync(path.join(os.tmpdir(), 'catlip-e2e-try-'));
    const flowers = path.join(home, 'flowers-small');
    for (const name of FLOWERS) {
      mkdirSync(path.join(flowers, name), { recursive: true });
      for (const file of readdirSync(path.join(data, 'flowers5', name))
        .sort()
        .slice(0, 4))
        copyFileSync(path.join(data, 'flowers5', name, file), path.join(flowers, name, file));
    }
    photo = path.join(
      data,
      'flowers5',
      'rose',
      readdirSync(path.join(data, 'flowers5', 'rose'))
        .sort()
        .at(-1)!,
    );
    cli(home, ['import', path.join(data, 'coco-mini'), '--name', 'coco', '--image-size', '32']);
    cli(home, ['vocab', '--dataset', 'coco', '--min-count', '2']);
    cli(home, [
      'train',
      '--dataset',
      'coco',
      '--objective',
      'catlip',
      '--model',
      'vit-tiny',
      '--steps',
      '3',
      '--batch',
      '8',
      '--backend',
      'cpu',
    ]);
    cli(home, ['import', flowers, '--name', 'flowers', '--image-size', '32']);
    cli(home, [
      'eval',
      '--run',
      '1',
      '--dataset',
      'flowers',
      '--method',
      'finetune',
      '--epochs',
      '1',
      '--batch',
      '8',
      '--backend',
      'cpu',
      '--save',
      '--name',
      'flowers-ft',
    ]);
    server = await serve(home);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(60_000);
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    server?.child.kill();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('uploads a photo on the run page: synsets, then the saved model’s classes; a bad file gets a clear error', async () => {
    const url = new URL(server.url);
    url.hash = '#/run/1';
    await page.goto(url.toString());
    const panel = page.getByTestId('try-it');
    await panel.getByRole('heading', { name: 'Try it on your own photo' }).waitFor();
    await panel.getByTestId('saved-models-1').getByText('flowers-ft').waitFor();

    await panel.getByTestId('try-it-file').setInputFiles(photo);
    const synsets = panel.getByTestId('try-it-pretrained-1');
    await synsets.getByText('Pretrained CatLIP: top synsets').waitFor();
    expect(await synsets.locator('tbody tr').count()).toBe(5);
    await expect.poll(() => panel.getByRole('img').getAttribute('src')).toMatch(/^data:image\/jpeg;base64,/);

    // saved model 1 is the one `eval --save` kept
    await panel.getByTestId('try-it-model-1').selectOption('1');
    const downstream = panel.getByTestId('try-it-downstream-1');
    await downstream.getByText('Saved model “flowers-ft”').waitFor();
    const rows = await downstream.locator('tbody tr td:first-child').allTextContents();
    expect(rows).toHaveLength(5);
    expect([...rows].sort()).toEqual(FLOWERS);
    const probabilities = (await downstream.locator('tbody tr td.num').allTextContents()).map((p) =>
      Number.parseFloat(p),
    );
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeGreaterThan(97);

    const broken = path.join(home, 'broken.jpg');
    writeFileSync(broken, 'this is not a jpeg');
    await panel.getByTestId('try-it-file').setInputFiles(broken);
    await expect
      .poll(async () => (await panel.getByRole('alert').allTextContents()).join(' '))
      .toMatch(/not a readable image/);
    expect(problems.filter((p) => !/422/.test(p))).toEqual([]);
  });
});
