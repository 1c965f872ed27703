import { api } from '../api/index.ts';
import type { DesktopRequest, DesktopResponse } from '../../../electron/shared/desktop.ts';

/**
 * The desktop app's extras as the screens use them. Each returns what serve mode should do instead when the
 * page is not inside the desktop app (no `window.catlip.desktop`).
 */
export function isDesktop(): boolean {
  return typeof window !== 'undefined' && typeof window.catlip?.desktop === 'function';
}

/** A native open/save dialog; null when cancelled. Only in the desktop app. */
export async function choosePath(request: DesktopRequest<'desktop:choose-path'>): Promise<string | null> {
  const a = api();
  if (!a.desktop) return null;
  return (await a.desktop('desktop:choose-path', request)).path;
}

/** "Show in folder" / "Open" of a file the engine wrote. Only in the desktop app. */
export async function showPath(path: string, action: 'reveal' | 'open'): Promise<DesktopResponse<'desktop:show-path'>> {
  const a = api();
  if (!a.desktop) return { ok: false, error: 'not in the desktop app' };
  return a.desktop('desktop:show-path', { path, action });
}

export interface DroppedSource {
  /** The source's absolute path (desktop app); null where the browser cannot tell (serve mode). */
  path: string | null;
  /** The dropped file or folder's name, for the dataset name. */
  name: string;
  kind: 'folder' | 'file';
}

/**
 * What a drop onto the Datasets screen names: its first file or folder. The desktop app gives its path
 * (`pathForFile`); a browser gives only its name, as the files lie on the user's machine, not the server's.
 */
export function droppedSource(data: DataTransfer | null, pathForFile?: (file: File) => string): DroppedSource | null {
  const file = data?.files?.[0];
  if (!file) return null;
  const entry = data?.items?.[0]?.webkitGetAsEntry?.();
  // a folder has no type and no extension; the entry API, where present, says for sure
  const kind = entry
    ? entry.isDirectory
      ? 'folder'
      : 'file'
    : file.type === '' && !/\.[^.]+$/.test(file.name)
      ? 'folder'
      : 'file';
  const path = pathForFile?.(file) || null;
  return { path, name: file.name, kind };
}

/** A dataset name suggested from a path or file name: its last part, without extension, in allowed letters. */
export function datasetNameFrom(pathOrName: string): string {
  const last =
    pathOrName
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? '';
  return last
    .replace(/\.[^.]+$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64);
}
