/** Languages a caption is labelled in; `auto` picks one per caption by its script. */
export type CaptionLanguage = 'en' | 'ja';
export type LanguageOption = 'auto' | CaptionLanguage;
export const LANGUAGE_OPTIONS: readonly LanguageOption[] = ['auto', 'en', 'ja'];

/** Hiragana, katakana (full and half width) or a CJK ideograph: text written in Japanese. */
const JAPANESE_SCRIPT = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;

/** 'ja' when the caption holds any Japanese script ("iPhoneの写真" is Japanese), else 'en'. */
export function detectLanguage(caption: string): CaptionLanguage {
  return JAPANESE_SCRIPT.test(caption) ? 'ja' : 'en';
}

export function languageOf(caption: string, option: LanguageOption): CaptionLanguage {
  return option === 'auto' ? detectLanguage(caption) : option;
}
