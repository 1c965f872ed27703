import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveWordNetResource } from './resource-path.js';

const committed = resolveWordNetResource({});
const projectRoot = path.resolve(path.dirname(committed), '..', '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'catlip-wordnet-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('resources/wordnet', () => {
  it('is found by walking up from the module', () => {
    expect(committed.endsWith(path.join('resources', 'wordnet', 'wn30-nouns.json.gz'))).toBe(true);
  });

  it('prefers CATLIP_RESOURCES and falls back to the module-relative search when it lacks the file', () => {
    const override = path.join(scratch, 'override');
    mkdirSync(path.join(override, 'wordnet'), { recursive: true });
    copyFileSync(committed, path.join(override, 'wordnet', 'wn30-nouns.json.gz'));
    expect(resolveWordNetResource({ CATLIP_RESOURCES: override })).toBe(
      path.join(override, 'wordnet', 'wn30-nouns.json.gz'),
    );
    expect(resolveWordNetResource({ CATLIP_RESOURCES: path.join(scratch, 'missing') })).toBe(committed);
  });

  it('is small', () => {
    expect(readFileSync(committed).length).toBeLessThan(3 * 1024 * 1024);
  });

  // Debian's wordnet-base holds the WordNet 3.0 files (CI installs it); CATLIP_WORDNET_DICT names another copy
  const dict = process.env.CATLIP_WORDNET_DICT ?? '/usr/share/wordnet';
  const noDict = existsSync(path.join(dict, 'data.noun'))
    ? false
    : `no WordNet 3.0 files in ${dict} (apt-get install --no-install-recommends wordnet-base)`;
  it.skipIf(noDict)(`rebuilds byte for byte from the WordNet 3.0 files${noDict ? ` (skipped: ${noDict})` : ''}`, () => {
    const committedBytes = readFileSync(committed);
    const rebuilt = path.join(scratch, 'wn30-nouns.json.gz');
    execFileSync(process.execPath, [path.join(projectRoot, 'resources', 'wordnet', 'build.mjs'), dict, rebuilt]);
    expect(readFileSync(rebuilt).equals(committedBytes)).toBe(true);
  });
});
