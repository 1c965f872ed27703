import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT, sourceFiles } from './source-files.js';

/**
 * Test helpers are named `*.fixture.ts` (or live under test/, outside the app build) so that `build:engine`
 * never compiles them into dist/, which electron-builder packages. tsc still compiles an excluded file that
 * a built file imports, so the imports of every built file are checked too.
 */
function buildFiles(): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, 'tsconfig.build.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error('tsconfig.build.json could not be read');
  return parsed.fileNames.map((f) => path.relative(ROOT, f).split(path.sep).join('/'));
}

const TEST_ONLY = /\.(test|fixture)\.[cm]?ts$/;

describe('the engine build', () => {
  const built = buildFiles();

  it('compiles no test or fixture file', () => {
    expect(built.length).toBeGreaterThan(100);
    expect(built.filter((f) => TEST_ONLY.test(f))).toEqual([]);
  });

  it('compiles no file that imports a test or fixture file', () => {
    const importsTestCode = /from\s+['"][^'"]*\.(test|fixture)\.js['"]|import\(\s*['"][^'"]*\.(test|fixture)\.js['"]/;
    expect(built.filter((f) => importsTestCode.test(readFileSync(path.join(ROOT, f), 'utf8')))).toEqual([]);
  });

  it('every test helper beside the engine code is a fixture: imported by tests only', () => {
    const engine = sourceFiles('electron', ['.ts']).filter((f) => !TEST_ONLY.test(f));
    const all = [
      ...sourceFiles('electron', ['.ts', '.mjs', '.cts']),
      ...sourceFiles('test', ['.ts', '.mjs']),
      ...sourceFiles('renderer/src', ['.ts', '.svelte']),
    ];
    const text = new Map(all.map((f) => [f, readFileSync(path.join(ROOT, f), 'utf8')]));
    const testOnly = engine.filter((f) => {
      // imported (`./x.js`, the renderer's `./x.ts`) or started by file name (`'trainer-process.js'`)
      const named = new RegExp(`[/'"]${path.basename(f, '.ts').replace(/[.-]/g, '\\$&')}\\.(js|ts)['"]`);
      const users = all.filter((u) => u !== f && named.test(text.get(u)!));
      // test/bench/ is built into dist/ for the benchmark scripts: what it uses is not test-only
      return (
        users.length > 0 &&
        users.every((u) => TEST_ONLY.test(u) || (u.startsWith('test/') && !u.startsWith('test/bench/')))
      );
    });
    expect(testOnly).toEqual([]);
  });
});
