import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DeclaredLicence, SourceProvenance } from './types.js';

/**
 * Where a dataset came from and under what terms, as its source declares it: licences (COCO's `licenses`
 * table, a WebDataset sample's `license`/`licence` field, a LICENSE or README beside the data) and the
 * hosts its URLs name. Nothing is guessed: a source that declares nothing has no licence ("unknown").
 */

/** Caps, so that a web crawl with a different URL per sample keeps a short list. */
const MAX_LICENCES = 50;
const MAX_HOSTS = 20;

export class ProvenanceCollector {
  private readonly licences = new Map<string, DeclaredLicence>();
  private readonly hosts = new Set<string>();
  private readonly files = new Set<string>();

  licence(name: unknown, declaredIn: string, url?: unknown, perItem = false): void {
    if (typeof name !== 'string' || name.trim() === '') return;
    const id = spdxOf(name, typeof url === 'string' ? url : undefined) ?? name.trim().slice(0, 200);
    const key = `${id}\u0000${declaredIn}`;
    const known = this.licences.get(key);
    if (known) {
      if (perItem) known.items = (known.items ?? 0) + 1;
      return;
    }
    if (this.licences.size >= MAX_LICENCES) return;
    this.licences.set(key, {
      name: id,
      declaredIn,
      ...(typeof url === 'string' && url ? { url } : {}),
      ...(perItem ? { items: 1 } : {}),
    });
  }

  url(value: unknown): void {
    if (typeof value !== 'string' || this.hosts.size >= MAX_HOSTS) return;
    try {
      const host = new URL(value).host;
      if (host) this.hosts.add(host);
    } catch {
      // not a URL: nothing to record
    }
  }

  file(p: string): void {
    this.files.add(p);
  }

  snapshot(): SourceProvenance {
    return { licences: [...this.licences.values()], hosts: [...this.hosts], files: [...this.files] };
  }
}

/** Common licences by their SPDX id, recognised in the words sources use for them. */
const SPDX_PATTERNS: [RegExp, string][] = [
  [/^\s*(?:CC0|creative commons zero|cc0[- ]1\.0)|public domain dedication/i, 'CC0-1.0'],
  [/attribution[- ]non-?commercial[- ]share[- ]?alike|\bCC[- ]BY[- ]NC[- ]SA\b/i, 'CC-BY-NC-SA-4.0'],
  [/attribution[- ]non-?commercial[- ]no[- ]?deriv|\bCC[- ]BY[- ]NC[- ]ND\b/i, 'CC-BY-NC-ND-4.0'],
  [/attribution[- ]non-?commercial|\bCC[- ]BY[- ]NC\b/i, 'CC-BY-NC-4.0'],
  [/attribution[- ]share[- ]?alike|\bCC[- ]BY[- ]SA\b/i, 'CC-BY-SA-4.0'],
  [/attribution[- ]no[- ]?deriv|\bCC[- ]BY[- ]ND\b/i, 'CC-BY-ND-4.0'],
  [
    /^\s*(?:creative commons )?attribution(?: \d\.\d)?(?: (?:generic|international))?(?: licen[cs]e)?\s*(?:$|\n)|\bCC[- ]BY\b/i,
    'CC-BY-4.0',
  ],
  [/apache license,?\s+version 2\.0|\bapache[- ]2\.0\b/i, 'Apache-2.0'],
  [/\bMIT license\b|^\s*MIT\s*$/i, 'MIT'],
  [/BSD 3-clause|\bBSD-3-Clause\b/i, 'BSD-3-Clause'],
];

/** The SPDX id a licence text or name stands for, where it is one of the common ones; else undefined. */
export function spdxOf(text: string, url?: string): string | undefined {
  const head = text.slice(0, 2000);
  // the text may state its SPDX id outright
  const tagged = /SPDX-License-Identifier:\s*([A-Za-z0-9.+-]+)/.exec(head);
  if (tagged) return tagged[1];
  // keep the version a Creative Commons licence names (CC BY 2.0 is not CC BY 4.0)
  // (COCO names "Attribution License" and gives the version in its URL: …/licenses/by/2.0/)
  const version = /\b([1-4]\.0)\b/.exec(head)?.[1] ?? (url ? /\/([1-4]\.0)\/?$/.exec(url)?.[1] : undefined);
  for (const [pattern, id] of SPDX_PATTERNS) {
    if (pattern.test(head))
      return id.startsWith('CC-') && id !== 'CC0-1.0' && version ? id.replace(/4\.0$/, version) : id;
  }
  return undefined;
}

