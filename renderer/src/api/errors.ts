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

/** Anything thrown (ApiError, a `{code, message}` from IPC, an Error, a string) as an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e && typeof e === 'object') {
    const { code, message, at } = e as { code?: unknown; message?: unknown; at?: unknown };
    const text = typeof message === 'string' ? message : String(e);
    return new ApiError(
      isErrorCode(code) ? code : 'internal',
      text,
      undefined,
      at && typeof at === 'object' ? (at as ErrorLocation) : undefined,
    );
  }
  return new ApiError('internal', String(e));
}

/** One line naming the offending fields of a zod error (as the engine's describeZodError). */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(request)'}: ${i.message}`).join('; ');
}
