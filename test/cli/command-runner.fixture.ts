import type { Engine } from '../../electron/engine/api/engine.js';
import type { Command, CommandContext } from '../../electron/engine/cli/command.js';
import { createOutput } from '../../electron/engine/cli/output.js';

/**
 * Runs a CLI command in this process on `engine`, as main.ts would after parsing (no build, no child
 * process), and returns what it printed on stdout and stderr (`json`: as under --json).
 */
export async function runCommandOutput(
  engine: Engine,
  home: string,
  command: Command,
  positionals: string[],
  values: CommandContext['values'],
  json = false,
): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
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
      sink((s) => (stderr += s)),
    ),
  });
  return { stdout, stderr };
}

/** `runCommandOutput`'s stdout. */
export async function runCommand(...args: Parameters<typeof runCommandOutput>): Promise<string> {
  return (await runCommandOutput(...args)).stdout;
}