/** Licences that forbid commercial use: the report warns about these for a company's training data. */
export function isNonCommercial(name: string): boolean {
  return /\bNC\b|-NC-|non-?commercial|research (?:use )?only/i.test(name);
}

const LICENCE_FILE = /^(?:licen[cs]e|copying)(?:\.(?:md|txt|rst))?$/i;
const README_FILE = /^readme(?:\.(?:md|txt|rst))?$/i;

/**
 * Licences declared by a LICENSE/COPYING file or a README's "License:" line in the data's folder (the
 * folder itself, or the folder of a file source). Returns the files read, to be hashed with the data.
 */
export async function licenceFilesBeside(root: string): Promise<{ licences: DeclaredLicence[]; files: string[] }> {
  const dir = (await stat(root).catch(() => undefined))?.isDirectory() ? root : path.dirname(root);
  const names = await readdir(dir).catch(() => [] as string[]);
  const licences: DeclaredLicence[] = [];
  const files: string[] = [];
  for (const name of names.sort()) {
    const file = path.join(dir, name);
    if (LICENCE_FILE.test(name)) {
      const text = await readSmall(file);
      if (text === undefined) continue;
      files.push(file);
      const firstLine =
        text
          .split(/\r?\n/)
          .map((l) => l.trim())
          .find((l) => l !== '') ?? '';
      licences.push({ name: spdxOf(text) ?? firstLine.slice(0, 200), declaredIn: name });
    } else if (README_FILE.test(name)) {
      const text = await readSmall(file);
      if (text === undefined) continue;
      // "License: CC BY 4.0", "## License\nCC-BY-4.0", "ライセンス：CC BY 4.0"
      const line = /(?:^|\n)\s*(?:#+\s*)?(?:licen[cs]e|ライセンス)\s*[:：]?\s*(?:\r?\n\s*)?([^\r\n]+)/i
        .exec(text)?.[1]
        ?.trim();
      if (!line) continue;
      files.push(file);
      licences.push({ name: spdxOf(line) ?? line.slice(0, 200), declaredIn: name });
    }
  }
  return { licences, files };
}

/** A text file of at most 1 MB, or undefined (a folder, unreadable, or too large to be a licence). */
async function readSmall(file: string): Promise<string | undefined> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile() || info.size > 1_000_000) return undefined;
  return readFile(file, 'utf8').catch(() => undefined);
}

/** sha256 and size of each file, streamed (a shard can be gigabytes); unreadable files are left out. */
export async function hashFiles(files: string[]): Promise<{ path: string; sha256: string; bytes: number }[]> {
  const out: { path: string; sha256: string; bytes: number }[] = [];
  for (const file of [...new Set(files)]) {
    const hash = createHash('sha256');
    let bytes = 0;
    try {
      for await (const chunk of createReadStream(file)) {
        hash.update(chunk as Buffer);
        bytes += (chunk as Buffer).length;
      }
    } catch {
      continue;
    }
    out.push({ path: file, sha256: hash.digest('hex'), bytes });
  }
  return out;
}

/**
 * Everything recorded about one import's source: what it declared while read, the LICENSE/README beside
 * it, and the sha256 of the files read (a file source itself where the source lists none). Never throws:
 * provenance that cannot be read is left out, the import stands.
 */
export async function collectProvenance(source: { root: string; provenance?(): SourceProvenance }): Promise<{
  licences: DeclaredLicence[];
  hosts: string[];
  files: { path: string; sha256: string; bytes: number }[];
}> {
  const declared = source.provenance?.() ?? { licences: [], hosts: [], files: [] };
  const isFile = (await stat(source.root).catch(() => undefined))?.isFile() ?? false;
  const data = declared.files.length ? declared.files : isFile ? [source.root] : [];
  const beside = await licenceFilesBeside(source.root).catch(() => ({ licences: [], files: [] }));
  return {
    licences: [...declared.licences, ...beside.licences],
    hosts: declared.hosts,
    files: await hashFiles([...data, ...beside.files]),
  };
}
