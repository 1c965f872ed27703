import type { Response, VocabSummary } from '../../../shared/channels.js';
import type { VocabEdit } from '../../../shared/vocab-edit.js';
import { enumOption, intOption, UsageError, type Command, type CommandContext, type Output } from '../command.js';
import { percent, table } from '../output.js';

export const vocabCommand: Command = {
  name: 'vocab',
  usage:
    'vocab --dataset NAME [--min-count K | --threshold cc3m|datacomp] [--max-size N] [--mode paper|corenet] [--top N] [--no-lemma-classes]\n' +
    '       vocab edit --vocabulary ID [--map TERM=SYNSET]... [--merge A,B=INTO]... [--custom NAME=TRIGGER,TRIGGER]... [--stop A,B]... [--top N] [--preview]',
  summary:
    'build the synset vocabulary (CatLIP classes) of a caption dataset and show its statistics; `vocab edit` makes a business version of one',
  positionals: [0, 1],
  options: {
    dataset: { type: 'string' },
    'min-count': { type: 'string' },
    threshold: { type: 'string' },
    'max-size': { type: 'string' },
    mode: { type: 'string', default: 'paper' },
    top: { type: 'string' },
    'no-lemma-classes': { type: 'boolean' },
    vocabulary: { type: 'string' },
    map: { type: 'string', multiple: true },
    merge: { type: 'string', multiple: true },
    custom: { type: 'string', multiple: true },
    stop: { type: 'string', multiple: true },
    preview: { type: 'boolean' },
  },
  async run(ctx) {
    const { values, positionals, engine, out } = ctx;
    if (positionals[0] === 'edit') return editCommand(ctx);
    if (positionals.length) throw new UsageError(`unknown vocab subcommand "${positionals[0]}" (the only one is edit)`);
    const summary = await engine().invoke('vocab:build', {
      dataset: values.dataset as string,
      mode: values.mode as 'paper',
      minCount: intOption(values, 'min-count'),
      threshold:
        values.threshold === undefined
          ? undefined
          : enumOption(['cc3m', 'datacomp'] as const, values.threshold, 'threshold'),
      maxSize: intOption(values, 'max-size'),
      top: intOption(values, 'top'),
      lemmaClasses: values['no-lemma-classes'] ? false : undefined,
    });
    printVocabSummary(summary, out);
    out.result(summary);
  },
};

/** `vocab edit`: the options become edits in a fixed order (map, merge, custom, stop), each kind in the order given. */
async function editCommand({ values, engine, out }: CommandContext): Promise<void> {
  const vocabulary = intOption(values, 'vocabulary');
  if (vocabulary === undefined) throw new UsageError('vocab edit needs --vocabulary ID (the vocabulary to start from)');
  const list = (name: string) => (values[name] as unknown as string[] | undefined) ?? [];
  const split = (option: string, text: string): [string, string] => {
    const at = text.lastIndexOf('=');
    if (at <= 0 || at === text.length - 1) throw new UsageError(`--${option} takes LEFT=RIGHT, got "${text}"`);
    return [text.slice(0, at).trim(), text.slice(at + 1).trim()];
  };
  const words = (text: string) =>
    text
      .split(',')
      .map((w) => w.trim())
      .filter((w) => w !== '');
  const edits: VocabEdit[] = [
    ...list('map')
      .map((m) => split('map', m))
      .map(([term, synset]) => ({ op: 'map' as const, term, synset })),
    ...list('merge')
      .map((m) => split('merge', m))
      .map(([classes, into]) => ({ op: 'merge' as const, classes: words(classes), into })),
    ...list('custom')
      .map((m) => split('custom', m))
      .map(([name, triggers]) => ({ op: 'custom' as const, name, triggers: words(triggers) })),
    ...list('stop').map((m) => ({ op: 'stop' as const, classes: words(m) })),
  ];
  if (values.preview) return printEditPreview(await engine().invoke('vocab:edit:preview', { vocabulary, edits }), out);
  if (edits.length === 0) throw new UsageError('vocab edit needs at least one of --map, --merge, --custom, --stop');
  const v = await engine().invoke('vocab:edit', { vocabulary, edits, top: intOption(values, 'top') });
  out.line(
    `vocabulary ${v.vocabulary}: edited from vocabulary ${v.parent} (${v.edits.length} edits in all; ${v.relabelled} training captions relabelled)`,
  );
  printVocabSummary(v, out);
  out.result(v);
}

/** Curve points printed by `vocab edit --preview` at most (evenly picked, the last one kept). */
const PREVIEW_POINTS = 12;

/** `vocab edit --preview`: what saving the edits would give, and the edited curve; nothing is saved. */
function printEditPreview(p: Response<'vocab:edit:preview'>, out: Output): void {
  const figures = `${p.size} classes, coverage ${percent(p.coverage)} (captions with ≥ 1 class)`;
  out.line(
    p.pending_edits
      ? `vocabulary ${p.vocabulary} with ${p.pending_edits} edits (not saved) at min-count ${p.min_count}: ${figures}; ` +
          `now ${p.base.size} classes, coverage ${percent(p.base.coverage)}`
      : `vocabulary ${p.vocabulary} at min-count ${p.min_count}: ${figures}`,
  );
  const step = Math.max(1, Math.ceil(p.points.length / PREVIEW_POINTS));
  const shown = p.points.filter((_, i) => i % step === 0 || i === p.points.length - 1);
  out.line(
    table([
      ['min-count', 'classes', 'coverage', 'labels/caption'],
      ...shown.map((q) => [q.min_count, q.size, percent(q.coverage), q.labels_per_caption.toFixed(2)]),
    ]).replace(/^/gm, '  '),
  );
  out.result(p);
}

export function printVocabSummary(v: VocabSummary, out: Output): void {
  const lemmas = v.lemma_classes ? ` (${v.synset_classes} synsets + ${v.lemma_classes} lemma classes)` : '';
  out.line(
    `vocabulary ${v.vocabulary} of ${v.dataset} (${v.mode} mode): ${v.size} classes${lemmas} with count ≥ ${v.min_count}` +
      `${v.min_count_default ? ' (default for this dataset size; set --min-count to change)' : ''}${v.max_size ? `, at most ${v.max_size}` : ''}`,
  );
  out.line(`  threshold: ${thresholdLine(v)}`);
  out.line(
    `  ${v.captions} training captions; coverage ${percent(v.coverage)} (captions with ≥ 1 label; ${percent(v.synset_coverage)} with ≥ 1 synset), ` +
      `${v.labels_per_caption.toFixed(2)} labels per caption`,
  );
  if (v.top.length)
    out.line(
      table([
        ['class', 'wnid', 'count'],
        ...v.top.map((t) => [t.name, t.kind === 'lemma' ? '(lemma class)' : t.offset, t.count]),
      ]).replace(/^/gm, '  '),
    );
}

/** Which paper threshold the min-count is, scaled to the dataset (the report states the same). */
export function thresholdLine(v: Pick<VocabSummary, 'threshold' | 'min_count' | 'captions'>): string {
  return v.threshold === 'cc3m'
    ? `CC3M's V_tau = 500 per 3.3M captions, scaled to ${v.captions} captions (the default; --threshold datacomp for DataComp's)`
    : v.threshold === 'datacomp'
      ? `DataComp's V_tau = 500 per 1.3B captions, scaled to ${v.captions} captions`
      : `min-count ${v.min_count} set by hand (not a paper threshold scaled to this dataset)`;
}
