import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VocabSummary } from '../../shared/channels.js';
import { runCommand } from '../../../test/cli/command-runner.fixture.js';
import { Engine } from '../api/engine.js';
import { vocabCommand } from '../cli/commands/vocab.js';
import { importCaptionsOnThreeImages } from './captions-on-three-images.fixture.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-edit-curve-'));
// each caption on each of three images: photograph is seen 6 times, dog, puppy and sofa 3 times each
const CAPTIONS = ['a photo of a dog', 'a puppy on a sofa', 'a photo'];
let engine: Engine;
let base: VocabSummary;

beforeAll(async () => {
  engine = new Engine(home);
  await importCaptionsOnThreeImages(engine, home, 'pets', CAPTIONS);
  base = await engine.invoke('vocab:build', { dataset: 'pets', minCount: 2, top: 50 });
}, 120_000);
afterAll(() => {
  engine.close();
  rmSync(home, { recursive: true, force: true });
});

const preview = (edits: object[]) =>
  engine.invoke('vocab:edit:preview', { vocabulary: base.vocabulary, edits } as never);
/** The curve's point at a min-count (the curve lists the distinct counts; between two nothing changes). */
const at = (points: { min_count: number; size: number; coverage: number }[], k: number) =>
  points.filter((p) => p.min_count <= k).at(-1)!;

describe('the vocabulary curve of an edited version', () => {
  it('is the built curve, and the version’s own figures, without edits', async () => {
    expect(Object.fromEntries(base.top.map((t) => [t.name, t.count]))).toEqual({
      'photograph.n.01': 6,
      'dog.n.01': 3,
      'puppy.n.01': 3,
      'sofa.n.01': 3,
    });
    const p = await preview([]);
    const built = await engine.invoke('vocab:preview', { dataset: 'pets' });
    expect(p.points).toEqual(built.points);
    expect(p).toMatchObject({
      captions: 9,
      pending_edits: 0,
      min_count: 2,
      size: 4,
      coverage: 1,
      base: { size: 4, coverage: 1 },
    });
  });

  it('loses coverage to a stop-list and classes to a merge, as saving the edits gives', async () => {
    const stop = await preview([{ op: 'stop', classes: ['photo'] }]);
    // "a photo" has no class left: 3 of 9 captions
    expect(stop).toMatchObject({ pending_edits: 1, size: 3, base: { size: 4, coverage: 1 } });
    expect(stop.coverage).toBeCloseTo(6 / 9, 10);
    expect(at(stop.points, 3)).toMatchObject({ size: 3 });
    expect(at(stop.points, 3).coverage).toBeCloseTo(6 / 9, 10);

    const merge = await preview([{ op: 'merge', classes: ['dog', 'puppy'], into: 'dog.n.01' }]);
    expect(merge).toMatchObject({ size: 3, coverage: 1 });
    // dog is now seen 6 times: at min-count 6 it stays with photograph
    expect(at(merge.points, 6)).toMatchObject({ min_count: 6, size: 2 });

    const both = [
      { op: 'merge', classes: ['dog', 'puppy'], into: 'dog.n.01' },
      { op: 'stop', classes: ['photo'] },
    ];
    const edited = await preview(both);
    const saved = await engine.invoke('vocab:edit', { vocabulary: base.vocabulary, edits: both } as never);
    expect({ size: edited.size, coverage: edited.coverage }).toEqual({ size: saved.size, coverage: saved.coverage });
    // the saved version's own curve, with no more edits, is the edited one
    const again = await engine.invoke('vocab:edit:preview', { vocabulary: saved.vocabulary, edits: [] });
    expect(again.points).toEqual(edited.points);
    expect(again.base).toEqual({ size: 2, coverage: edited.coverage });
  });

  it('keeps a custom class at every min-count, as saving keeps it', async () => {
    const p = await preview([{ op: 'custom', name: 'pets', triggers: ['sofa'] }]);
    expect(p.size).toBe(5);
    // at min-count 6 only photograph passes the count; the custom class is kept anyway
    expect(at(p.points, 6)).toMatchObject({ size: 2 });
  });

  it('is what `vocab edit --preview` prints, saving nothing', async () => {
    const saveOne = async () =>
      (await engine.invoke('vocab:edit', { vocabulary: base.vocabulary, edits: [{ op: 'stop', classes: ['dog'] }] }))
        .vocabulary;
    const before = await saveOne();
    const printed = await runCommand(engine, home, vocabCommand, ['edit'], {
      vocabulary: String(base.vocabulary),
      stop: ['photo'] as never, // a repeatable option arrives as a list
      preview: true,
    });
    expect(printed).toContain(
      `vocabulary ${base.vocabulary} with 1 edits (not saved) at min-count 2: 3 classes, coverage 66.7% (captions with ≥ 1 class); now 4 classes, coverage 100.0%`,
    );
    expect(printed).toMatch(/min-count +classes +coverage +labels\/caption\n +3 +3 +66\.7%/);
    // nothing saved: the next version made takes the very next id
    expect(await saveOne()).toBe(before + 1);
  });

  it('refuses an edit naming no single class, and an unknown vocabulary', async () => {
    await expect(preview([{ op: 'merge', classes: ['dog'], into: 'two words' }])).rejects.toThrow(
      /"two words" names no single class/,
    );
    await expect(engine.invoke('vocab:edit:preview', { vocabulary: 999 })).rejects.toThrow(/no vocabulary 999/);
  });
});
