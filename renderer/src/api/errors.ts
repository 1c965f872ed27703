import { ENGINE_NOTES, type EngineNoteId, type NoteRef } from '../../../electron/shared/engine-notes.ts';
import { ENGINE_ERROR_CODES, type ErrorLocation } from '../../../electron/shared/errors.ts';

/**
 * Errors from the API as the UI shows them: `code` says what kind of failure it was (it selects the
 * "what to do" advice), `message` says what went wrong in the engine's words, `at` where in the user's
 * input (file, line, field) when the engine knows.
 * The engine's codes plus the transport's own.
 */
export const ERROR_CODES = [
  ...ENGINE_ERROR_CODES,
  // serve mode: missing/wrong token (HTTP 401), engine unreachable, response that does not match the contract
  'unauthorised',
  'network',
  'invalid-response',
] as const;
export type ApiErrorCode = (typeof ERROR_CODES)[number];

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly channel?: string,
    readonly at?: ErrorLocation,
    /** The catalogued message the engine sent, with its values: the UI shows it in its own language. */
    readonly note?: NoteRef,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isErrorCode(code: unknown): code is ApiErrorCode {
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);
}

const STATUS_CODES: Record<number, ApiErrorCode> = {
  400: 'invalid-request',
  401: 'unauthorised',
  403: 'unauthorised',
  404: 'not-found',
  409: 'conflict',
  422: 'unsupported',
};

export function codeForStatus(status: number): ApiErrorCode {
  return STATUS_CODES[status] ?? 'internal';
}

/** The `note` of an error as the engine sent it, if it is one this UI knows (an older or newer engine's may not be). */
export function noteOf(note: unknown): NoteRef | undefined {
  if (!note || typeof note !== 'object') return undefined;
  const { id, params } = note as { id?: unknown; params?: unknown };
  if (typeof id !== 'string' || !Object.hasOwn(ENGINE_NOTES, id) || !params || typeof params !== 'object')
    return undefined;
  const values = Object.entries(params as Record<string, unknown>).filter(([, v]) => typeof v === 'string');
  return { id: id as EngineNoteId, params: Object.fromEntries(values) as Record<string, string> };
}

/** Anything thrown (ApiError, a `{code, message, at, note}` from IPC or HTTP, an Error, a string) as an ApiError. */
export function toApiError(e: unknown, channel?: string, status?: number): ApiError {
  if (e instanceof ApiError) return e;
  if (e && typeof e === 'object') {
    const { code, message, at, note } = e as { code?: unknown; message?: unknown; at?: unknown; note?: unknown };
    const text = typeof message === 'string' ? message : status !== undefined ? `HTTP ${status}` : String(e);
    return new ApiError(
      isErrorCode(code) ? code : status !== undefined ? codeForStatus(status) : 'internal',
      text,
      channel,
      at && typeof at === 'object' ? (at as ErrorLocation) : undefined,
      noteOf(note),
    );
  }
  return new ApiError('internal', String(e));
}

/** One line naming the offending fields of a zod error (as the engine's describeZodError). */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(request)'}: ${i.message}`).join('; ');
}
