import type { ImportSummary } from '../../../shared/channels.js';
import { intOption, type Command, type Output } from '../command.js';
import { formatSeconds } from '../output.js';
import { describeImportProgress } from '../progress.js';

export const importCommand: Command = {
  name: 'import',
  usage:
    'import PATH --name NAME [--format auto|jsonl|csv|webdataset|coco|imagefolder] [--image-size N] [--max-pixels N] [--image-root DIR]...',
  summary: 'import an image–caption dataset or a labelled ImageFolder into the store',
  positionals: [1, 1],
  options: {
    name: { type: 'string' },
    format: { type: 'string', default: 'auto' },
    'image-size': { type: 'string' },
    'max-pixels': { type: 'string' },
    // Repeatable: folders a JSONL/CSV manifest's absolute or outside image paths may point into.
    'image-root': { type: 'string', multiple: true },
  },
  async run({ values, positionals, engine, out }) {
    const e = engine();
    const unsubscribe = e.events.on('import:progress', (p) => out.status(describeImportProgress(p)));
    try {
      const summary = await e.invoke('datasets:import', {
        path: positionals[0],
        name: values.name as string,
        format: values.format as 'auto',
        imageSize: intOption(values, 'image-size'),
        maxPixels: intOption(values, 'max-pixels'),
        imageRoots: (values['image-root'] as unknown as string[] | undefined) ?? [],
      });
      printImportSummary(summary, out);
      out.result(summary);
    } finally {
      unsubscribe();
    }
  },
};

export function printImportSummary(s: ImportSummary, out: Output, maxSkippedShown = 20): void {
  out.line(
    `${s.dataset} (${s.format}): +${s.items} items, +${s.images} images in ${formatSeconds(s.seconds)} (${s.images_per_second.toFixed(0)} images/s)`,
  );
  out.line(
    `  now ${s.totals.items} items, ${s.totals.images} images${s.totals.classes ? `, ${s.totals.classes} classes` : ''}; ` +
      `${s.already_present} already present, ${s.duplicates} duplicate images, ${s.skipped_count} skipped${s.status === 'cancelled' ? ' (cancelled)' : ''}`,
  );
  const shown = s.skipped.slice(0, maxSkippedShown);
  for (const k of shown) out.line(`  skipped ${k.source}: ${k.reason}`);
  if (s.skipped_count > shown.length)
    out.line(`  … and ${s.skipped_count - shown.length} more (--json lists ${s.skipped.length})`);
}
