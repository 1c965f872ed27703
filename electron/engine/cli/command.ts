import type { ParseArgsConfig } from 'node:util';
import { Engine } from '../api/engine.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** What every command receives: parsed arguments, an engine on the chosen home, and output helpers. */
export interface CommandContext {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  home: string;
  json: boolean;
  /** Opened on first use, so `label` never touches the database. */
  engine(): Engine;
  out: Output;
}

export interface Output {
  /** Human-readable line on stdout (suppressed under --json, where stdout carries JSON). */
  line(text?: string): void;
  /** Progress and notes on stderr. */
  note(text: string): void;
  /** A status line that rewrites itself on a terminal; a plain line every few seconds otherwise. */
  status(text: string): void;
  /** The command's result: the last line of stdout under --json. */
  result(value: unknown): void;
  /** Raw line on stdout regardless of --json (streams of JSON objects). */
  raw(text: string): void;
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  options: OptionSpec;
  /** Positional arguments the command accepts: [min, max]. */
  positionals: [number, number];
  run(ctx: CommandContext): Promise<void>;
}

export class UsageError extends Error {}

/** Parses a whole-number option, naming it in the error. */
export function intOption(values: CommandContext['values'], name: string): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d+$/.test(v))
    throw new UsageError(`--${name} must be a whole number, got "${String(v)}"`);
  return Number(v);
}

export function enumOption<T extends string>(allowed: readonly T[], value: unknown, name: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(', ')}; got "${String(value)}"`);
}

export function numberOption(values: CommandContext['values'], name: string): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`--${name} must be a number, got "${String(v)}"`);
  return n;
}

/** A repeatable string option (`multiple: true` in its spec): every value given, in order. */
export function listOption(values: CommandContext['values'], name: string): string[] {
  const v = (values as Record<string, unknown>)[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}
