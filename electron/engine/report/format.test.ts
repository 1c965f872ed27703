import { describe, expect, it } from 'vitest';
import { createFormatter } from './format.js';

describe('createFormatter', () => {
  it('writes numbers, rates, ratios, ranges and durations as each language does', () => {
    const en = createFormatter('en', 'USD');
    const ja = createFormatter('ja', 'JPY');
    expect(en.rate(1234.56)).toBe('1,234.6 img/s');
    expect(ja.rate(1234.56)).toBe('1,234.6 枚/秒');
    expect(en.times(2.5)).toBe('2.50×');
    expect(ja.times(2.5)).toBe('2.50 倍');
    expect(en.timesRange({ low: 2.5, high: 3 })).toBe('2.50×–3.00×');
    expect(ja.timesRange({ low: 2.5, high: 3 })).toBe('2.50〜3.00 倍');
    expect(en.points(0.035)).toBe('+3.5 pt');
    expect(ja.points(-0.02)).toBe('−2.0 ポイント');
    expect(en.percent(0.8234)).toBe('82.3%');
    expect(en.duration(42)).toBe('42.0 s');
    expect(ja.duration(100)).toBe('1 分 40 秒');
    expect(en.duration(2 * 3600 + 5 * 60)).toBe('2 h 5 min');
    expect(ja.duration(3 * 86400 + 4 * 3600)).toBe('3 日 4 時間');
  });

  it("formats money in the settings' currency, keeping sub-unit pilot costs visible", () => {
    expect(createFormatter('en', 'USD').money(1234.5)).toBe('$1,234.50');
    expect(createFormatter('ja', 'JPY').money(1234)).toBe('￥1,234');
    expect(createFormatter('en', 'JPY').money(0.37)).toBe('¥0.37');
    expect(createFormatter('ja', 'JPY').moneyRange({ low: 1200, high: 1800 })).toBe('￥1,200〜￥1,800');
  });
});
