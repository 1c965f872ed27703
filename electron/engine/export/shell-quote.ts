/**
 * One word for a POSIX shell, whatever it holds: single quotes, inside which nothing is special, and each
 * embedded single quote closed, escaped and reopened. Every value written into a generated script or
 * command goes through here, even values a schema has already checked.
 */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
