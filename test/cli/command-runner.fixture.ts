import type { Engine } from '../../electron/engine/api/engine.js';
import type { Command, CommandContext } from '../../electron/engine/cli/command.js';
import { createOutput } from '../../electron/engine/cli/output.js';

/** Runs a CLI command in this process on `engine` (no build, no child process) and returns what it printed (`json`: as under --json). */
export async function runCommand(
  engine: Engine,
  home: string,
  command: Command,
  positionals: string[],
  values: CommandContext['values'],
  json = false,
): Promise<string> {
  let stdout = '';
  const sink = (append: (s: string) => void) => ({ isTTY: false, write: (s: string) => (append(s), true) }) as never;
  await command.run({
    values,
    positionals,
    home,
    json,
    engine: () => engine,
    out: createOutput(
      json,
      sink((s) => (stdout += s)),
      sink(() => {}),
    ),
  });
  return stdout;
}
