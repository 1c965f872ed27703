import { describe, expect, it } from 'vitest';
import { datasetNameFrom, droppedSource } from './desktop.ts';
import { startHash } from './router.svelte.ts';

/** The part of a DataTransfer a drop handler reads, as Chromium fills it for a dropped folder or file. */
function transfer(file: File, isDirectory?: boolean): DataTransfer {
  const entry = isDirectory === undefined ? null : { isDirectory, isFile: !isDirectory };
  return {
    files: [file] as unknown as FileList,
    items: [{ webkitGetAsEntry: () => entry }] as unknown as DataTransferItemList,
  } as DataTransfer;
}

describe('dropped sources', () => {
  it('the desktop app gets the path of a dropped folder; the browser only its name', () => {
    const folder = new File([], 'pets');
    expect(droppedSource(transfer(folder, true), () => '/home/u/pets')).toEqual({
      path: '/home/u/pets',
      name: 'pets',
      kind: 'folder',
    });
    expect(droppedSource(transfer(folder, true))).toEqual({ path: null, name: 'pets', kind: 'folder' });
    expect(droppedSource(transfer(new File(['{}'], 'captions.jsonl'), false), () => '')).toEqual({
      path: null,
      name: 'captions.jsonl',
      kind: 'file',
    });
  });

  it('without the entry API, a nameless, typeless item is taken for a folder', () => {
    expect(droppedSource(transfer(new File([], 'coco-mini')))?.kind).toBe('folder');
    expect(droppedSource(transfer(new File(['a'], 'x.csv', { type: 'text/csv' })))?.kind).toBe('file');
    expect(droppedSource({ files: [] as unknown as FileList } as unknown as DataTransfer)).toBeNull();
    expect(droppedSource(null)).toBeNull();
  });

  it('suggests dataset names the engine accepts', () => {
    expect(datasetNameFrom('/data/My Photos (2024)/')).toBe('My-Photos-2024-');
    expect(datasetNameFrom('C:\\data\\captions.jsonl')).toBe('captions');
    expect(datasetNameFrom('.hidden')).toBe('');
  });
});

describe('last screen', () => {
  const storage = (value: string | null) => ({ getItem: () => value });
  it('opens where the user left off unless the page names a screen', () => {
    expect(startHash('', storage('#/compare?catlip=3&baseline=4'))).toBe('#/compare?catlip=3&baseline=4');
    expect(startHash('#/', storage('#/datasets'))).toBe('#/datasets');
    expect(startHash('#/report', storage('#/datasets'))).toBe('#/report');
    expect(startHash('', storage('#/no/such/screen'))).toBe('');
    expect(
      startHash('', {
        getItem: () => {
          throw new Error('denied');
        },
      }),
    ).toBe('');
  });
});
