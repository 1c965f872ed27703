import { ENGINE_NOTES, notePattern, noteParams, type EngineNoteId } from '../../../electron/shared/engine-notes.ts';
import { ENGINE_NOTES_JA } from './engine-notes-ja.ts';
import { getLocale, t, type MessageKey } from './index.svelte.ts';

/**
 * The engine's own sentences that reach the UI as data — the Run screen's "why this backend" notes, the
 * recommended backend's reason, an import's skip reasons — in the UI's language. Each known sentence is
 * recognised by its pattern and rebuilt from a message key with its variable parts; anything not known
 * (a new engine text, an OS error) is shown as the engine wrote it.
 */
const PATTERNS: { re: RegExp; key: MessageKey; names?: string[] }[] = [
  // backend choice (training/backends.ts)
  { re: /^cpu: requested$/, key: 'engine.cpuRequested' },
  { re: /^webgpu: software adapter \(no GPU found\)$/, key: 'engine.webgpuSoftware' },
  { re: /^webgpu: Dawn found no adapter\b/, key: 'engine.webgpuNoAdapter' },
  { re: /^kernels: fused WGSL kernels\b/, key: 'engine.kernelsFused' },
  { re: /^kernels: plain tfjs ops\b/, key: 'engine.kernelsTfjs' },
  { re: /^measured: (.+) per probe step → (\w+)$/, key: 'engine.measured', names: ['timings', 'winner'] },
  { re: /^tensorflow: (.*) \(tfjs-node-gpu is optional\b.*\)$/, key: 'engine.tensorflowMissing', names: ['detail'] },
  // the recommended backend's reason (system/system-status.ts)
  { re: /^tfjs-node\(-gpu\) is installed$/, key: 'engine.reason.tensorflow' },
  {
    re: /^tfjs-node-gpu is not installed, so runs train in the app's hidden compute window\b/,
    key: 'engine.reason.computeWindow',
  },
  { re: /^WebGPU found a GPU adapter$/, key: 'engine.reason.webgpuGpu' },
  {
    re: /^no GPU found; a run measures software WebGPU against the cpu backend\b/,
    key: 'engine.reason.webgpuSoftware',
  },
  {
    re: /^no GPU found: a run measures (.+) and takes the fastest\b/,
    key: 'engine.reason.measureCpuBackends',
    names: ['backends'],
  },
  { re: /^no GPU backend is available\b/, key: 'engine.reason.cpu' },
  // skip reasons (datasets/sources)
  {
    re: /^no caption \(image id (\S+) has no annotation in (.+)\)$/,
    key: 'engine.skip.noAnnotation',
    names: ['id', 'file'],
  },
  { re: /^no caption \(the image is not listed in (.+)\)$/, key: 'engine.skip.notListed', names: ['file'] },
  { re: /^symlink not followed\b/, key: 'engine.skip.symlink' },
  { re: /^not inside a class folder$/, key: 'engine.skip.noClassFolder' },
  { re: /^empty caption(.*)$/, key: 'engine.skip.emptyCaption', names: ['where'] },
  { re: /^caption is not a string(.*)$/, key: 'engine.skip.captionNotString', names: ['where'] },
  { re: /^not a JSON object$/, key: 'engine.skip.notObject' },
  { re: /^invalid JSON \((.*)\)$/, key: 'engine.skip.invalidJson', names: ['detail'] },
  // a manifest's image path outside its folder: the engine's hint names the CLI option and the form's field
  {
    re: /^(?:absolute path outside|path escapes) the dataset folder and image roots: (.+?) \(to allow images under another folder\b.*\)$/,
    key: 'engine.skip.outsideImageRoots',
    names: ['path'],
  },
  {
    re: /^(?:absolute path outside|path escapes) the dataset folder: (.+?) \(to allow images under another folder\b.*\)$/,
    key: 'engine.skip.outsideFolder',
    names: ['path'],
  },
];

/**
 * The engine's catalogued notes (cost, TCO, estimate), each recognised by its own template; the ones with the
 * most fixed text first, so that "{device} computes on the CPU" does not swallow a longer note ending alike.
 */
const NOTES = (Object.keys(ENGINE_NOTES) as EngineNoteId[])
  .map((id) => ({
    id,
    re: notePattern(ENGINE_NOTES[id]),
    names: noteParams(ENGINE_NOTES[id]),
    fixed: ENGINE_NOTES[id].replace(/\{\w+\}/g, '').length,
  }))
  .sort((a, b) => b.fixed - a.fixed);

/** A catalogued note in Japanese (its parts translated too where they are notes themselves); null if not one. */
function noteText(text: string): string | null {
  for (const { id, re, names } of NOTES) {
    const m = re.exec(text);
    if (!m) continue;
    const values = Object.fromEntries(names.map((n, i) => [n, engineText(m[i + 1] ?? '')]));
    return ENGINE_NOTES_JA[id].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  }
  return null;
}

export function engineText(text: string): string {
  // the catalogued notes are English as the engine sends them: only Japanese needs them rebuilt
  if (getLocale() === 'ja') {
    const note = noteText(text);
    if (note !== null) return note;
  }
  for (const { re, key, names = [] } of PATTERNS) {
    const m = re.exec(text);
    if (m) return t(key, Object.fromEntries(names.map((n, i) => [n, m[i + 1] ?? ''])));
  }
  return text;
}
