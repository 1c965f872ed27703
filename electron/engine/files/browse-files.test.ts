import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../api/engine.js';
import { insideAllowedRoots } from '../api/allowed-roots.js';

function tree() {
  const base = mkdtempSync(path.join(os.tmpdir(), 'catlip-browse-'));
  const home = path.join(base, 'home');
  const data = path.join(home, 'inbox', 'pets');
  mkdirSync(path.join(data, 'cat'), { recursive: true });
  mkdirSync(path.join(data, '.cache'));
  writeFileSync(path.join(data, 'captions.jsonl'), '{}\n');
  writeFileSync(path.join(data, 'notes.txt'), 'not importable');
  const outside = path.join(base, 'secret');
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'keys.csv'), 'a,b\n');
  symlinkSync(outside, path.join(home, 'inbox', 'escape'));
  return { base, home, data, outside };
}

describe('serve-mode file browser', () => {
  it('lists sub-folders and importable files of a folder inside the home, folders first', async () => {
    const { home, data } = tree();
    const engine = new Engine(home);
    try {
      const listing = await engine.invoke('files:browse', { path: data });
      expect(listing.entries).toEqual([
        { name: 'cat', path: path.join(data, 'cat'), kind: 'folder' },
        { name: 'captions.jsonl', path: path.join(data, 'captions.jsonl'), kind: 'file' },
      ]);
      expect(listing.parent).toBe(path.dirname(data));
      const roots = await engine.invoke('files:browse', {});
      expect(roots).toMatchObject({ path: null, parent: null, roots: [home] });
      const top = await engine.invoke('files:browse', { path: home });
      expect(top.parent).toBeNull(); // the root's parent is outside
    } finally {
      engine.close();
    }
  });

  it('refuses folders outside the roots, also through a symbolic link or ..', async () => {
    const { home, outside } = tree();
    const engine = new Engine(home);
    try {
      for (const p of [outside, path.join(home, 'inbox', 'escape'), path.join(home, '..', 'secret'), '/']) {
        await expect(engine.invoke('files:browse', { path: p })).rejects.toMatchObject({
          code: 'invalid-request',
          message: expect.stringMatching(/not inside/),
        });
      }
      const inbox = await engine.invoke('files:browse', { path: path.join(home, 'inbox') });
      expect(inbox.entries.map((e) => e.name)).toEqual(['pets']); // the link out is not offered
    } finally {
      engine.close();
    }
  });

  it('adds the roots it is given', () => {
    const { home, outside } = tree();
    expect(insideAllowedRoots(path.join(outside, 'keys.csv'), [home])).toBeNull();
    expect(insideAllowedRoots(path.join(outside, 'keys.csv'), [home, outside])).toBe(path.join(outside, 'keys.csv'));
    expect(insideAllowedRoots(`${outside}-sibling`, [outside])).toBeNull();
  });
});
