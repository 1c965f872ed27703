import { parseNote, type NoteRef } from '../../../electron/shared/engine-notes.ts';
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
];

/** A catalogued note in Japanese, its parts translated too where they are notes themselves. */
export function noteTextJa(note: NoteRef): string {
  return ENGINE_NOTES_JA[note.id].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in note.params ? partJa(note.params[name]!) : whole,
  );
}

/**
 * A note's part in Japanese: a note itself, or a list of notes (the runs a compare still waits for,
 * `run 3 is running (…), run 4 is failed (…)`) each translated; anything else (a path, a number) as it is.
 */
function partJa(value: string): string {
  // a list first: a template's parts would also match across the items of a list, joining them wrongly
  for (const separator of ['; ', ', ']) {
    const notes = value.split(separator).map(parseNote);
    if (notes.length > 1 && notes.every((n) => n !== undefined)) return notes.map((n) => noteTextJa(n!)).join('、');
  }
  const whole = parseNote(value);
  return whole === undefined ? value : noteTextJa(whole);
}

export function engineText(text: string): string {
  // the catalogued notes are English as the engine sends them: only Japanese needs them rebuilt
  if (getLocale() === 'ja') {
    const note = parseNote(text);
    if (note !== undefined) return noteTextJa(note);
  }
  for (const { re, key, names = [] } of PATTERNS) {
    const m = re.exec(text);
    if (m) return t(key, Object.fromEntries(names.map((n, i) => [n, m[i + 1] ?? ''])));
  }
  return text;
}
