const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2})+/g;
const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Python `urllib.parse.unquote(text)` (UTF-8, errors='replace'): %XX runs become bytes decoded as UTF-8,
 * invalid sequences become U+FFFD, and a '%' without two hex digits after it stays as it is. Never throws,
 * unlike `decodeURIComponent`.
 */
export function pyUnquote(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(PERCENT_RUN, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
    return utf8.decode(bytes);
  });
}
