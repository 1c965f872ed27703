import { intOption, type Command } from '../command.js';
import { percent, table } from '../output.js';

export const qualityCommand: Command = {
  name: 'quality',
  usage: 'quality --dataset NAME [--view NAME] [--mode paper|corenet] [--top N]',
  summary:
    'data quality of a caption dataset before training: captions without a class, language mix, caption lengths, unmatched nouns, duplicate and near-duplicate images',
  positionals: [0, 0],
  options: {
    dataset: { type: 'string' },
    view: { type: 'string' },
    mode: { type: 'string', default: 'paper' },
    top: { type: 'string' },
  },
  async run({ values, engine, out }) {
    const q = await engine().invoke('datasets:quality', {
      dataset: values.dataset as string,
      mode: values.mode as 'paper',
      top: intOption(values, 'top'),
      view: typeof values.view === 'string' ? values.view : undefined,
    });
    out.line(
      `${q.dataset}${q.view ? ` (view ${q.view})` : ''}: ${q.captions} captions (${q.mode} mode); ${percent(q.no_class)} give no class, ${percent(q.no_synset)} no synset; ` +
        `${q.languages.ja} Japanese, ${q.languages.en} English; ${q.duplicate_images} duplicate images found at import`,
    );
    out.line(
      table([
        ['caption length (characters)', 'captions'],
        ...q.lengths.map((b) => [b.max === null ? `${b.min}+` : `${b.min}–${b.max}`, b.count]),
      ]).replace(/^/gm, '  '),
    );
    if (q.unmatched.length)
      out.line(
        table([['noun without a synset', 'captions'], ...q.unmatched.map((u) => [u.lemma, u.count])]).replace(
          /^/gm,
          '  ',
        ),
      );
    const near = q.near_duplicates;
    out.line(
      `near-duplicate images (perceptual hash, at most ${near.threshold} of 64 bits apart): ${near.groups} groups among ${near.images} images; ` +
        `dropping near-duplicates would remove ${near.redundant}`,
    );
    for (const group of near.examples) out.line(`  ${group.map((image) => image.source).join('  ≈  ')}`);
    out.result(q);
  },
};
