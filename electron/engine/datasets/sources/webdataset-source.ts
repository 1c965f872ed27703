import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { CAPTION_FIELDS, cleanCaption, findField } from './caption-rows.js';
import { ProvenanceCollector } from './provenance.js';
import { IMAGE_EXTENSIONS } from './image-extensions.js';
import { ReadProgress } from './read-progress.js';
import { engineNote, type EngineNoteId } from '../../../shared/engine-notes.js';
import { errorText, unsafeMemberName } from './safe-path.js';
import { listShards } from './shard-list.js';
import { MAX_MEMBER_BYTES, readTarMembers, type TarMember } from './tar-members.js';
import type { DatasetSource, SourceRecord } from './types.js';
import { decodeUtf8 } from './utf8-text.js';

/**
 * WebDataset / img2dataset shards: tar archives where the members of one sample share a key and sit
 * next to each other (`000123.jpg`, `000123.txt`, `000123.json`). Members are grouped while the key
 * stays the same and the group is judged when it changes, so only one sample is ever held in memory.
 */
export async function openWebDatasetSource(p: string, sampleBytes = MAX_SAMPLE_BYTES): Promise<DatasetSource> {
  const { dir, shards } = await listShards(p);
  let total = 0;
  for (const shard of shards) total += (await stat(shard).catch(() => undefined))?.size ?? 0;
  let progress = new ReadProgress(total);
  let declared = new ProvenanceCollector();
  return {
    format: 'webdataset',
    root: path.resolve(p),
    labelled: false,
    records(signal) {
      progress = new ReadProgress(total);
      declared = new ProvenanceCollector();
      for (const shard of shards) declared.file(shard);
      return webDatasetRecords(dir, shards, progress, sampleBytes, declared, signal);
    },
    fractionRead: () => progress.fraction(),
    provenance: () => declared.snapshot(),
  };
}

async function* webDatasetRecords(
  dir: string,
  shards: string[],
  progress: ReadProgress,
  sampleBytes: number,
  declared: ProvenanceCollector,
  signal?: AbortSignal,
): AsyncGenerator<SourceRecord> {
  for (const shard of shards) {
    if (signal?.aborted) return;
    const shardName = path.relative(dir, shard).split(path.sep).join('/');
    try {
      await access(shard);
    } catch (err) {
      yield { kind: 'skip', source: shardName, reason: engineNote('wds.shardUnreadable', { detail: errorText(err) }) };
      continue;
    }
    yield* shardRecords(shard, shardName, progress, sampleBytes, declared, signal);
  }
}

/** Members of one sample; more than this under one key means the archive is not WebDataset-shaped. */
const MAX_SAMPLE_MEMBERS = 64;

/**
 * Bytes one sample may hold in memory, all members together (each member is already capped at
 * MAX_MEMBER_BYTES): without it, 65 members of 64 MiB under one key would be buffered before judging.
 */
export const MAX_SAMPLE_BYTES = 2 * MAX_MEMBER_BYTES;

interface Sample {
  key: string;
  members: TarMember[];
  bytes: number;
  /** Set once the members passed MAX_SAMPLE_BYTES; their bodies are dropped as soon as that happens. */
  oversize?: boolean;
}

async function* shardRecords(
  shard: string,
  shardName: string,
  progress: ReadProgress,
  sampleBytes: number,
  declared: ProvenanceCollector,
  signal?: AbortSignal,
): AsyncGenerator<SourceRecord> {
  let sample: Sample | undefined;
  for await (const event of readTarMembers(shard, signal, progress)) {
    if (event.kind === 'broken') {
      // The last sample is complete only if the archive broke inside a member of another sample.
      if (sample !== undefined && event.member !== undefined && sampleKey(event.member) !== sample.key) {
        yield judgeSample(sample, shardName, sampleBytes, declared);
        sample = undefined;
      }
      const reason =
        sample === undefined
          ? event.reason
          : engineNote('wds.sampleIncomplete', { reason: event.reason, key: sample.key });
      yield { kind: 'skip', source: shardName, reason };
      return;
    }
    if (event.type === 'directory' || event.type.startsWith('pax-') || event.type.startsWith('gnu-')) continue;
    const key = sampleKey(event.name);
    if (sample !== undefined && sample.key !== key) {
      yield judgeSample(sample, shardName, sampleBytes, declared);
      sample = undefined;
    }
    sample ??= { key, members: [], bytes: 0 };
    sample.bytes += event.body?.length ?? 0;
    if (sample.bytes > sampleBytes) {
      sample.oversize = true;
      sample.members = [];
    } else if (sample.members.length < MAX_SAMPLE_MEMBERS + 1) sample.members.push(event);
  }
  if (sample !== undefined && !signal?.aborted) yield judgeSample(sample, shardName, sampleBytes, declared);
}

