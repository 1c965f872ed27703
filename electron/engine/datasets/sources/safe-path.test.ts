import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNote } from '../../../shared/engine-notes.js';
import { DatasetFolder, IMAGE_ROOT_HINT, isInside, unsafeMemberName } from './safe-path.js';

describe('isInside', () => {
  it('accepts the root and paths below it, nothing else', () => {
    expect(isInside('/data/set', '/data/set')).toBe(true);
    expect(isInside('/data/set', '/data/set/a/b.jpg')).toBe(true);
    expect(isInside('/data/set', '/data/set/..hidden.jpg')).toBe(true); // a name starting with dots is not '..'
    expect(isInside('/data/set', '/data/settings/a.jpg')).toBe(false); // a sibling sharing the prefix
    expect(isInside('/data/set', '/data/a.jpg')).toBe(false);
  });
});

describe('unsafeMemberName', () => {
  it('names what is wrong with absolute and parent-relative archive names', () => {
    expect(unsafeMemberName('000001.jpg')).toBeUndefined();
    expect(unsafeMemberName('dir/..x/a.jpg')).toBeUndefined();
    expect(unsafeMemberName('/etc/passwd')).toBe('absolute member name: /etc/passwd');
    expect(parseNote(unsafeMemberName('C:\\x.jpg')!)).toEqual({
      id: 'wds.memberNameAbsolute',
      params: { member: 'C:\\x.jpg' },
    });
    expect(unsafeMemberName('a/../../x.jpg')).toBe("member name contains a '..' segment: a/../../x.jpg");
    expect(parseNote(unsafeMemberName('a\\..\\x.jpg')!)).toEqual({
      id: 'wds.memberNameDotDot',
      params: { member: 'a\\..\\x.jpg' },
    });
    expect(parseNote(unsafeMemberName('')!)).toEqual({ id: 'wds.memberNameEmpty', params: {} });
  });
});

