/**
 * A small YAML emitter for config files that CoreNet reads with PyYAML (YAML 1.1): block mappings,
 * flow lists of scalars, block lists of mappings, double-quoted strings, and comments. Floats are written
 * the way YAML 1.1 recognises them — with a decimal point and a signed exponent ("1.0e-06"); PyYAML
 * reads "1e-06" as a string, which would silently break a learning rate.
 */
export type YamlScalar = string | number | boolean | null;
export type YamlValue = YamlScalar | YamlValue[] | { [key: string]: YamlValue };

export interface YamlOptions {
  /** Comment lines before the document. */
  header?: string[];
  /** Comment lines above a key, by dotted path ("scheduler.cosine.max_lr"); list items are not addressed. */
  comments?: Record<string, string | string[]>;
  /** Keys written as comments (`# key: value`) instead of values, by dotted path: documented but unset. */
  commentedOut?: Record<string, YamlScalar>;
}

const INDENT = '  ';

export function toYaml(doc: { [key: string]: YamlValue }, options: YamlOptions = {}): string {
  const lines: string[] = (options.header ?? []).map(comment);
  if (lines.length) lines.push('');
  writeMapping(doc, 0, '', lines, options);
  return `${lines.join('\n')}\n`;
}

function writeMapping(
  map: { [key: string]: YamlValue },
  depth: number,
  prefix: string,
  lines: string[],
  options: YamlOptions,
): void {
  const pad = INDENT.repeat(depth);
  for (const [key, value] of Object.entries(map)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`yaml: unsupported key "${key}"`);
    const path = prefix ? `${prefix}.${key}` : key;
    const note = options.comments?.[path];
    for (const text of note === undefined ? [] : Array.isArray(note) ? note : [note]) lines.push(pad + comment(text));
    if (isMapping(value)) {
      lines.push(`${pad}${key}:`);
      writeMapping(value, depth + 1, path, lines, options);
      for (const [p, v] of Object.entries(options.commentedOut ?? {})) {
        if (p.startsWith(`${path}.`) && !p.slice(path.length + 1).includes('.'))
          lines.push(`${pad}${INDENT}# ${p.slice(path.length + 1)}: ${scalar(v)}`);
      }
    } else if (Array.isArray(value) && value.some(isMapping)) {
      lines.push(`${pad}${key}:`);
      for (const item of value) {
        if (!isMapping(item)) throw new Error(`yaml: ${path} mixes mappings and scalars`);
        const inner: string[] = [];
        writeMapping(item, depth + 2, `${path}[]`, inner, options);
        // "- " replaces the first line's indentation at depth + 1
        inner[0] = `${pad}${INDENT}- ${inner[0].trimStart()}`;
        lines.push(...inner);
      }
    } else if (Array.isArray(value)) {
      lines.push(`${pad}${key}: [${value.map((v) => scalar(v as YamlScalar)).join(', ')}]`);
    } else {
      lines.push(`${pad}${key}: ${scalar(value)}`);
    }
  }
}

function isMapping(v: YamlValue): v is { [key: string]: YamlValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function scalar(v: YamlScalar): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return yamlNumber(v);
  // a JSON string is a valid YAML double-quoted scalar
  return JSON.stringify(v);
}

/** Integers as digits; other numbers with a decimal point and, if any, a signed exponent. */
export function yamlNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`yaml: ${n} is not a finite number`);
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const [mantissa, exponent] = String(n).split('e');
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  if (exponent === undefined) return m;
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${m}e${sign}${exponent.replace(/^[-+]/, '').padStart(2, '0')}`;
}

function comment(text: string): string {
  return text ? `# ${text}` : '#';
}
