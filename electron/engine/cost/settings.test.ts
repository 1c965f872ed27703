import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store/database.js';
import { DEFAULT_COST_SETTINGS, formatMoney, getCostSettings, resolveCostSettings, setCostSettings } from './settings.js';

let home: string;
let db: Db;
beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'catlip-cost-settings-'));
  db = openDatabase(home);
});
afterEach(() => {
  db.close();
  rmSync(home, { recursive: true, force: true });
});

describe('cost settings', () => {
  it('has no invented prices or plan by default', () => {
    const s = getCostSettings(db);
    expect(s).toEqual(DEFAULT_COST_SETTINGS);
    expect(s.gpuCostPerHour).toBeNull();
    expect(s.electricityPerKwh).toBeNull();
    expect(Object.values(s.plan).every((v) => v === null)).toBe(true);
  });

  it('round-trips through the settings table, merging partial plans, and survives reopening the database', () => {
    setCostSettings(db, { currency: 'USD', gpuCostPerHour: 2.5, plan: { images: 1_000_000, epochs: 3 } });
    const saved = setCostSettings(db, { plan: { gpus: 8, bandwidthGBps: 300 }, bandwidthEfficiency: { low: 0.6 } });
    expect(saved.plan).toEqual({ images: 1_000_000, epochs: 3, gpus: 8, bandwidthGBps: 300, perGpuBatch: null });
    expect(saved.bandwidthEfficiency).toEqual({ low: 0.6, high: 0.9 });
    db.close();
    db = openDatabase(home);
    expect(getCostSettings(db)).toEqual(saved);
    const json = db.prepare(`SELECT value_json FROM settings WHERE key = 'cost'`).pluck().get() as string;
    expect(JSON.parse(json).currency).toBe('USD');
  });

  it('null unsets a saved value; resolve applies a patch without saving it', () => {
    setCostSettings(db, { gpuCostPerHour: 400 });
    expect(setCostSettings(db, { gpuCostPerHour: null }).gpuCostPerHour).toBeNull();
    expect(resolveCostSettings(db, { gpuCostPerHour: 900, currency: 'USD' })).toMatchObject({ gpuCostPerHour: 900, currency: 'USD' });
    expect(getCostSettings(db)).toMatchObject({ gpuCostPerHour: null, currency: 'JPY' });
  });

  it('rejects invalid input naming the field, and saves nothing', () => {
    expect(() => setCostSettings(db, { currency: 'yen' })).toThrow(/currency: .*ISO 4217/);
    expect(() => setCostSettings(db, { currency: 'XQQ' })).toThrow(/currency: not a currency/);
    expect(() => setCostSettings(db, { gpuCostPerHour: -1 })).toThrow(/gpuCostPerHour/);
    expect(() => setCostSettings(db, { plan: { gpus: 1.5 } })).toThrow(/plan\.gpus/);
    expect(() => setCostSettings(db, { bandwidthEfficiency: { low: 0.95 } })).toThrow(/bandwidthEfficiency: low must not exceed high/);
    expect(db.prepare('SELECT count(*) FROM settings').pluck().get()).toBe(0);
  });

  it('formats JPY without and USD with minor units', () => {
    expect(formatMoney(1234.5, 'JPY', 'en-US')).toBe('¥1,235');
    expect(formatMoney(1234.5, 'USD', 'en-US')).toBe('$1,234.50');
    expect(formatMoney(1234.5, 'JPY', 'ja-JP')).toMatch(/^[¥￥]1,235$/);
  });
});
