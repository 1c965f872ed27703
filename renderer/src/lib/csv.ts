import { UTF8_BOM } from '../../../electron/shared/csv.ts';

export { toCsv } from '../../../electron/shared/csv.ts';

/** Saves text as a file through the browser (UTF-8 with a BOM so spreadsheet apps read Japanese correctly). */
export function downloadText(filename: string, text: string, mime = 'text/csv;charset=utf-8'): void {
  const blob = new Blob([UTF8_BOM, text], { type: mime });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
