import type { Stats } from 'node:fs';
import { lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineNote, type EngineNoteId, type NoteParams } from '../../../shared/engine-notes.js';
import { EngineError, noteError } from '../../../shared/errors.js';

/**
 * Path safety for every source. A dataset is untrusted input: a caption file or archive must not make
 * the importer read files outside the folder the user chose (`../../.ssh/id_rsa`, `/etc/passwd`, or a
 * symlink pointing there). Every image path a source emits comes from here.
 */

export type ResolvedFile = { ok: true; path: string } | { ok: false; reason: string };

/** True when `candidate` is `root` itself or lies below it (both absolute and normalised). */
export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** A folder files may come from, as the user wrote it (absolute) and with symlinks resolved. */
export interface AllowedRoot {
  dir: string;
  realDir: string;
}

/** Opens a folder the user named as a root, with a message naming it when it is missing or not a folder. */
export async function openAllowedRoot(dir: string): Promise<AllowedRoot> {
  const absolute = path.resolve(dir);
  await statUserPath(absolute, 'folder');
  return { dir: absolute, realDir: await realpath(absolute) };
}

/** The root a path lies in, by its written form or its resolved one; undefined when it is under none. */
export function rootContaining(
  roots: readonly AllowedRoot[],
  candidate: string,
  resolved = false,
): AllowedRoot | undefined {
  return roots.find((r) => isInside(r.realDir, candidate) || (!resolved && isInside(r.dir, candidate)));
}

export { IMAGE_ROOT_HINT } from '../../../shared/engine-notes.js';

/**
 * The folder whose files may be imported (the manifest's own folder), plus any image roots the user named
 * for manifests whose paths are absolute or point elsewhere: every file must lie in one of them.
 */
export class DatasetFolder {
  private readonly roots: readonly AllowedRoot[];
  /** Refusals say how to allow a root for manifests (JSONL/CSV), whose paths may point elsewhere. */
  private readonly hint: boolean;

  private constructor(
    /** Absolute, as given (may contain symlinks): absolute references in the data are written this way. */
    readonly dir: string,
    /** realpath of `dir`: what every resolved file must lie under. */
    readonly realDir: string,
    imageRoots: readonly AllowedRoot[],
    manifest: boolean,
  ) {
    this.roots = [{ dir, realDir }, ...imageRoots];
    this.hint = manifest;
  }

  /**
   * Throws a message naming the folder (or image root) when it does not exist or is not a folder: the whole
   * source is unusable then. `manifest`: the folder of a JSONL/CSV manifest, where image roots apply.
   */
  static async open(dir: string, imageRoots: readonly string[] = [], manifest = false): Promise<DatasetFolder> {
    const own = await openAllowedRoot(dir);
    const roots: AllowedRoot[] = [];
    for (const root of imageRoots) {
      try {
        roots.push(await openAllowedRoot(root));
      } catch (err) {
        throw noteError(
          err instanceof EngineError ? err.code : 'io',
          'import.imageRoot',
          { root, reason: errorText(err) },
          { file: root, field: 'imageRoots' },
        );
      }
    }
    return new DatasetFolder(own.dir, own.realDir, roots, manifest);
  }

  /**
   * Resolves an image reference from the data (relative to this folder, absolute, or a file: URL) to the
   * real path of a regular file inside this folder, or says precisely why it cannot be used.
   */
  resolveFile(ref: string): Promise<ResolvedFile> {
    // Captions of one image usually sit on consecutive rows (COCO-style exports: five rows per image),
    // so the previous answer is kept and reused for the same reference.
    if (this.last?.ref !== ref) this.last = { ref, result: this.resolveUncached(ref) };
    return this.last.result;
  }

  private last: { ref: string; result: Promise<ResolvedFile> } | undefined;

