import type { Range } from '../../shared/cost.js';
import type { ReportLang } from '../../shared/report.js';
import { formatMoney } from '../cost/settings.js';

/**
 * Numbers, money, durations and dates as a reader of the report's language writes them (Intl, ja-JP or
 * en-US), so that the same measured value reads "1,234.5 img/s" in English and "1,234.5 枚/秒" in Japanese.
 * Every formatter takes a stored or computed value: the report never prints a number that is not data.
 */
export interface Formatter {
  lang: ReportLang;
  locale: 'ja-JP' | 'en-US';
  currency: string;
  /** Fixed fraction digits with grouping: 1234.5 → "1,234.5". */
  number(x: number, digits?: number): string;
  /** Significant digits, for values whose magnitude varies (GPU-hours, kWh, loss). */
  sig(x: number, digits?: number): string;
  int(x: number): string;
  /** A share as a percentage: 0.823 → "82.3%". */
  percent(share: number, digits?: number): string;
  /** A difference of two shares in percentage points, signed: 0.035 → "+3.5 pt" / "+3.5 ポイント". */
  points(diff: number): string;
  money(amount: number): string;
  /** "low–high" (Japanese: "low〜high"), or one value where both ends read the same. */
  range(r: Range, format: (x: number) => string): string;
  moneyRange(r: Range): string;
  /** A ratio: 2.5 → "2.50×" / "2.50 倍". */
  times(x: number): string;
  timesRange(r: Range): string;
  /** Images per second: "1,234.5 img/s" / "1,234.5 枚/秒". */
  rate(imagesPerSecond: number): string;
  duration(seconds: number): string;
  durationRange(hours: Range): string;
  milliseconds(ms: number): string;
  date(d: Date): string;
  /** "not set" / "未設定", for unset inputs. */
  unset: string;
  /** A value or the dash used for "none" in tables. */
  orDash<T>(x: T | null | undefined, f: (v: T) => string): string;
}

export function createFormatter(lang: ReportLang, currency: string): Formatter {
  const locale = lang === 'ja' ? 'ja-JP' : 'en-US';
  const nf = new Map<string, Intl.NumberFormat>();
  const cached = (key: string, options: Intl.NumberFormatOptions) => {
    let f = nf.get(key);
    if (!f) nf.set(key, (f = new Intl.NumberFormat(locale, options)));
    return f;
  };
  const number = (x: number, digits = 1) =>
    cached(`f${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
  const sig = (x: number, digits = 3) => cached(`s${digits}`, { maximumSignificantDigits: digits }).format(x);
  const money = (amount: number) => {
    const text = formatMoney(amount, currency, locale);
    // a pilot can cost less than the currency's smallest unit (¥0.4): keep two significant digits then
    if (amount !== 0 && text === formatMoney(0, currency, locale)) {
      return cached('m', { style: 'currency', currency, maximumSignificantDigits: 2 }).format(amount);
    }
    return text;
  };
  const range = (r: Range, f: (x: number) => string) => {
    const [low, high] = [f(r.low), f(r.high)];
    // Japanese writes ranges with a wave dash: ¥1,200〜¥1,800
    return low === high ? low : `${low}${lang === 'ja' ? '〜' : '–'}${high}`;
  };
  const times = (x: number) => (lang === 'ja' ? `${number(x, 2)} 倍` : `${number(x, 2)}×`);
  const duration = (s: number) => formatDuration(s, lang, number);
  return {
    lang,
    locale,
    currency,
    number,
    sig,
    int: (x) => cached('i', { maximumFractionDigits: 0 }).format(x),
    percent: (share, digits = 1) => `${number(share * 100, digits)}%`,
    points: (diff) => {
      const text = `${diff > 0 ? '+' : diff < 0 ? '−' : '±'}${number(Math.abs(diff) * 100, 1)}`;
      return lang === 'ja' ? `${text} ポイント` : `${text} pt`;
    },
    money,
    range,
    moneyRange: (r) => range(r, money),
    times,
    timesRange: (r) => (lang === 'ja' ? `${range(r, (x) => number(x, 2))} 倍` : range(r, times)),
    rate: (x) => (lang === 'ja' ? `${number(x, 1)} 枚/秒` : `${number(x, 1)} img/s`),
    duration,
    durationRange: (r) => range({ low: r.low * 3600, high: r.high * 3600 }, duration),
    milliseconds: (ms) => `${number(ms, 1)} ms`,
    date: (d) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(d),
    unset: lang === 'ja' ? '未設定' : 'not set',
    orDash: (x, f) => (x === null || x === undefined ? '–' : f(x)),
  };
}

/** "42.0 s", "3 min 12 s", "2 h 5 min", "3 d 4 h" — or the same in Japanese units. */
function formatDuration(seconds: number, lang: ReportLang, number: (x: number, digits?: number) => string): string {
  const u = lang === 'ja' ? { s: '秒', min: '分', h: '時間', d: '日' } : { s: 's', min: 'min', h: 'h', d: 'd' };
  if (seconds < 60) return `${number(seconds, 1)} ${u.s}`;
  const minutes = Math.round(seconds / 60);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} ${u.min} ${Math.floor(seconds % 60)} ${u.s}`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} ${u.h} ${minutes % 60} ${u.min}`;
  const hours = Math.round(seconds / 3600);
  return `${number(Math.floor(hours / 24), 0)} ${u.d} ${hours % 24} ${u.h}`;
}
