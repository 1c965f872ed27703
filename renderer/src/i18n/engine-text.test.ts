import { afterEach, describe, expect, it } from 'vitest';
import { engineText } from './engine-text.ts';
import { setLocale } from './index.svelte.ts';

describe('engine texts in the UI language', () => {
  afterEach(() => setLocale('en'));

  it('translates backend notes, reasons and skip reasons, keeping their numbers and names', () => {
    setLocale('ja');
    expect(engineText('measured: wasm 4.2 ms vs webgpu on software adapter 12.5 ms vs cpu 8.1 ms per probe step → wasm'))
      .toBe('試行ステップを計測：wasm 4.2 ms vs webgpu on software adapter 12.5 ms vs cpu 8.1 ms → wasm を使用。');
    expect(engineText('no caption (image id 42 has no annotation in captions_train.json)')).toBe('キャプションなし（画像 ID 42 に captions_train.json の注釈がありません）');
    expect(engineText('WebGPU found a GPU adapter')).toBe('WebGPU が GPU アダプターを見つけました');
  });

  it('shows texts it does not know as the engine wrote them', () => {
    setLocale('ja');
    expect(engineText('EACCES: permission denied, open /data/x.png')).toBe('EACCES: permission denied, open /data/x.png');
  });
});
