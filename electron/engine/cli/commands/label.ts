import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CaptionLanguageSchema, LabelModeSchema } from '../../../shared/channels.js';
import { createLabeler } from '../../labeling/labeler.js';
import { prepareCaptionLabelling } from '../../labeling/prepare-labelling.js';
import { UsageError, type Command } from '../command.js';

export const labelCommand: Command = {
  name: 'label',
  usage: 'label ("CAPTION" | --file FILE) [--mode paper|corenet] [--lang auto|en|ja]',
  summary:
    'show the WordNet synsets (and lemma classes) CatLIP takes from a caption, or from each line of a file, streamed',
  positionals: [0, 1],
  options: {
    file: { type: 'string' },
    mode: { type: 'string', default: 'paper' },
    lang: { type: 'string', default: 'auto' },
  },
  async run({ values, positionals, out }) {
    const mode = LabelModeSchema.safeParse(values.mode);
    if (!mode.success) throw new UsageError(`--mode must be paper or corenet, got "${String(values.mode)}"`);
    const lang = CaptionLanguageSchema.safeParse(values.lang);
    if (!lang.success) throw new UsageError(`--lang must be auto, en or ja, got "${String(values.lang)}"`);
    const labeler = createLabeler(mode.data, { lang: lang.data });
    const file = values.file as string | undefined;
    if (file !== undefined) {
      if (positionals.length) throw new UsageError('give either a caption or --file, not both');
      // One JSON object per input line, in order, streamed: constant memory however large the file.
      const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
      for await (const caption of lines) {
        await prepareCaptionLabelling([caption], lang.data);
        out.raw(JSON.stringify(labeler.classes(caption)));
      }
      return;
    }
    if (positionals.length !== 1) throw new UsageError('give a caption (quoted) or --file FILE');
    await prepareCaptionLabelling(positionals, lang.data);
    const { synsets, lemmas } = labeler.classes(positionals[0]);
    if (synsets.length === 0 && lemmas.length === 0) out.line('(no synsets)');
    for (const s of synsets) out.line(`${s.name.padEnd(24)} ${s.offset}  ← ${s.word}`);
    // Lemma classes become vocabulary classes only when frequent enough in a dataset.
    for (const lemma of lemmas) out.line(`${lemma.padEnd(24)} (lemma class: no synset)`);
    out.result({ synsets, lemmas });
  },
};
