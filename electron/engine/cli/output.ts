import type { Output } from './command.js';

export function createOutput(json: boolean, stdout = process.stdout, stderr = process.stderr): Output {
  const tty = Boolean(stderr.isTTY);
  let lastPlainStatus = 0;
  let statusShown = false;
  const clearStatus = () => {
    if (statusShown && tty) stderr.write('\r\x1b[2K');
    statusShown = false;
  };
  return {
    line(text = '') {
      if (json) return;
      clearStatus();
      stdout.write(`${text}\n`);
    },
    note(text) {
      clearStatus();
      stderr.write(`${text}\n`);
    },
    status(text) {
      if (tty) {
        stderr.write(`\r\x1b[2K${text}`);
        statusShown = true;
      } else if (Date.now() - lastPlainStatus > 5000) {
        lastPlainStatus = Date.now();
        stderr.write(`${text}\n`);
      }
    },
    result(value) {
      clearStatus();
      if (json) stdout.write(`${JSON.stringify(value)}\n`);
    },
    raw(text) {
      clearStatus();
      stdout.write(`${text}\n`);
    },
  };
}

/** Text table for terminal output; the first row is the header, numeric columns are right-aligned. */
export function table(rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = cells[0].map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const numeric = cells[0].map((_, i) => rows.length > 1 && rows.slice(1).every((r) => typeof r[i] === 'number'));
  return cells
    .map((r) =>
      r
        .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
