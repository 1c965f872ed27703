import { describe, expect, it } from 'vitest';
import { ENGINE_ERROR_NOTES } from './engine-error-notes.js';
import { engineNote, parseNote } from './engine-notes.js';
import { EngineError, noteError, serializeError } from './errors.js';

describe('catalogued engine errors', () => {
  it('keep the English message for the CLI and API, and carry their id and values across the transports', () => {
    const e = noteError(
      'invalid-request',
      'train.batchTooLarge',
      { batch: 64, items: 40, name: 'coco', max: 40 },
      { field: 'batch' },
    );
    expect(e).toBeInstanceOf(EngineError);
    expect(e.message).toBe('batch 64 is larger than the 40 training items of "coco"; use --batch 40 or less');
    expect(serializeError(e)).toEqual({
      code: 'invalid-request',
      message: e.message,
      at: { field: 'batch' },
      note: { id: 'train.batchTooLarge', params: { batch: '64', items: '40', name: 'coco', max: '40' } },
    });
    // a plain error keeps its old shape
    expect(serializeError(new EngineError('internal', 'bug'))).toEqual({ code: 'internal', message: 'bug' });
  });

  it('are each recognised back from their text alone (a run error kept in the database), values and all', () => {
    for (const id of Object.keys(ENGINE_ERROR_NOTES) as (keyof typeof ENGINE_ERROR_NOTES)[]) {
      const names = [...ENGINE_ERROR_NOTES[id].matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const params = Object.fromEntries(names.map((n, i) => [n, `v${i}`]));
      expect(parseNote(engineNote(id, params)), id).toEqual({ id, params });
    }
  });
});
