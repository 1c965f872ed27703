import type { VocabSummary } from '../../../shared/channels.js';
import { intOption, type Command, type Output } from '../command.js';
import { percent, table } from '../output.js';

export const vocabCommand: Command = {
  name: 'vocab',
  usage: 'vocab --dataset NAME [--min-count K] [--max-size N] [--mode paper|corenet] [--top N] [--no-lemma-classes]',
  summary: 'build the synset vocabulary (CatLIP classes) of a caption dataset and show its statistics',
  positionals: [0, 0],
  options: {
    dataset: { type: 'string' },
    'min-count': { type: 'string' },
    'max-size': { type: 'string' },
    mode: { type: 'string', default: 'paper' },
    top: { type: 'string' },
    'no-lemma-classes': { type: 'boolean' },
  },
  async run({ values, engine, out }) {
    const summary = await engine().invoke('vocab:build', {
      dataset: values.dataset as string,
      mode: values.mode as 'paper',
      minCount: intOption(values, 'min-count'),
      maxSize: intOption(values, 'max-size'),
      top: intOption(values, 'top'),
      lemmaClasses: values['no-lemma-classes'] ? false : undefined,
    });
    printVocabSummary(summary, out);
    out.result(summary);
  },
};

export function printVocabSummary(v: VocabSummary, out: Output): void {
  const lemmas = v.lemma_classes ? ` (${v.synset_classes} synsets + ${v.lemma_classes} lemma classes)` : '';
  out.line(`vocabulary ${v.vocabulary} of ${v.dataset} (${v.mode} mode): ${v.size} classes${lemmas} with count ≥ ${v.min_count}` +
    `${v.min_count_default ? ' (default for this dataset size; set --min-count to change)' : ''}${v.max_size ? `, at most ${v.max_size}` : ''}`);
  out.line(`  ${v.captions} training captions; coverage ${percent(v.coverage)} (captions with ≥ 1 label; ${percent(v.synset_coverage)} with ≥ 1 synset), ` +
    `${v.labels_per_caption.toFixed(2)} labels per caption`);
  if (v.top.length) out.line(table([['class', 'wnid', 'count'], ...v.top.map((t) => [t.name, t.kind === 'lemma' ? '(lemma class)' : t.offset, t.count])]).replace(/^/gm, '  '));
}
