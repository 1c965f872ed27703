import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setCostSettings } from '../../electron/engine/cost/settings.js';
import { seedPilot, type SeededPilot } from '../../electron/engine/report/seeded-report.fixture.js';
import { openDatabase } from '../../electron/engine/store/database.js';
import { runCli } from './run-cli.js';

// a finished pilot written straight into the home's database (no training), then the built bin as a user runs it
const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-cli-report-'));
const h = ['--home', home];
let pilot: SeededPilot;
beforeAll(() => {
  const db = openDatabase(home);
  pilot = seedPilot(db);
  setCostSettings(db, { gpuCostPerHour: 500, plan: { images: 1_000_000, epochs: 1, gpus: 8, bandwidthGBps: 50 } });
  db.close();
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('catlip-pilot report', () => {
  it('writes a Japanese PDF to --out and prints its path, or the ReportExport under --json', async () => {
    const out = path.join(home, 'exports', 'pilot.pdf');
    const r = await runCli([
      'report',
      '--runs',
      `${pilot.catlip},${pilot.clip}`,
      '--format',
      'pdf',
      '--lang',
      'ja',
      '--out',
      out,
      ...h,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(out);
    expect(existsSync(out)).toBe(true);
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
    expect(text).toContain('要旨');
    expect(text).toContain('160.0 枚/秒');

    const json = await runCli(['report', '--runs', `${pilot.catlip},${pilot.clip}`, '--format', 'csv', '--json', ...h]);
    expect(json.code, json.stderr).toBe(0);
    expect(json.json).toMatchObject({ report: 2, format: 'csv', lang: 'en', media_type: 'text/csv; charset=utf-8' });
    expect(path.dirname(json.json.path)).toBe(path.join(home, 'reports'));
    expect(readFileSync(json.json.path).length).toBe(json.json.bytes);
  });

  it('writes the slide deck with --format pptx', async () => {
    const r = await runCli([
      'report',
      '--runs',
      `${pilot.catlip},${pilot.clip}`,
      '--format',
      'pptx',
      '--lang',
      'ja',
      '--json',
      ...h,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({
      format: 'pptx',
      lang: 'ja',
      media_type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    });
    expect(r.json.file_name).toMatch(/-ja-\d{8}-\d{6}\.pptx$/);
    // a zip container, as every Office Open XML file
    expect(readFileSync(r.json.path).subarray(0, 2).toString()).toBe('PK');
  });

  it('names what is wrong: bad options exit 2, refused runs exit 1', async () => {
    const badFormat = await runCli(['report', '--runs', `${pilot.catlip},${pilot.clip}`, '--format', 'docx', ...h]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/--format must be one of pdf, html, csv, pptx; got "docx"/);
    const badRuns = await runCli(['report', '--runs', '1', ...h]);
    expect(badRuns.code).toBe(2);
    const order = await runCli(['report', '--runs', `${pilot.clip},${pilot.catlip}`, '--format', 'html', ...h]);
    expect(order.code).toBe(1);
    expect(order.stderr).toMatch(/the first run must be the CatLIP run, but run \d+ is clip/);
    const unknown = await runCli(['report', '--runs', `${pilot.catlip},999`, ...h]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no run 999/);
  });
});
