import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { ja } from './ja.ts';
import {
  detectLocale,
  formatDate,
  formatDuration,
  formatInteger,
  formatNumber,
  formatPercent,
  formatSignificant,
} from './format.ts';
import { getLocale, interpolate, setLocale, t } from './index.svelte.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('have the same keys in Japanese and English', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
  });

  it('use the same placeholders in both languages, and no empty texts', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(ja[key]), key).toEqual(placeholders(en[key]));
      expect(en[key].trim(), key).not.toBe('');
      expect(ja[key].trim(), key).not.toBe('');
    }
  });

  it('really are Japanese: most texts contain kana or kanji', () => {
    const values = Object.values(ja);
    const japanese = values.filter((v) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(v));
    expect(japanese.length / values.length).toBeGreaterThan(0.85);
  });

  it('has a "what to do" text for every API error code', async () => {
    const { ERROR_CODES } = await import('../api/errors.ts');
    for (const code of ERROR_CODES) expect(Object.keys(en)).toContain(`error.${code}.todo`);
  });

  it('labels every option the forms take from the shared schemas, in both languages', async () => {
    const { BACKENDS, EVAL_METHODS, FORMATS, MODELS, OBJECTIVES, RECIPES, REPORT_FORMATS } =
      await import('../lib/options.ts');
    const keys = [
      ...MODELS.flatMap((m) => [`model.${m}.title`, `model.${m}.desc`]),
      ...OBJECTIVES.map((o) => `objective.${o}`),
      ...BACKENDS.map((b) => `backend.${b}`),
      ...FORMATS.map((f) => `import.format.${f}`),
      ...RECIPES.flatMap((r) => [`wizard.recipe.${r}`, `wizard.recipe.${r}.hint`]),
      ...EVAL_METHODS.map((m) => `compare.method.${m}`),
      ...REPORT_FORMATS.map((f) => `report.format.${f}`),
    ];
    expect(keys.filter((k) => !(k in en) || !(k in ja))).toEqual([]);
  });
});

describe('locale', () => {
  it('defaults from the browser languages', () => {
    expect(detectLocale(['ja-JP', 'en-US'])).toBe('ja');
    expect(detectLocale(['fr-FR', 'en-GB'])).toBe('en');
    expect(detectLocale(['de'])).toBe('en');
    expect(detectLocale(['ja'])).toBe('ja');
    expect(detectLocale(undefined)).toBe('en');
  });

  it('switches the texts and is remembered', () => {
    setLocale('ja');
    expect(getLocale()).toBe('ja');
    expect(t('nav.compare')).toBe('比較');
    expect(localStorage.getItem('catlip.locale')).toBe('ja');
    expect(document.documentElement.lang).toBe('ja');
    setLocale('en');
    expect(t('nav.compare')).toBe('Compare');
    expect(t('run.progress', { step: 1200, steps: 5000 })).toBe('Step 1,200 of 5,000');
  });

  it('fills placeholders, formatting numbers for the locale', () => {
    expect(interpolate('en', '{a} and {b} of {c}', { a: 1906, b: 0.12345 })).toBe('1,906 and 0.123 of {c}');
    expect(interpolate('ja', '{a} 件', { a: 1906 })).toBe('1,906 件');
  });
});

describe('formatting per locale', () => {
  it('formats numbers, percentages and significant digits', () => {
    expect(formatInteger('en', 1234567)).toBe('1,234,567');
    expect(formatInteger('ja', 1234567)).toBe('1,234,567');
    expect(formatNumber('en', 2.345, 2)).toBe('2.35');
    expect(formatNumber('en', 1.2, 2, 2)).toBe('1.20');
    expect(formatNumber('en', null)).toBe('—');
    expect(formatNumber('en', Number.NaN)).toBe('—');
    expect(formatPercent('en', 0.6249)).toBe('62.5%');
    expect(formatPercent('ja', 0.6249)).toBe('62.5%');
    expect(formatSignificant('en', 237.48359)).toBe('237');
    expect(formatSignificant('en', 0.000257)).toBe('0.000257');
    expect(formatSignificant('en', 0.0000123)).toBe('1.23E-5');
  });

  it('formats durations in words of the locale', () => {
    expect(formatDuration('en', 5.25)).toBe('5.3 sec');
    expect(formatDuration('en', 42)).toBe('42 sec');
    expect(formatDuration('en', 125)).toBe('2 min 5 sec');
    expect(formatDuration('en', 3600 + 300)).toBe('1 hr 5 min');
    expect(formatDuration('ja', 42)).toBe('42秒');
    expect(formatDuration('ja', 5.25)).toBe('5.3秒');
    expect(formatDuration('ja', 125)).toBe('2分5秒');
    expect(formatDuration('ja', 3900)).toBe('1時間5分');
    expect(formatDuration('en', null)).toBe('—');
  });

  it('formats dates per locale', () => {
    const d = new Date(2026, 10, 26, 20, 7);
    expect(formatDate('ja', d)).toBe('2026/11/26 20:07');
    expect(formatDate('en', d)).toMatch(/^Nov 26, 2026, 8:07\sPM$/);
    expect(formatDate('en', 'not a date')).toBe('not a date');
  });
});
