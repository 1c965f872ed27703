import { sql as m0001 } from './0001-init.js';
import { sql as m0004 } from './0004-import-interrupted.js';
import { sql as m0006 } from './0006-lemma-classes.js';
import { sql as m0007 } from './0007-management-pack.js';
import { sql as m0009 } from './0009-image-hashes.js';
import { sql as m0010 } from './0010-dataset-views.js';
import { sql as m0012 } from './0012-saved-models.js';

/**
 * Numbered migrations, applied in order, each exactly once (tracked by SQLite's `user_version`).
 * Never edit a released migration: add the next number.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: 'init', sql: m0001 },
  { version: 4, name: 'import-interrupted', sql: m0004 },
  { version: 6, name: 'lemma-classes', sql: m0006 },
  { version: 7, name: 'management-pack', sql: m0007 },
  { version: 9, name: 'image-hashes', sql: m0009 },
  { version: 10, name: 'dataset-views', sql: m0010 },
  { version: 12, name: 'saved-models', sql: m0012 },
];
