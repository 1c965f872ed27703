import { ENGINE_ERROR_NOTES } from './engine-error-notes.js';

/**
 * The engine's cost, TCO and estimate sentences that reach the UI as data (Compare's warnings, the inputs
 * still missing, notes under the TCO, the wizard's estimate notes), and error messages a user meets often,
 * each under an id with an English template whose `{name}` parts the engine fills in. The engine builds them only through `engineNote`, so this list is
 * every such sentence it can send; the renderer recognises them by the same templates and shows them in the
 * UI's language (`renderer/src/i18n/engine-notes-ja.ts`, which a test checks covers every id). The CLI and the
 * API keep the English text, so nothing that reads them changes.
 */
/** What a path refusal of a manifest (JSONL/CSV) adds so the user knows how to allow images kept elsewhere. */
export const IMAGE_ROOT_HINT =
  'to allow images under another folder, name it as an image root (--image-root DIR, or "Image folders" in the import form)';

const NOTES = {
  // cost comparison warnings (cost/compare.ts)
  'compare.hardwareMismatch':
    'the runs used different hardware ({catlip} vs {baseline}): the speed-up mixes hardware and objective',
  'compare.notOnGpu':
    'run {run} did not train on a GPU ({reason}): its "GPU-hours" are device-hours of that device, and the projection assumes GPUs as fast as it',
  'compare.energyOneRun': 'energy was measured for only one of the runs: energy costs are not comparable',
  // why a run's "GPU-hours" were not on a GPU (cost/accelerator.ts; inside compare.notOnGpu)
  'accelerator.neverStarted': 'the run never started a backend',
  'accelerator.cpu': 'tfjs cpu backend on {device}',
  'accelerator.wasm': 'tfjs WebAssembly backend on {device}',
  'accelerator.tensorflowCpu': '{device} computes on the CPU',
  'accelerator.webgpuSoftware': 'WebGPU on a software adapter ({device}) computes on the CPU',
  'accelerator.unknownBackend': 'unknown backend {backend}',
  // projection: missing plan inputs and cost notes (cost/projection.ts)
  'projection.missing.images': 'plan images (--plan-images N)',
  'projection.missing.epochs': 'plan epochs (--plan-epochs E)',
  'projection.missing.gpus': 'plan GPUs (--plan-gpus K)',
  'projection.missing.bandwidth': "interconnect bandwidth for CLIP's all-gather (--bandwidth GBPS)",
  'projection.noGpuPrice': 'no GPU price set (--gpu-cost-per-hour): cost not computed',
  'projection.energyNotMeasured': "energy cost not included: the pilot's energy was not measured",
  'projection.noElectricityPrice': 'energy cost not included: no electricity price set (--electricity-per-kwh)',
  // TCO: missing inputs and notes (cost/tco.ts)
  'tco.missing.engineerRate': 'engineer rate per hour (--engineer-rate)',
  'tco.missing.setupHours': 'pilot set-up hours (--setup-hours)',
  'tco.missing.dataPrepHours': 'data preparation hours (--data-prep-hours; no import time was recorded)',
  'tco.missing.supervisionHours': 'supervision hours per full-scale training (--supervision-hours-per-training)',
  'tco.missing.hardwarePrice': 'on-premises hardware price per GPU (--hardware-price)',
  'tco.missing.amortisationYears': 'on-premises amortisation years (--amortisation-years)',
  'tco.missing.utilisation': 'on-premises utilisation (--utilisation)',
  'tco.missing.electricityPrice': 'on-premises electricity price per kWh (--electricity-per-kwh)',
  'tco.missing.powerWatts': "on-premises power per GPU in watts (--power-watts; the pilot's energy was not measured)",
  'tco.missing.gpuPrice':
    'a GPU price: per hour in the cloud (--gpu-cost-per-hour) or hardware price, amortisation years and utilisation on premises (--hardware-price, --amortisation-years, --utilisation)',
  'tco.noMigration': 'no migration effort entered (--migration-hours): the break-even counts the pilot only',
  'tco.noStoragePrice': 'storage not included: no storage price per TB-month (--storage-per-tb-month)',
  'tco.noStorageSize': 'full-scale storage not included: no data size in TB (--storage-tb)',
  'tco.cloudPower': 'cloud: the GPU price is taken to include power; energy is counted on premises only',
  // serve mode's refusal of a path outside its allowed roots (api/allowed-roots.ts; an error message)
  'roots.outside':
    '{field}: "{path}" is outside the folders this server may use ({roots}); restart serve with --allow-path FOLDER to allow it',
  // why an import skipped an item (datasets/sources)
  'skip.cocoImageWithoutId': 'image entry without an id and a file_name',
  'skip.annotationNotObject': 'annotation is not an object',
  'skip.imageIdNotInImages': 'image_id {id} has no entry in "images"',
  'skip.missingCaption': 'missing caption',
  'skip.notRegularFile': 'not a regular file',
  'skip.noExtension': 'not an image file (no extension)',
  'skip.notImage': 'not an image file (.{ext})',
  'skip.missingImageField': 'missing image field (expected one of: {fields})',
  'skip.imageFieldNotString': 'image field is not a string (got {value})',
  'skip.emptyImageField': 'empty image field',
  'skip.missingCaptionField': 'missing caption field (expected one of: {fields})',
  'skip.emptyCaptionList': 'empty caption list',
  'skip.captionNotString': 'caption is not a string',
  'skip.captionNotStringAt': 'caption is not a string (caption[{index}])',
  'skip.captionNotStringGot': 'caption is not a string (got {value})',
  'skip.emptyCaption': 'empty caption',
  'skip.emptyCaptionAt': 'empty caption (caption[{index}])',
  'skip.noAnnotation': 'no caption (image id {id} has no annotation in {file})',
  'skip.notListed': 'no caption (the image is not listed in {file})',
  'skip.symlinkClassFolder': 'symlink not followed (class folders must be real folders)',
  'skip.noClassFolder': 'not inside a class folder',
  'skip.invalidJson': 'invalid JSON ({detail})',
  'skip.notJsonObject': 'not a JSON object',
  // a line of a JSONL/CSV file that cannot be read (datasets/sources/utf8-text.ts)
  'line.tooLong': 'line longer than {bytes} bytes',
  'line.notUtf8': 'not valid UTF-8',
  // a CSV row that cannot be parsed (datasets/sources/csv-records.ts)
  'csv.quoteNotDoubled': 'malformed quoting: a quote inside a quoted field must be doubled ("")',
  'csv.quoteInUnquoted': 'malformed quoting: a quote inside an unquoted field',
  'csv.quoteNeverClosed': 'malformed quoting: a quoted field is never closed',
  'csv.malformedRowDetail': 'malformed row: {detail}',
  'csv.malformedRow': 'malformed row',
  'csv.columnCount': 'expected {expected} columns, found {found}',
  // a WebDataset shard or sample that is skipped (datasets/sources/webdataset-source.ts, tar-members.ts)
  'wds.shardUnreadable': 'shard cannot be read: {detail}',
  'wds.tarTruncatedMember':
    'truncated tar: it ends in the middle of a member after {members} complete members; the rest is missing',
  'wds.tarUnreadable': 'unreadable tar after {members} members ({detail}); the rest of the archive is skipped',
  'wds.tarNoEndMarker':
    'truncated tar: no end-of-archive marker after {members} members; samples after them may be missing',
  'wds.sampleIncomplete': '{reason} (sample {key} may be incomplete and is not imported)',
  'wds.sampleTooLarge': 'sample larger than the {limit}-byte limit ({bytes} bytes under this key)',
  'wds.tooManyMembers': 'more than {count} members share this key',
  'wds.memberNameEmpty': 'empty member name',
  'wds.memberNameNul': 'member name contains a NUL byte: {member}',
  'wds.memberNameAbsolute': 'absolute member name: {member}',
  'wds.memberNameDotDot': "member name contains a '..' segment: {member}",
  'wds.memberTooLarge': 'member larger than {limit} bytes: {member}',
  'wds.symlinkMember': 'symlink member not imported: {member} -> {target}',
  'wds.hardLinkMember': 'hard link member not imported: {member} -> {target}',
  'wds.notRegularMember': 'not a regular file ({type}): {member}',
  'wds.noImageMember': 'no image member (found: {members})',
  'wds.captionNotUtf8': 'caption is not valid UTF-8: {member}',
  'wds.emptyCaption': 'empty caption: {member}',
  'wds.noCaptionMember': 'no caption (no .txt member and no .json member)',
  'wds.jsonNotUtf8': 'not valid UTF-8: {member}',
  'wds.invalidJson': 'invalid JSON in {member} ({detail})',
  'wds.noCaptionInJson': 'no caption (no .txt member, and {member} has no caption string)',
  'wds.emptyCaptionInJson': 'empty caption in {member}',
  // an image reference refused by the path confinement (datasets/sources/safe-path.ts); `{folder}` is one of
  // the two folder notes, and the `…Hint` variants (manifests, where image roots apply) say how to allow one
  'path.datasetFolder': 'the dataset folder',
  'path.datasetFolderAndRoots': 'the dataset folder and image roots',
  'path.nulByte': 'image path contains a NUL byte',
  'path.remoteUrl': 'remote URL not imported (download the images first): {path}',
  'path.invalidFileUrl': 'invalid file URL {path}: {detail}',
  'path.absoluteOutside': 'absolute path outside {folder}: {path}',
  'path.absoluteOutsideHint': `absolute path outside {folder}: {path} (${IMAGE_ROOT_HINT})`,
  'path.escapes': 'path escapes {folder}: {path}',
  'path.escapesHint': `path escapes {folder}: {path} (${IMAGE_ROOT_HINT})`,
  'path.symlinkOutside': 'symlink leads outside {folder}: {path} -> {target}',
  'path.symlinkOutsideHint': `symlink leads outside {folder}: {path} -> {target} (${IMAGE_ROOT_HINT})`,
  'path.fileNotFound': 'file not found: {path}',
  'path.symlinkLoop': 'symlink loop: {path}',
  'path.cannotOpen': 'cannot open {path}: {detail}',
  'path.notRegularFile': 'not a regular file: {path}',
  // the wizard's estimate (training/estimate.ts)
  'estimate.fp32':
    'memory and FLOPs are estimates for fp32 training; time comes only from runs measured on this machine',
  'estimate.noVocabulary':
    'no vocabulary built for "{dataset}" yet: CatLIP\'s head is estimated with {synsets} synsets',
} as const;

