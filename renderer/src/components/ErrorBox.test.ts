import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { engineNote } from '../../../electron/shared/engine-notes.ts';
import { ApiError } from '../api/errors.ts';
import { setLocale } from '../i18n/index.svelte.ts';
import ErrorBox from './ErrorBox.svelte';

describe('error box in the UI language', () => {
  afterEach(() => setLocale('en'));

  const outside = engineNote('roots.outside', { field: 'out', path: '/etc/x', roots: '/srv/home' });

  it("English: the engine's message as it is", () => {
    setLocale('en');
    render(ErrorBox, { error: new ApiError('invalid-request', outside) });
    expect(screen.getByRole('alert').textContent).toContain(outside);
    expect(screen.queryByTestId('error-detail')).toBeNull();
  });

  it("Japanese: a known engine sentence translated; otherwise what kind of failure by its code, then the engine's words", () => {
    setLocale('ja');
    const { unmount } = render(ErrorBox, { error: new ApiError('invalid-request', outside) });
    const box = screen.getByRole('alert');
    expect(box.textContent).toContain('out：「/etc/x」はこのサーバーが使えるフォルダー（/srv/home）の外にあります');
    expect(box.textContent).not.toContain('is outside the folders');
    expect(screen.queryByTestId('error-detail')).toBeNull();
    unmount();

    render(ErrorBox, { error: new ApiError('io', 'EACCES: permission denied, open /data/x.png') });
    expect(screen.getByRole('alert').textContent).toContain('ファイルまたはフォルダーを読み書きできませんでした。');
    const detail = screen.getByTestId('error-detail');
    expect(detail.textContent).toContain('EACCES: permission denied, open /data/x.png');
    expect(detail.querySelector('[lang="en"]')?.textContent).toBe('EACCES: permission denied, open /data/x.png');
  });

  it('Japanese: a message the UI wrote itself is shown as it is', () => {
    setLocale('ja');
    render(ErrorBox, { error: new Error('ファイルを書き出すサーバー上のフォルダーを指定してください。') });
    expect(screen.getByRole('alert').textContent).toContain(
      'ファイルを書き出すサーバー上のフォルダーを指定してください。',
    );
    expect(screen.queryByTestId('error-detail')).toBeNull();
  });

  it('Japanese: an engine error that carries its catalogued message is shown whole in Japanese, its values filled in', () => {
    setLocale('ja');
    const note = {
      id: 'train.batchTooLargeView' as const,
      params: { batch: '64', items: '40', view: 'only-cats', name: 'coco-mini', max: '40' },
    };
    const english = engineNote(note.id, note.params);
    const { unmount } = render(ErrorBox, {
      error: new ApiError('invalid-request', english, 'runs:create', { field: 'batch' }, note),
    });
    const box = screen.getByRole('alert');
    expect(box.textContent).toContain(
      'バッチ 64 は「coco-mini」のビュー「only-cats」の学習用アイテム数 40 より大きいです。バッチを 40 以下にしてください',
    );
    expect(box.textContent).not.toContain('training items');
    expect(screen.queryByTestId('error-detail')).toBeNull();
    unmount();

    // the same message kept as text (a run's error in the database, or an IPC error without its note)
    render(ErrorBox, { error: { code: 'invalid-request', message: english } });
    expect(screen.getByRole('alert').textContent).toContain('バッチ 64 は「coco-mini」のビュー「only-cats」');
  });

  it('Japanese: a catalogued error whose part is a list of notes translates each (the runs a compare waits for)', () => {
    setLocale('ja');
    const runs = [
      engineNote('compare.runRunning', { run: 3, done: 10, total: 100 }),
      engineNote('compare.runNotDone', { run: 4, status: 'failed', done: 5, total: 100 }),
    ].join(', ');
    const message = engineNote('compare.unfinished', { runs });
    render(ErrorBox, {
      error: { code: 'invalid-request', message, note: { id: 'compare.unfinished', params: { runs } } },
    });
    expect(screen.getByRole('alert').textContent).toContain(
      '比較には完了した実行が必要です：実行 3 は実行中です（10/100 ステップ）、実行 4 は failed です（5/100 ステップ。再開してください）',
    );
  });

  it('English: the engine message as it is, with or without its note', () => {
    setLocale('en');
    const note = { id: 'run.notFound' as const, params: { id: '9' } };
    render(ErrorBox, { error: { code: 'not-found', message: 'no run 9', note } });
    expect(screen.getByRole('alert').textContent).toContain('no run 9');
  });
});
