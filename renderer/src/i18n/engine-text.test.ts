import { afterEach, describe, expect, it } from 'vitest';
import { ENGINE_ERROR_CODES } from '../../../electron/shared/errors.ts';
import { ENGINE_NOTES, engineNote, noteParams, type EngineNoteId } from '../../../electron/shared/engine-notes.ts';
import { ERROR_CODES } from '../api/errors.ts';
import { ENGINE_NOTES_JA } from './engine-notes-ja.ts';
import { engineText } from './engine-text.ts';
import { ja } from './ja.ts';
import { setLocale } from './index.svelte.ts';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('engine texts in the UI language', () => {
  afterEach(() => setLocale('en'));

  it('translates backend notes, reasons and skip reasons, keeping their numbers and names', () => {
    setLocale('ja');
    expect(
      engineText('measured: wasm 4.2 ms vs webgpu on software adapter 12.5 ms vs cpu 8.1 ms per probe step → wasm'),
    ).toBe('試行ステップを計測：wasm 4.2 ms vs webgpu on software adapter 12.5 ms vs cpu 8.1 ms → wasm を使用。');
    expect(engineText('no caption (image id 42 has no annotation in captions_train.json)')).toBe(
      'キャプションなし（画像 ID 42 に captions_train.json の注釈がありません）',
    );
    expect(engineText('WebGPU found a GPU adapter')).toBe('WebGPU が GPU アダプターを見つけました');
    // a manifest's image outside its folder: the way to allow it names the import form's field, in Japanese
    const hint =
      'to allow images under another folder, name it as an image root (--image-root DIR, or "Image folders" in the import form)';
    expect(engineText(`absolute path outside the dataset folder: /mnt/photos/a.jpg (${hint})`)).toBe(
      'データセットのフォルダーの外を指す絶対パスです：/mnt/photos/a.jpg（別のフォルダーの画像を使うには、そのフォルダーを画像フォルダーとして指定してください（取り込みフォームの「画像フォルダ」、または --image-root DIR））',
    );
    expect(engineText(`path escapes the dataset folder and image roots: ../b.jpg (${hint})`)).toMatch(
      /^パスがデータセットのフォルダーと画像フォルダーの外に出ています：\.\.\/b\.jpg（.*「画像フォルダ」/,
    );
  });

  it('shows texts it does not know as the engine wrote them', () => {
    setLocale('ja');
    expect(engineText('EACCES: permission denied, open /data/x.png')).toBe(
      'EACCES: permission denied, open /data/x.png',
    );
  });

  it('shows every catalogued engine note (cost, TCO, estimate, skip reasons, errors) in Japanese, its parts kept', () => {
    const ids = Object.keys(ENGINE_NOTES) as EngineNoteId[];
    expect(Object.keys(ENGINE_NOTES_JA).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const names = noteParams(ENGINE_NOTES[id]);
      expect([...new Set(noteParams(ENGINE_NOTES_JA[id]))].sort(), id).toEqual([...new Set(names)].sort());
      const params = Object.fromEntries(names.map((n, i) => [n, `V${i}x`]));
      const english = engineNote(id, params);
      setLocale('en');
      expect(engineText(english), id).toBe(english);
      setLocale('ja');
      const shown = engineText(english);
      expect(shown, id).toMatch(JAPANESE);
      // every part is there, and the English sentence itself is not
      for (const value of Object.values(params)) expect(shown, id).toContain(value);
      expect(shown, id).not.toBe(english);
    }
  });

  it('translates a note inside a note (the reason a run was not on a GPU)', () => {
    setLocale('ja');
    const reason = engineNote('accelerator.webgpuSoftware', { device: 'llvmpipe' });
    expect(engineText(engineNote('compare.notOnGpu', { run: 4, reason }))).toBe(
      '実行 4 は GPU で学習していません（ソフトウェアアダプター（llvmpipe）上の WebGPU は CPU で計算します）。その「GPU 時間」はそのデバイスの稼働時間で、試算は GPU がそれと同じ速さだと仮定しています',
    );
  });

  it('has a Japanese summary for every error code an engine or transport error can carry', () => {
    expect(ERROR_CODES).toEqual(expect.arrayContaining([...ENGINE_ERROR_CODES]));
    for (const code of ERROR_CODES) expect(ja[`error.${code}.what` as keyof typeof ja] ?? '', code).toMatch(JAPANESE);
  });
});
