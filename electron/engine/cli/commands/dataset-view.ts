import { describeFilters, type DatasetView } from '../../../shared/dataset-view.js';
import { enumOption, intOption, UsageError, type CommandContext } from '../command.js';
import { percent, table } from '../output.js';

/**
 * `datasets view create|list`: quality filters saved as a named, immutable view of a caption dataset, with
 * their effect on coverage (before → after) printed, so it is seen before training on the view.
 */
export const datasetViewOptions = {
  dataset: { type: 'string' },
  name: { type: 'string' },
  mode: { type: 'string', default: 'paper' },
  'drop-no-class': { type: 'boolean' },
  lang: { type: 'string' },
  'min-length': { type: 'string' },
  'max-length': { type: 'string' },
  'drop-near-duplicates': { type: 'boolean' },
  preview: { type: 'boolean' },
} as const;

export const datasetViewUsage =
  'datasets view create --dataset NAME --name VIEW [--mode paper|corenet] [--drop-no-class] [--lang en,ja] ' +
  '[--min-length N] [--max-length N] [--drop-near-duplicates] [--preview]  |  datasets view list --dataset NAME';

export async function datasetViewCommand({ values, positionals, engine, out }: CommandContext): Promise<void> {
  const action = positionals[1];
  if (typeof values.dataset !== 'string') throw new UsageError('--dataset NAME is required');
  if (action === 'list') {
    const views = await engine().invoke('datasets:views', { dataset: values.dataset });
    if (views.length === 0) out.line(`dataset ${values.dataset} has no views`);
    for (const v of views) printView(v, out.line.bind(out));
    out.result({ views });
    return;
  }
  if (action !== 'create') throw new UsageError(`unknown datasets view action "${action ?? ''}" (create or list)`);
  if (typeof values.name !== 'string') throw new UsageError('--name VIEW is required');
  const languages =
    typeof values.lang === 'string'
      ? values.lang.split(',').map((l) => enumOption(['en', 'ja'] as const, l.trim(), 'lang'))
      : undefined;
  const view = await engine().invoke('datasets:view:create', {
    dataset: values.dataset,
    name: values.name,
    mode: enumOption(['paper', 'corenet'] as const, values.mode, 'mode'),
    preview: values.preview === true,
    filters: {
      dropNoClass: values['drop-no-class'] === true,
      languages,
      minLength: intOption(values, 'min-length'),
      maxLength: intOption(values, 'max-length'),
      dropNearDuplicates: values['drop-near-duplicates'] === true,
    },
  });
  printView(view, out.line.bind(out));
  if (view.created_at === null) out.line('preview only: nothing saved');
  out.result(view);
}

function printView(v: DatasetView, line: (text: string) => void): void {
  const filters = describeFilters(v.filters);
  line(`view ${v.name} of ${v.dataset} (${v.mode} labelling): ${filters.length ? filters.join('; ') : 'no filters'}`);
  line(
    table([
      ['', 'items', 'captions', 'images', 'training items', 'classes', 'captions with a class'],
      [
        'before',
        v.before.items,
        v.before.captions,
        v.before.images,
        v.before.train_items,
        v.before.classes,
        percent(v.before.class_coverage),
      ],
      [
        'after',
        v.after.items,
        v.after.captions,
        v.after.images,
        v.after.train_items,
        v.after.classes,
        percent(v.after.class_coverage),
      ],
    ]).replace(/^/gm, '  '),
  );
}
