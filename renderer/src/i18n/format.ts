/** Locale-aware formatting with Intl (pure functions of the locale; the app passes the current one). */
export type Locale = 'ja' | 'en';
export const LOCALES: readonly Locale[] = ['ja', 'en'];
/** Intl locale tags: Japanese as used in Japan, English with international (day-month) conventions left to en-US defaults. */
const TAG: Record<Locale, string> = { ja: 'ja-JP', en: 'en-US' };

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat(TAG[locale], options)));
  return f;
}

/** The first supported language of the browser's preference list (`navigator.languages`), else English. */
export function detectLocale(languages: readonly string[] | undefined): Locale {
  for (const l of languages ?? []) {
    const base = l.toLowerCase().split(/[-_]/)[0];
    if (base === 'ja' || base === 'en') return base;
  }
  return 'en';
}

export function formatNumber(locale: Locale, value: number | null | undefined, maxDigits = 2, minDigits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return numberFormat(locale, { maximumFractionDigits: maxDigits, minimumFractionDigits: minDigits }).format(value);
}

/** Integers with grouping (1,906). */
export function formatInteger(locale: Locale, value: number | null | undefined): string {
  return formatNumber(locale, value, 0);
}

/** Three significant digits: losses, rates, learning rates (6.25e-4 shown as 0.000625). */
export function formatSignificant(locale: Locale, value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value !== 0 && Math.abs(value) < 1e-4)
    return numberFormat(locale, { notation: 'scientific', maximumSignificantDigits: digits }).format(value);
  return numberFormat(locale, { maximumSignificantDigits: digits }).format(value);
}

/** A share 0..1 as a percentage (62.5%). */
export function formatPercent(locale: Locale, value: number | null | undefined, maxDigits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: maxDigits }).format(value);
}

/** An amount of money in an ISO 4217 currency (¥1,200 / $12.50), with the currency's usual decimals. */
export function formatCurrency(locale: Locale, value: number | null | undefined, currency: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return numberFormat(locale, { style: 'currency', currency }).format(value);
}

/** A duration in seconds in the locale's words: "1 hr 5 min" / "1時間5分", "42 sec" / "42秒". */
export function formatDuration(locale: Locale, seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  // Japanese writes the units right after the number ("5分"); ICU's short units put a space in ("5 分")
  const JA_UNITS = { hour: '時間', minute: '分', second: '秒' } as const;
  const unit = (u: 'hour' | 'minute' | 'second', n: number, digits = 0) =>
    locale === 'ja'
      ? `${formatNumber(locale, n, digits)}${JA_UNITS[u]}`
      : numberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: digits }).format(n);
  const join = (parts: string[]) => (locale === 'ja' ? parts.join('') : parts.join(' '));
  if (seconds < 10) return unit('second', seconds, 1);
  if (seconds < 60) return unit('second', Math.round(seconds));
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return join([unit('hour', h), ...(m ? [unit('minute', m)] : [])]);
  return join([unit('minute', m), ...(s ? [unit('second', s)] : [])]);
}

export function formatDate(locale: Locale, iso: string | Date | null | undefined): string {
  if (!iso) return '—';
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(TAG[locale], { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
