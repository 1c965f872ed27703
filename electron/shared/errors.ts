import type { z } from 'zod';

/** Error codes every transport (IPC, HTTP, CLI) passes on unchanged, so the UI can say what to do. */
export type ErrorCode = 'invalid-request' | 'not-found' | 'conflict' | 'unsupported' | 'io' | 'cancelled' | 'internal';

/** The serialisable error shape that crosses process boundaries: never a raw stack. */
export interface SerializedError {
  code: ErrorCode;
  message: string;
}

export class EngineError extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
    this.name = 'EngineError';
  }
}

/** One line naming the offending field(s): `path: expected string, received number; format: invalid option …`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length ? i.path.join('.') : '(request)'}: ${i.message}`)
    .join('; ');
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof EngineError) return { code: e.code, message: e.message };
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return { code: 'io', message };
  return { code: 'internal', message };
}
