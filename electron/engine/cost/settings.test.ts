import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COST_SETTINGS,
  formatMoney,
  getCostSettings,
  resolveCostSettings,
  setCostSettings,
} from './settings.js';
import { useTempHomeDatabase } from '../store/temp-home.fixture.js';

const temp = useTempHomeDatabase('catlip-cost-settings-');

describe('cost settings', () => {
  it('has no invented prices or plan by default', () => {
    const s = getCostSettings(temp.db);
    expect(s).toEqual(DEFAULT_COST_SETTINGS);
    expect(s.gpuCostPerHour).toBeNull();
    expect(s.electricityPerKwh).toBeNull();
    expect(Object.values(s.plan).every((v) => v === null)).toBe(true);
  });

  it('round-trips through the settings table, merging partial plans, and survives reopening the database', () => {
    setCostSettings(temp.db, { currency: 'USD', gpuCostPerHour: 2.5, plan: { images: 1_000_000, epochs: 3 } });
    const saved = setCostSettings(temp.db, {
      plan: { gpus: 8, bandwidthGBps: 300 },
      bandwidthEfficiency: { low: 0.6 },
    });
    expect(saved.plan).toEqual({ images: 1_000_000, epochs: 3, gpus: 8, bandwidthGBps: 300, perGpuBatch: null });
    expect(saved.bandwidthEfficiency).toEqual({ low: 0.6, high: 0.9 });
    temp.reopen();
    expect(getCostSettings(temp.db)).toEqual(saved);
    const json = temp.db.prepare(`SELECT value_json FROM settings WHERE key = 'cost'`).pluck().get() as string;
    expect(JSON.parse(json).currency).toBe('USD');
  });

  it('null unsets a saved value; resolve applies a patch without saving it', () => {
    setCostSettings(temp.db, { gpuCostPerHour: 400 });
    expect(setCostSettings(temp.db, { gpuCostPerHour: null }).gpuCostPerHour).toBeNull();
    expect(resolveCostSettings(temp.db, { gpuCostPerHour: 900, currency: 'USD' })).toMatchObject({
      gpuCostPerHour: 900,
      currency: 'USD',
    });
    expect(getCostSettings(temp.db)).toMatchObject({ gpuCostPerHour: null, currency: 'JPY' });
  });

  it('rejects invalid input naming the field, and saves nothing', () => {
    expect(() => setCostSettings(temp.db, { currency: 'yen' })).toThrow(/currency: .*ISO 4217/);
    expect(() => setCostSettings(temp.db, { currency: 'XQQ' })).toThrow(/currency: not a currency/);
    expect(() => setCostSettings(temp.db, { gpuCostPerHour: -1 })).toThrow(/gpuCostPerHour/);
    expect(() => setCostSettings(temp.db, { plan: { gpus: 1.5 } })).toThrow(/plan\.gpus/);
    expect(() => setCostSettings(temp.db, { bandwidthEfficiency: { low: 0.95 } })).toThrow(
      /bandwidthEfficiency: low must not exceed high/,
    );
    expect(temp.db.prepare('SELECT count(*) FROM settings').pluck().get()).toBe(0);
  });

  it('formats JPY without and USD with minor units', () => {
    expect(formatMoney(1234.5, 'JPY', 'en-US')).toBe('¥1,235');
    expect(formatMoney(1234.5, 'USD', 'en-US')).toBe('$1,234.50');
    expect(formatMoney(1234.5, 'JPY', 'ja-JP')).toMatch(/^[¥￥]1,235$/);
  });
});
