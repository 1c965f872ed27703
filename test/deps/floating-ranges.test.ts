import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe as suite, expect, it } from 'vitest';
import { describe, findFloatingRanges, isFloating, type LockFile, type RootManifest } from './floating-ranges.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

suite('floating dependency ranges', () => {
  it('the project lock and package.json have none that an exact override does not pin', () => {
    const found = findFloatingRanges(
      readJson<LockFile>(path.join(root, 'package-lock.json')),
      readJson<RootManifest>(path.join(root, 'package.json')),
    );
    expect(found.map(describe)).toEqual([]);
  });

  it('a planted "latest" dependency fails, naming the package', () => {
    const lock = readJson<LockFile>(path.join(import.meta.dirname, 'planted-latest.lock.fixture.json'));
    const found = findFloatingRanges(lock, { dependencies: { 'some-tool': '1.0.0' } });
    expect(found.map(describe)).toEqual(['some-tool@1.0.0 declares dependencies "tar": "latest"']);
  });

  it('an exact override pins it, nested under the declaring package or at the top level', () => {
    const lock = readJson<LockFile>(path.join(import.meta.dirname, 'planted-latest.lock.fixture.json'));
    expect(
      findFloatingRanges(lock, {
        dependencies: { 'some-tool': '1.0.0' },
        overrides: { 'some-tool': { tar: '6.2.1' } },
      }),
    ).toEqual([]);
    expect(findFloatingRanges(lock, { dependencies: { 'some-tool': '1.0.0' }, overrides: { tar: '6.2.1' } })).toEqual(
      [],
    );
    // an override that floats itself pins nothing
    expect(
      findFloatingRanges(lock, { dependencies: { 'some-tool': '1.0.0' }, overrides: { tar: '^6.2.1' } }),
    ).toHaveLength(1);
  });

  it('root dependencies must be exact versions', () => {
    const found = findFloatingRanges({ packages: {} }, { devDependencies: { vite: '^7.3.8', zod: '4.6.7' } });
    expect(found.map(describe)).toEqual(['(root) declares devDependencies (not an exact version) "vite": "^7.3.8"']);
  });

  it('optional peers that nothing installed are ignored; installed ones count', () => {
    const lock: LockFile = {
      packages: {
        '': {},
        'node_modules/a': {
          version: '1.0.0',
          peerDependencies: { b: '*', c: '*' },
          peerDependenciesMeta: { b: { optional: true }, c: { optional: true } },
        },
        'node_modules/c': { version: '2.0.0' },
      },
    };
    expect(findFloatingRanges(lock, {}).map((f) => f.dependency)).toEqual(['c']);
  });

  it.each([
    ['latest', true],
    ['next', true],
    ['beta', true],
    ['*', true],
    ['', true],
    ['x', true],
    ['git+https://github.com/a/b.git', true],
    ['github:a/b', true],
    ['a/b#main', true],
    ['https://x.org/a.tgz', true],
    ['file:../a', true],
    ['npm:tar@latest', true],
    ['^6.1.11', false],
    ['~7.7.3', false],
    ['>=1.2 <2', false],
    ['1.2.3', false],
    ['v1.2.3', false],
    ['1.x', false],
    ['npm:tar@6.2.1', false],
  ])('isFloating(%j) = %s', (spec, floating) => {
    expect(isFloating(spec)).toBe(floating);
  });
});
