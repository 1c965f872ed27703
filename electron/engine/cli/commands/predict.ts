import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { serializeError } from '../../../shared/errors.js';
import { MAX_PROMPT_CLASSES, type Prediction } from '../../../shared/models.js';
import { hasImageExtension } from '../../datasets/sources/image-extensions.js';
import { readImageFile } from '../../models/predict-request.js';
import { openPredictor } from '../../models/predictor.js';
import { intOption, UsageError, type Command } from '../command.js';
import { percent } from '../output.js';

/**
 * `predict`: the Try-it of the UI on files. A folder is streamed (recursively, in name order) through models
 * loaded once, one line per image as it is done; an image that cannot be read or decoded is a line with its
 * error, and the next image goes on.
 */
export const predictCommand: Command = {
  name: 'predict',
  usage: 'predict --run ID [--model ID] IMAGE|FOLDER [--top K] [--classes "a,b,c"] [--json]',
  summary: "a run's top synsets (CatLIP) or prompt classes (CLIP) for images, and a saved model's classes with --model",
  positionals: [1, 1],
  options: { run: { type: 'string' }, model: { type: 'string' }, top: { type: 'string' }, classes: { type: 'string' } },
  async run(ctx) {
    const { values, out } = ctx;
    const run = intOption(values, 'run');
    if (run === undefined) throw new UsageError('give --run ID (see catlip-pilot runs)');
    const model = intOption(values, 'model');
    const top = intOption(values, 'top') ?? 5;
    if (top < 1 || top > 100) throw new UsageError('--top must be 1 to 100');
    const classes =
      typeof values.classes === 'string'
        ? values.classes
            .split(',')
            .map((c) => c.trim())
            .filter(Boolean)
        : undefined;
    if (classes && classes.length > MAX_PROMPT_CLASSES)
      throw new UsageError(`--classes takes at most ${MAX_PROMPT_CLASSES} names`);
    const target = path.resolve(ctx.positionals[0]);
    const files = imageFiles(target, (skipped) => out.note(`skipped ${skipped} (not an image file name)`));
    const engine = ctx.engine();
    const predictor = await openPredictor(engine.db, engine.home, { run, model, classes });
    let failed = 0;
    try {
      for (const file of files) {
        const shown = path.relative(process.cwd(), file) || file;
        try {
          const prediction = await predictor.predict(await readImageFile(file), top);
          if (ctx.json) out.raw(JSON.stringify({ file: shown, ...prediction }));
          else out.line(describe(shown, prediction));
        } catch (e) {
          failed++;
          const error = serializeError(e);
          if (ctx.json) out.raw(JSON.stringify({ file: shown, error }));
          else out.line(`${shown}: ERROR ${error.code}: ${error.message}`);
        }
      }
    } finally {
      predictor.close();
    }
    if (failed) out.note(`${failed} of ${files.length} images could not be predicted`);
  },
};

/** The image files at `target`: the file itself, or every image file under the folder, in name order. */
function imageFiles(target: string, onSkipped: (file: string) => void): string[] {
  let isFolder: boolean;
  try {
    isFolder = statSync(target).isDirectory();
  } catch {
    throw new UsageError(`${target} does not exist`);
  }
  if (!isFolder) return [target];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    )) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (hasImageExtension(entry.name)) out.push(full);
      else onSkipped(full);
    }
  };
  walk(target);
  if (out.length === 0) throw new UsageError(`no image files under ${target}`);
  return out;
}

function describe(file: string, p: Prediction): string {
  const pretrained = p.pretrained.top.length
    ? p.pretrained.top
        .map((s) => `${s.label} ${s.probability === undefined ? s.score.toFixed(2) : percent(s.probability)}`)
        .join(', ')
    : `(${p.pretrained.note ?? 'nothing scored'})`;
  const downstream = p.downstream
    ? `   model ${p.downstream.name}: ${p.downstream.top.map((s) => `${s.label} ${percent(s.probability ?? 0)}`).join(', ')}`
    : '';
  return `${file}: ${pretrained}${downstream}`;
}