  private async resolveUncached(ref: string): Promise<ResolvedFile> {
    const refuse = (id: EngineNoteId, params: NoteParams = {}): ResolvedFile => ({
      ok: false,
      reason: engineNote(id, { path: ref, ...params }),
    });
    if (ref.includes('\0')) return refuse('path.nulByte');
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(ref)?.[1];
    if (scheme !== undefined && scheme.toLowerCase() !== 'file') {
      return refuse('path.remoteUrl');
    }
    let local = ref;
    if (scheme !== undefined) {
      try {
        local = fileURLToPath(ref);
      } catch (err) {
        return refuse('path.invalidFileUrl', { detail: errorText(err) });
      }
    }
    const lexical = path.resolve(this.dir, local);
    const folder = engineNote(this.roots.length > 1 ? 'path.datasetFolderAndRoots' : 'path.datasetFolder');
    if (!rootContaining(this.roots, lexical)) {
      const id = path.isAbsolute(local) ? 'path.absoluteOutside' : 'path.escapes';
      return refuse(this.hint ? `${id}Hint` : id, { folder });
    }
    const fail = (err: unknown): ResolvedFile => {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return refuse('path.fileNotFound');
      if (code === 'ELOOP') return refuse('path.symlinkLoop');
      return refuse('path.cannotOpen', { detail: errorText(err) });
    };
    // The folder part is resolved once per folder (cached): a dataset has millions of files but few
    // folders, so a plain file then costs one lstat. Only a symlinked file needs a realpath of its own.
    let real: string;
    try {
      real = path.join(await this.realParent(path.dirname(lexical)), path.basename(lexical));
      const info = await lstat(real);
      if (info.isSymbolicLink()) {
        real = await realpath(real);
        if (rootContaining(this.roots, real, true) && !(await stat(real)).isFile())
          return refuse('path.notRegularFile');
      } else if (!info.isFile()) {
        return refuse('path.notRegularFile');
      }
    } catch (err) {
      return fail(err);
    }
    if (!rootContaining(this.roots, real, true)) {
      return refuse(this.hint ? 'path.symlinkOutsideHint' : 'path.symlinkOutside', { folder, target: real });
    }
    return { ok: true, path: real };
  }

  private readonly realParents = new Map<string, Promise<string>>();

  private realParent(dir: string): Promise<string> {
    let real = this.realParents.get(dir);
    if (real === undefined) {
      if (this.realParents.size >= 4096) this.realParents.clear(); // bound the cache; misses only cost time
      real = realpath(dir);
      real.catch(() => {}); // a rejection is reported to the caller that awaits it, not as unhandled
      this.realParents.set(dir, real);
    }
    return real;
  }
}

/**
 * Why an archive member name is unsafe to treat as a file name, or undefined when it is fine. Archives
 * are never extracted here, but a name like `../x` or `/etc/x` signals a hostile or broken archive and
 * would be dangerous to any tool that does extract it, so it is reported rather than imported.
 */
export function unsafeMemberName(name: string): string | undefined {
  if (name === '') return engineNote('wds.memberNameEmpty');
  if (name.includes('\0')) return engineNote('wds.memberNameNul', { member: name });
  if (name.startsWith('/') || name.startsWith('\\') || /^[a-z]:/i.test(name))
    return engineNote('wds.memberNameAbsolute', { member: name });
  if (name.split(/[\\/]/).includes('..')) return engineNote('wds.memberNameDotDot', { member: name });
  return undefined;
}

/** Stats a path the user gave, throwing a message that names it when it is missing or of the wrong kind. */
export async function statUserPath(p: string, want: 'file' | 'folder' | 'any' = 'any'): Promise<Stats> {
  let info: Stats;
  try {
    info = await stat(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw noteError('not-found', 'import.pathNotFound', { path: p }, { file: p, field: 'path' });
    throw noteError('io', 'import.cannotRead', { path: p, detail: errorText(err) }, { file: p, field: 'path' });
  }
  if (want === 'file' && !info.isFile())
    throw noteError('invalid-request', 'import.notAFile', { path: p }, { file: p, field: 'path' });
  if (want === 'folder' && !info.isDirectory())
    throw noteError('invalid-request', 'import.notAFolder', { path: p }, { file: p, field: 'path' });
  return info;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
