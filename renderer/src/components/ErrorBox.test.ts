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
});
