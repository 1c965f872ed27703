import { LabelModeSchema } from '../../../shared/channels.js';
import { UsageError, type Command } from '../command.js';
import { formatSeconds } from '../output.js';
import { describeImportProgress } from '../progress.js';
import { printImportSummary } from './import.js';
import { printVocabSummary } from './vocab.js';

export const demoCommand: Command = {
  name: 'demo',
  usage: 'demo [--mode paper|corenet]',
  summary: 'the pilot on the embedded emoji demo data: import it and build its vocabulary',
  positionals: [0, 0],
  options: { mode: { type: 'string', default: 'paper' } },
  async run({ values, engine, out, home }) {
    const mode = LabelModeSchema.safeParse(values.mode);
    if (!mode.success) throw new UsageError(`--mode must be paper or corenet, got "${String(values.mode)}"`);
    const started = performance.now();
    const e = engine();
    out.line(`CatLIP Pilot demo — data in ${home}`);
    const unsubscribe = e.events.on('import:progress', (p) => out.status(describeImportProgress(p)));
    try {
      const result = await e.invoke('demo:prepare', { mode: mode.data });
      out.line('1. Pre-training data (Google emoji, caption = Unicode name and short names)');
      printImportSummary(result.captions, out, 3);
      out.line('2. Downstream labelled set (Twitter emoji, class = Unicode category)');
      printImportSummary(result.categories, out, 3);
      out.line('3. Synset vocabulary (CatLIP classes)');
      printVocabSummary(result.vocabulary, out);
      const seconds = (performance.now() - started) / 1000;
      out.line(`demo finished in ${formatSeconds(seconds)}. Not yet part of the demo: training, evaluation and the cost comparison (later issues).`);
      out.result({ ...result, seconds });
    } finally {
      unsubscribe();
    }
  },
};
