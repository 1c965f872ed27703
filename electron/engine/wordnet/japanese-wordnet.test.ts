import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '../../../test/fixtures/fixture-paths.js';
import { JAPANESE_WORDNET_FILE, loadJapaneseWordNet } from './japanese-wordnet.js';
import { resolveWordNetResource } from './resource-path.js';
import { loadWordNet } from './wordnet.js';

const resourceDir = path.dirname(resolveWordNetResource({}));
const source = path.join(sharedDataDir, 'wordnet-ja');
const scratch = mkdtempSync(path.join(tmpdir(), 'catlip-wordnet-ja-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('Japanese wordnet resource', () => {
  const ja = loadJapaneseWordNet();
  const wn = loadWordNet();
  const first = (lemma: string) => wn.synsetByOffset(ja.synsetOffsets(lemma)![0])!.name;

  it('maps Japanese noun lemmas to WordNet 3.0 noun synsets, the likeliest in a caption first', () => {
    expect(ja.lemmaCount).toBeGreaterThan(14_000);
    expect(first('犬')).toBe('dog.n.01');
    // physical before abstract (masculine.n.01), head sense before a second sense (male.n.02)
    expect(first('男性')).toBe('man.n.01');
    expect(first('女性')).toBe('woman.n.01');
    // more English lemmas first where all else ties (bathtub.n.01 has fewer)
    expect(first('バス')).toBe('bus.n.01');
    expect(ja.synsetOffsets('ｲﾇ')).toBeUndefined();
    expect(ja.synsetOffsets('ﾄﾗｯｸ')).toEqual(ja.synsetOffsets('トラック')); // looked up NFKC-normalised
  });

  it('ships its licences beside the data', () => {
    for (const f of ['LICENSE-wikt-jpn', 'LICENSE-cldr-jpn', 'citation-wikt-jpn.bib', 'citation-cldr-jpn.bib']) {
      expect(existsSync(path.join(resourceDir, f)), f).toBe(true);
    }
  });

  it.skipIf(!existsSync(source))('rebuilds byte for byte from the Open Multilingual Wordnet files', () => {
    const rebuilt = path.join(scratch, JAPANESE_WORDNET_FILE);
    execFileSync(process.execPath, [path.join(resourceDir, 'build-ja.mjs'), source, rebuilt]);
    expect(readFileSync(rebuilt).equals(readFileSync(path.join(resourceDir, JAPANESE_WORDNET_FILE)))).toBe(true);
  });
});
