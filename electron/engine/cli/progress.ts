import type { ImportProgress } from '../../shared/channels.js';
import { formatSeconds } from './output.js';

export function describeImportProgress(p: ImportProgress): string {
  const eta = p.eta_seconds === null ? '' : `, ETA ${formatSeconds(p.eta_seconds)}`;
  const pct = p.fraction === null ? '' : ` ${(p.fraction * 100).toFixed(0)}%`;
  return `importing ${p.dataset}:${pct} ${p.processed} records, ${p.items} items, ${p.skipped} skipped, ${p.items_per_second.toFixed(0)} items/s${eta}`;
}