/** WebDataset's key: the member path up to the first dot of its file name (`a/b.seg.png` → `a/b`). */
export function sampleKey(name: string): string {
  const dot = name.indexOf('.', name.lastIndexOf('/') + 1);
  return dot === -1 ? name : name.slice(0, dot);
}

/** The member's extension after the key, lower-cased (`a/b.seg.PNG` → `seg.png`). */
function memberExtension(name: string, key: string): string {
  return name.slice(key.length + 1).toLowerCase();
}

function judgeSample(
  sample: Sample,
  shardName: string,
  sampleBytes: number,
  declared: ProvenanceCollector,
): SourceRecord {
  const source = `${shardName}:${sample.key}`;
  const skip = (reason: string): SourceRecord => ({ kind: 'skip', source, reason });
  if (sample.oversize) return skip(engineNote('wds.sampleTooLarge', { limit: sampleBytes, bytes: sample.bytes }));
  if (sample.members.length > MAX_SAMPLE_MEMBERS)
    return skip(engineNote('wds.tooManyMembers', { count: MAX_SAMPLE_MEMBERS }));
  for (const m of sample.members) {
    const member = m.name;
    const unsafe = unsafeMemberName(member);
    if (unsafe !== undefined) return skip(unsafe);
    const target = m.linkname ?? '';
    if (m.type === 'symlink') return skip(engineNote('wds.symlinkMember', { member, target }));
    if (m.type === 'link') return skip(engineNote('wds.hardLinkMember', { member, target }));
    if (m.tooLarge) return skip(engineNote('wds.memberTooLarge', { limit: MAX_MEMBER_BYTES, member }));
    if (m.body === undefined) return skip(engineNote('wds.notRegularMember', { type: m.type, member }));
  }
  const byExtension = new Map(sample.members.map((m) => [memberExtension(m.name, sample.key), m]));
  const image = sample.members.find((m) => IMAGE_EXTENSIONS.has(memberExtension(m.name, sample.key)));
  if (image?.body === undefined) {
    return skip(engineNote('wds.noImageMember', { members: sample.members.map((m) => m.name).join(', ') }));
  }
  const caption = sampleCaption(byExtension.get('txt'), byExtension.get('json'));
  if (!caption.ok) return skip(caption.reason);
  declareSample(byExtension.get('json'), declared);
  return { kind: 'item', source, image: { bytes: image.body, name: image.name }, caption: caption.text };
}

/** img2dataset's KEY.json names each sample's `url` and, where the crawl knew it, its `license` (or `licence`). */
function declareSample(json: TarMember | undefined, declared: ProvenanceCollector): void {
  const text = json?.body === undefined ? undefined : decodeUtf8(json.body);
  if (text === undefined) return;
  let meta: unknown;
  try {
    meta = JSON.parse(text);
  } catch {
    return; // the caption check already reported what is wrong with it, where it mattered
  }
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return;
  const fields = meta as Record<string, unknown>;
  declared.licence(fields.license ?? fields.licence ?? fields.LICENSE, 'WebDataset .json license', undefined, true);
  declared.url(fields.url);
}

type CaptionResult = { ok: true; text: string } | { ok: false; reason: string };

function refuse(id: EngineNoteId, member = '', detail = ''): CaptionResult {
  return { ok: false, reason: engineNote(id, { member, detail }) };
}

/** The caption from KEY.txt, or else from the `caption` (or `text`) field of KEY.json, as img2dataset writes it. */
function sampleCaption(txt: TarMember | undefined, json: TarMember | undefined): CaptionResult {
  if (txt?.body !== undefined) {
    const text = decodeUtf8(txt.body);
    if (text === undefined) return refuse('wds.captionNotUtf8', txt.name);
    const caption = cleanCaption(text);
    return caption === undefined ? refuse('wds.emptyCaption', txt.name) : { ok: true, text: caption };
  }
  if (json?.body === undefined) return refuse('wds.noCaptionMember');
  const text = decodeUtf8(json.body);
  if (text === undefined) return refuse('wds.jsonNotUtf8', json.name);
  let meta: unknown;
  try {
    meta = JSON.parse(text);
  } catch (err) {
    return refuse('wds.invalidJson', json.name, errorText(err));
  }
  const fields =
    typeof meta === 'object' && meta !== null && !Array.isArray(meta) ? (meta as Record<string, unknown>) : {};
  const key = findField(Object.keys(fields), CAPTION_FIELDS);
  const value = key === undefined ? undefined : fields[key];
  if (typeof value !== 'string') return refuse('wds.noCaptionInJson', json.name);
  const caption = cleanCaption(value);
  return caption === undefined ? refuse('wds.emptyCaptionInJson', json.name) : { ok: true, text: caption };
}