describe('DatasetFolder.resolveFile', () => {
  let base: string;
  let folder: DatasetFolder;
  beforeAll(async () => {
    base = await realpath(await mkdtemp(path.join(os.tmpdir(), 'safe-path-')));
    await mkdir(path.join(base, 'root', 'sub'), { recursive: true });
    await mkdir(path.join(base, 'elsewhere'), { recursive: true });
    await writeFile(path.join(base, 'root', 'sub', 'a.jpg'), 'a');
    await writeFile(path.join(base, 'elsewhere', 'secret.jpg'), 's');
    await symlink('../elsewhere', path.join(base, 'root', 'linked-dir')); // a folder symlink leaving the root
    await symlink('loop', path.join(base, 'root', 'loop'));
    folder = await DatasetFolder.open(path.join(base, 'root'));
  });
  afterAll(async () => rm(base, { recursive: true, force: true }));

  it('resolves a relative file inside the folder to its absolute real path', async () => {
    expect(await folder.resolveFile('sub/a.jpg')).toEqual({ ok: true, path: path.join(base, 'root', 'sub', 'a.jpg') });
  });

  it('refuses a file reached through a symlinked folder that leaves the root', async () => {
    expect(await folder.resolveFile('linked-dir/secret.jpg')).toEqual({
      ok: false,
      reason: `symlink leads outside the dataset folder: linked-dir/secret.jpg -> ${path.join(base, 'elsewhere', 'secret.jpg')}`,
    });
  });

  it('explains folders, loops, bad file URLs and NUL bytes', async () => {
    expect(await folder.resolveFile('sub')).toEqual({ ok: false, reason: 'not a regular file: sub' });
    expect(await folder.resolveFile('loop')).toEqual({ ok: false, reason: 'symlink loop: loop' });
    expect(await folder.resolveFile('sub/a.jpg/x')).toEqual({ ok: false, reason: 'file not found: sub/a.jpg/x' });
    expect(await folder.resolveFile('file://remote-host/x.jpg')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^invalid file URL/),
    });
    expect(await folder.resolveFile('a\0.jpg')).toEqual({ ok: false, reason: 'image path contains a NUL byte' });
  });

  it('gives every refusal as a catalogued note (id and values) that the UI shows in Japanese', async () => {
    const noteOf = async (f: DatasetFolder, ref: string) => {
      const r = await f.resolveFile(ref);
      return r.ok ? undefined : parseNote(r.reason);
    };
    const secret = path.join(base, 'elsewhere', 'secret.jpg');
    expect(await noteOf(folder, 'linked-dir/secret.jpg')).toEqual({
      id: 'path.symlinkOutside',
      params: { folder: 'the dataset folder', path: 'linked-dir/secret.jpg', target: secret },
    });
    expect(await noteOf(folder, 'sub')).toEqual({ id: 'path.notRegularFile', params: { path: 'sub' } });
    expect(await noteOf(folder, 'loop')).toEqual({ id: 'path.symlinkLoop', params: { path: 'loop' } });
    expect(await noteOf(folder, 'sub/a.jpg/x')).toEqual({ id: 'path.fileNotFound', params: { path: 'sub/a.jpg/x' } });
    expect(await noteOf(folder, 'https://example.com/x.jpg')).toEqual({
      id: 'path.remoteUrl',
      params: { path: 'https://example.com/x.jpg' },
    });
    expect(await noteOf(folder, 'file://remote-host/x.jpg')).toMatchObject({
      id: 'path.invalidFileUrl',
      params: { path: 'file://remote-host/x.jpg' },
    });
    expect(await noteOf(folder, 'a\0.jpg')).toEqual({ id: 'path.nulByte', params: {} });
    const manifest = await DatasetFolder.open(path.join(base, 'root'), [], true);
    expect(await noteOf(manifest, secret)).toEqual({
      id: 'path.absoluteOutsideHint',
      params: { folder: 'the dataset folder', path: secret },
    });
    expect(await noteOf(manifest, '../x.jpg')).toEqual({
      id: 'path.escapesHint',
      params: { folder: 'the dataset folder', path: '../x.jpg' },
    });
    const withRoot = await DatasetFolder.open(path.join(base, 'root'), [path.join(base, 'elsewhere')], true);
    expect(await noteOf(withRoot, '/nowhere/x.jpg')).toEqual({
      id: 'path.absoluteOutsideHint',
      params: { folder: 'the dataset folder and image roots', path: '/nowhere/x.jpg' },
    });
  });

  it('throws for a folder that does not exist', async () => {
    await expect(DatasetFolder.open(path.join(base, 'nope'))).rejects.toThrow(/Dataset path not found: .*nope/);
  });

  it("says how to allow a root when a manifest's absolute or escaping path is refused", async () => {
    const outside = path.join(base, 'elsewhere', 'secret.jpg');
    const manifestFolder = await DatasetFolder.open(path.join(base, 'root'), [], true);
    const refused = await manifestFolder.resolveFile(outside);
    expect(refused).toEqual({
      ok: false,
      reason: `absolute path outside the dataset folder: ${outside} (${IMAGE_ROOT_HINT})`,
    });
    expect(IMAGE_ROOT_HINT).toMatch(/--image-root DIR/);
    expect(await manifestFolder.resolveFile('../elsewhere/secret.jpg')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^path escapes the dataset folder: .*--image-root/),
    });
  });

  it('accepts absolute, escaping and symlinked paths into a named image root, and still refuses everything else', async () => {
    await mkdir(path.join(base, 'third'), { recursive: true });
    await writeFile(path.join(base, 'third', 'no.jpg'), 'n');
    const withRoot = await DatasetFolder.open(path.join(base, 'root'), [path.join(base, 'elsewhere')], true);
    const secret = path.join(base, 'elsewhere', 'secret.jpg');
    expect(await withRoot.resolveFile(secret)).toEqual({ ok: true, path: secret });
    expect(await withRoot.resolveFile('../elsewhere/secret.jpg')).toEqual({ ok: true, path: secret });
    expect(await withRoot.resolveFile('linked-dir/secret.jpg')).toEqual({ ok: true, path: secret });
    expect(await withRoot.resolveFile('sub/a.jpg')).toEqual({
      ok: true,
      path: path.join(base, 'root', 'sub', 'a.jpg'),
    });
    expect(await withRoot.resolveFile(path.join(base, 'third', 'no.jpg'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^absolute path outside the dataset folder and image roots: /),
    });
    await expect(DatasetFolder.open(path.join(base, 'root'), [path.join(base, 'missing')])).rejects.toThrow(
      /^image root .*missing: Dataset path not found/,
    );
  });
});
