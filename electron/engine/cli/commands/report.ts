import { ReportFormatSchema, ReportLangSchema } from '../../../shared/report.js';
import { enumOption, UsageError, type Command } from '../command.js';
import { repeatRunsOption } from './compare.js';

/** `catlip-pilot report`: the management report of a CatLIP run and its baseline(s) as PDF, HTML, CSV or a PPTX slide deck. */
export const reportCommand: Command = {
  name: 'report',
  usage:
    'report --runs CATLIP,CLIP[,SUPERCLASS] [--format pdf|html|csv|pptx] [--lang ja|en] [--out PATH] [--repeat-runs C,B/C,B…] [--allow-mismatch]',
  summary:
    'management report (conclusion, summary, charts, settings, cost projection, total cost of ownership, glossary) as PDF, HTML, CSV or a PPTX slide deck, in Japanese or English; default: pdf, en, HOME/reports/',
  positionals: [0, 0],
  options: {
    runs: { type: 'string' },
    format: { type: 'string', default: 'pdf' },
    lang: { type: 'string', default: 'en' },
    out: { type: 'string' },
    'allow-mismatch': { type: 'boolean', default: false },
    'repeat-runs': { type: 'string' },
  },
  async run(ctx) {
    const runs = runsOption(ctx.values.runs);
    const format = enumOption(ReportFormatSchema.options, ctx.values.format, 'format');
    const lang = enumOption(ReportLangSchema.options, ctx.values.lang, 'lang');
    const out = typeof ctx.values.out === 'string' ? ctx.values.out : undefined;
    const written = await ctx.engine().invoke('report:export', {
      runs,
      format,
      lang,
      out,
      allowMismatch: ctx.values['allow-mismatch'] === true,
      repeats: repeatRunsOption(ctx.values['repeat-runs'], runs.length),
    });
    ctx.out.line(written.path);
    ctx.out.note(
      `report ${written.report}: ${written.format}, ${written.lang}, ${written.bytes.toLocaleString('en-US')} bytes`,
    );
    ctx.out.result(written);
  },
};

/** "3,4" or "3,4,5": the CatLIP run, its CLIP baseline and optionally a SuperClass run, in that order. */
export function runsOption(value: unknown): number[] {
  const match = typeof value === 'string' ? /^\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*(\d+)\s*)?$/.exec(value) : null;
  if (!match)
    throw new UsageError(
      `--runs takes the CatLIP run and its CLIP baseline (and optionally a SuperClass run), e.g. --runs 3,4 (see catlip-pilot runs); got "${String(value ?? '')}"`,
    );
  return match
    .slice(1)
    .filter((x) => x !== undefined)
    .map(Number);
}
