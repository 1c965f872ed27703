import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTestCode, ROOT, sourceFiles } from './source-files.js';

/**
 * SQL lives in `*-repository.ts` files (and the migrations and the database opener that runs them), so a
 * table's statements can be found, reviewed and changed in one place.
 */
const SQL_CALL = /\.prepare\(|\bdb\.exec\(|\bthis\.db\.exec\(/;

function allowedToRunSql(file: string): boolean {
  return (
    file.endsWith('-repository.ts') ||
    file.includes('/store/migrations/') ||
    file === 'electron/engine/store/database.ts' ||
    isTestCode(file)
  );
}

describe('SQL placement', () => {
  it('no source file outside a repository, the migrations or tests prepares or executes SQL', () => {
    const offenders = sourceFiles('electron', ['.ts', '.cts', '.mts'])
      .filter((f) => !allowedToRunSql(f))
      .filter((f) => SQL_CALL.test(readFileSync(path.join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the check finds SQL where it is (it would catch a stray statement)', () => {
    const withSql = sourceFiles('electron', ['-repository.ts']).filter((f) =>
      SQL_CALL.test(readFileSync(path.join(ROOT, f), 'utf8')),
    );
    expect(withSql).toContain('electron/engine/vocab/vocabulary-repository.ts');
    expect(withSql).toContain('electron/engine/training/run-repository.ts');
  });
});
