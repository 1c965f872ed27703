import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { LabelModeSchema } from '../../../shared/channels.js';
import { createLabeler } from '../../labeling/labeler.js';
import { UsageError, type Command } from '../command.js';

export const labelCommand: Command = {
  name: 'label',
  usage: 'label ("CAPTION" | --file FILE) [--mode paper|corenet]',
  summary: 'show the WordNet synsets CatLIP takes from a caption (or from each line of a file, streamed)',
  positionals: [0, 1],
  options: { file: { type: 'string' }, mode: { type: 'string', default: 'paper' } },
  async run({ values, positionals, out }) {
    const mode = LabelModeSchema.safeParse(values.mode);
    if (!mode.success) throw new UsageError(`--mode must be paper or corenet, got "${String(values.mode)}"`);
    const labeler = createLabeler(mode.data);
    const file = values.file as string | undefined;
    if (file !== undefined) {
      if (positionals.length) throw new UsageError('give either a caption or --file, not both');
      // One JSON object per input line, in order, streamed: constant memory however large the file.
      const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
      for await (const caption of lines) out.raw(JSON.stringify({ synsets: labeler.label(caption) }));
      return;
    }
    if (positionals.length !== 1) throw new UsageError('give a caption (quoted) or --file FILE');
    const synsets = labeler.label(positionals[0]);
    if (synsets.length === 0) out.line('(no synsets)');
    for (const s of synsets) out.line(`${s.name.padEnd(24)} ${s.offset}  ← ${s.word}`);
    out.result({ synsets });
  },
};
