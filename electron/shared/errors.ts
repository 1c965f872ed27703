import type { z } from 'zod';
import { engineNote, type EngineNoteId, type NoteParams, type NoteRef } from './engine-notes.js';

/**
 * Error codes every transport (IPC, HTTP, CLI) passes on unchanged, so the UI can say what to do. The one
 * list: the renderer adds only its transport's own codes to it.
 * - invalid-request: a value of the request is wrong (a form field, a CLI option)
 * - invalid-data: the user's data is wrong (a dataset file, at the file/line/field named)
 * - not-found, conflict, unsupported, io, cancelled: as named
 * - internal: anything else — a bug in the engine
 */
export const ENGINE_ERROR_CODES = [
  'invalid-request',
  'invalid-data',
  'not-found',
  'conflict',
  'unsupported',
  'io',
  'cancelled',
  'internal',
] as const;
export type ErrorCode = (typeof ENGINE_ERROR_CODES)[number];

/** Where in the user's input a problem is: a file (and line) of a dataset, or a field of a request. */
export interface ErrorLocation {
  file?: string;
  /** 1-based line of `file`. */
  line?: number;
  /** The request field or data field at fault, e.g. `batch` or `annotations`. */
  field?: string;
}

/** The serialisable error shape that crosses process boundaries: never a raw stack. */
export interface SerializedError {
  code: ErrorCode;
  message: string;
  at?: ErrorLocation;
  /** The catalogued message the text is, with its values: what the UI shows in its own language. */
  note?: NoteRef;
}

/**
 * An error the user can act on: every failure caused by a request or by the user's data is one, so that an
 * error without it (code 'internal') means a bug. The message is complete on its own (it names the file,
 * line and field too); `at` repeats them for forms and tools.
 */
export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly at?: ErrorLocation,
    /** Set when the message is a catalogued one (see `noteError`): its id and values travel with it. */
    readonly note?: NoteRef,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/**
 * An EngineError whose message is the catalogued error `id` (electron/shared/engine-error-notes.ts) with
 * `params` filled in: the CLI and API read the English text, the UI shows the same message in Japanese.
 */
export function noteError(code: ErrorCode, id: EngineNoteId, params: NoteParams = {}, at?: ErrorLocation): EngineError {
  const values = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
  return new EngineError(code, engineNote(id, values), at, { id, params: values });
}

/** One line naming the offending field(s): `path: expected string, received number; format: invalid option …`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(request)'}: ${i.message}`).join('; ');
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof EngineError) {
    const out: SerializedError = { code: e.code, message: e.message };
    if (e.at) out.at = e.at;
    if (e.note) out.note = e.note;
    return out;
  }
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return { code: 'io', message };
  return { code: 'internal', message };
}
