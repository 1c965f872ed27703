import { en, type MessageKey } from './en.ts';
import {
  detectLocale,
  formatCurrency,
  formatDate,
  formatDuration,
  formatInteger,
  formatNumber,
  formatPercent,
  formatSignificant,
  LOCALES,
  type Locale,
} from './format.ts';
import { ja } from './ja.ts';

export type { Locale, MessageKey };
export { LOCALES };

const STORAGE_KEY = 'catlip.locale';
const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, ja };

function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === 'ja' || saved === 'en') return saved;
  } catch {
    /* storage unavailable */
  }
  const nav = globalThis.navigator;
  return detectLocale(nav?.languages?.length ? nav.languages : nav?.language ? [nav.language] : []);
}

/** The current UI language: reactive state, so everything that calls t() or fmt.* re-renders on a switch. */
const state = $state<{ locale: Locale }>({ locale: initialLocale() });

export function getLocale(): Locale {
  return state.locale;
}

export function setLocale(locale: Locale): void {
  state.locale = locale;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    /* not persisted */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/** Fills `{name}` placeholders; numbers are formatted for the locale (integers grouped, others 3 significant digits). */
export function interpolate(locale: Locale, template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    if (typeof v === 'number') return Number.isInteger(v) ? formatInteger(locale, v) : formatSignificant(locale, v);
    return v;
  });
}

/** The text for `key` in the current language. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const locale = state.locale;
  return interpolate(locale, dictionaries[locale][key] ?? en[key] ?? key, params);
}

/** Formatting in the current language. */
export const fmt = {
  number: (v: number | null | undefined, maxDigits = 2, minDigits = 0) =>
    formatNumber(state.locale, v, maxDigits, minDigits),
  integer: (v: number | null | undefined) => formatInteger(state.locale, v),
  significant: (v: number | null | undefined, digits = 3) => formatSignificant(state.locale, v, digits),
  percent: (v: number | null | undefined, maxDigits = 1) => formatPercent(state.locale, v, maxDigits),
  currency: (v: number | null | undefined, currency: string) => formatCurrency(state.locale, v, currency),
  duration: (seconds: number | null | undefined) => formatDuration(state.locale, seconds),
  date: (iso: string | Date | null | undefined) => formatDate(state.locale, iso),
};
