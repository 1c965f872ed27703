import type { EngineErrorNoteId } from '../../../electron/shared/engine-error-notes.ts';

/**
 * The engine's catalogued error messages (electron/shared/engine-error-notes.ts) in Japanese, with the same
 * `{name}` parts. Typed by the engine's id list, so an error the engine adds without its Japanese text does not
 * compile; engine-text.test.ts checks each one's parts. CLI options stay as they are: they are what the user types.
 */
export const ENGINE_ERROR_NOTES_JA: Record<EngineErrorNoteId, string> = {};
