import path from 'node:path';
import { parseArgs } from 'node:util';
import { serializeError } from '../../shared/errors.js';
import { Engine } from '../api/engine.js';
import { defaultHome } from '../home.js';
import { UsageError, type Command, type CommandContext } from './command.js';
import { datasetsCommand } from './commands/datasets.js';
import { demoCommand } from './commands/demo.js';
import { importCommand } from './commands/import.js';
import { labelCommand } from './commands/label.js';
import { vocabCommand } from './commands/vocab.js';
import { qualityCommand } from './commands/quality.js';
import { resumeCommand, runsCommand } from './commands/runs.js';
import { serveCommand } from './commands/serve.js';
import { compareCommand } from './commands/compare.js';
import { evalCommand } from './commands/eval.js';
import { exportCommand } from './commands/export.js';
import { reportCommand } from './commands/report.js';
import { trainCommand } from './commands/train.js';
import { modelsCommand } from './commands/models.js';
import { predictCommand } from './commands/predict.js';
import { createOutput } from './output.js';

export const COMMANDS: readonly Command[] = [
  demoCommand,
  importCommand,
  datasetsCommand,
  labelCommand,
  vocabCommand,
  qualityCommand,
  trainCommand,
  resumeCommand,
  runsCommand,
  evalCommand,
  modelsCommand,
  predictCommand,
  compareCommand,
  exportCommand,
  reportCommand,
  serveCommand,
];

const GLOBAL_OPTIONS = {
  home: { type: 'string' },
  json: { type: 'boolean', default: false },
  debug: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: catlip-pilot COMMAND [options] [--home DIR] [--json]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `  --home DIR  data directory (database and image caches); default ${defaultHome()}`,
    '  --json      print one JSON object as the last line of stdout',
    '  --debug     print stack traces of errors',
  ].join('\n');
}

/**
 * The `catlip-pilot` command line. Returns the exit code: 0 ok, 1 error (one line naming what is at fault),
 * 2 wrong usage. Never prints a stack trace unless --debug (or CATLIP_DEBUG=1).
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`catlip-pilot: unknown command "${name}"\n${usage()}\n`);
    return 2;
  }
  let debug = process.env.CATLIP_DEBUG === '1';
  let engine: Engine | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    debug ||= values.debug === true;
    if (values.help) {
      process.stdout.write(`usage: catlip-pilot ${command.usage} [--home DIR] [--json]\n  ${command.summary}\n`);
      return 0;
    }
    const [min, max] = command.positionals;
    if (positionals.length < min || positionals.length > max) {
      throw new UsageError(`usage: catlip-pilot ${command.usage}`);
    }
    const home = typeof values.home === 'string' ? path.resolve(values.home) : defaultHome();
    const json = values.json === true;
    const ctx: CommandContext = {
      values: values as CommandContext['values'],
      positionals,
      home,
      json,
      engine: () => (engine ??= new Engine(home)),
      out: createOutput(json),
    };
    await command.run(ctx);
    return 0;
  } catch (e) {
    const usageError = e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const message = usageError ? (e as Error).message : serializeError(e).message;
    process.stderr.write(`catlip-pilot ${name}: ${message.split('\n')[0]}\n`);
    if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    return usageError ? 2 : 1;
  } finally {
    engine?.close();
  }
}