/** Every catalogued sentence: the notes above and the error messages (engine-error-notes.ts). */
export const ENGINE_NOTES = { ...NOTES, ...ENGINE_ERROR_NOTES } as const;

export type EngineNoteId = keyof typeof ENGINE_NOTES;
export type NoteParams = Record<string, string | number>;
/** A catalogued sentence as data: its id and the values of its `{name}` parts. */
export interface NoteRef {
  id: EngineNoteId;
  params: Record<string, string>;
}

/** The note's English text with its `{name}` parts filled in. */
export function engineNote(id: EngineNoteId, params: NoteParams = {}): string {
  return ENGINE_NOTES[id].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The `{name}` parts of a template, in order. */
export function noteParams(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

/** A pattern that recognises a filled-in note and captures its parts (in `noteParams` order). */
export function notePattern(template: string): RegExp {
  const parts = template.split(/\{\w+\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('(.+?)')}$`, 's');
}

/**
 * The catalogued sentences, each with its pattern; the ones with the most fixed text first, so that
 * "{device} computes on the CPU" does not swallow a longer note ending alike.
 */
let matchers: { id: EngineNoteId; re: RegExp; names: string[]; fixed: number }[] | undefined;

function noteMatchers() {
  return (matchers ??= (Object.keys(ENGINE_NOTES) as EngineNoteId[])
    .map((id) => ({
      id,
      re: notePattern(ENGINE_NOTES[id]),
      names: noteParams(ENGINE_NOTES[id]),
      fixed: ENGINE_NOTES[id].replace(/\{\w+\}/g, '').length,
    }))
    .sort((a, b) => b.fixed - a.fixed));
}

/**
 * Which catalogued sentence a text is, with its parts: how the renderer recognises sentences that reached it
 * as plain text (skip reasons and run errors kept in the database), and how tests check an id and its values.
 */
export function parseNote(text: string): NoteRef | undefined {
  for (const { id, re, names } of noteMatchers()) {
    const m = re.exec(text);
    if (m) return { id, params: Object.fromEntries(names.map((n, i) => [n, m[i + 1] ?? ''])) };
  }
  return undefined;
}
