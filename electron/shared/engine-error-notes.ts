/**
 * The error messages users meet (import, vocabulary, training start, evaluation, compare/report, export), each
 * under an id with an English template whose `{name}` parts the engine fills in (`noteError` in errors.ts).
 * They join the engine-note catalogue (engine-notes.ts), so the renderer shows them in Japanese by the same
 * typed record; the CLI and the API keep the English text. Errors that only a bug can cause keep a plain
 * message: the UI summarises them by their code.
 */
export const ENGINE_ERROR_NOTES = {} as const;

export type EngineErrorNoteId = keyof typeof ENGINE_ERROR_NOTES;
