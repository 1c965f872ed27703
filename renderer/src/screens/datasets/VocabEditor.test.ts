import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale, type Locale } from '../../i18n/index.svelte.ts';
import { fakeApi, installFake, vocabEditPreview, vocabSummary, type FakeApi } from '../../test/fake-api.ts';
import VocabEditor from './VocabEditor.svelte';

const words: Record<Locale, { stop: RegExp; add: string; op: string; merge: RegExp; into: RegExp }> = {
  en: {
    stop: /Classes or words to drop/,
    add: 'Add edit',
    op: 'Edit',
    merge: /Classes to merge/,
    into: /Merge into/,
  },
  ja: { stop: /除外するクラス/, add: '編集を追加', op: '編集の種類', merge: /統合するクラス/, into: /統合先/ },
};

const expected: Record<Locale, string[]> = {
  en: [
    'Vocabulary 43 at minimum count 3: 45 classes; 90% of captions have at least one class.',
    'With the 1 edits not saved yet, at minimum count 3: 44 classes (now 45); 85% of captions have at least one class (now 90%).',
    'With the 2 edits not saved yet, at minimum count 3: 43 classes (now 45); 85% of captions have at least one class (now 90%).',
  ],
  ja: [
    '語彙 43（最小出現回数 3）：クラス 45 件。クラスが 1 つ以上付くキャプションは 90% です。',
    '未保存の編集 1 件を適用すると（最小出現回数 3）：クラス 44 件（現在 45 件）。クラスが 1 つ以上付くキャプションは 85%（現在 90%）です。',
    '未保存の編集 2 件を適用すると（最小出現回数 3）：クラス 43 件（現在 45 件）。クラスが 1 つ以上付くキャプションは 85%（現在 90%）です。',
  ],
};

describe('business vocabulary editor: the edited version’s curve', () => {
  let api: FakeApi;
  afterEach(() => setLocale('en'));

  for (const locale of ['en', 'ja'] as const) {
    it(`follows the edits as they are collected, before saving (${locale})`, async () => {
      setLocale(locale);
      api = installFake(fakeApi({ 'vocab:edit:preview': (req) => vocabEditPreview(req) }));
      render(VocabEditor, { vocabulary: vocabSummary({ dataset: 'coco', min_count: 3 }), onsaved: () => {} });
      const figures = () => screen.getByTestId('edited-figures').textContent!.trim();
      await waitFor(() => expect(figures()).toBe(expected[locale][0]));
      expect(screen.getByTestId('edited-vocab-curve')).toBeTruthy();

      await fireEvent.input(screen.getByRole('textbox', { name: words[locale].stop }), { target: { value: 'photo' } });
      await fireEvent.click(screen.getByRole('button', { name: words[locale].add }));
      await waitFor(() => expect(figures()).toBe(expected[locale][1]));

      await fireEvent.change(screen.getByRole('combobox', { name: words[locale].op }), { target: { value: 'merge' } });
      await fireEvent.input(screen.getByRole('textbox', { name: words[locale].merge }), {
        target: { value: 'dog, puppy' },
      });
      await fireEvent.input(screen.getByRole('textbox', { name: words[locale].into }), {
        target: { value: 'dog.n.01' },
      });
      await fireEvent.click(screen.getByRole('button', { name: words[locale].add }));
      await waitFor(() => expect(figures()).toBe(expected[locale][2]));
      // the curve is asked for the shown vocabulary with the edits collected so far, nothing saved
      expect(api.calls.map((c) => c.request)).toEqual([
        { vocabulary: 43, edits: [] },
        { vocabulary: 43, edits: [{ op: 'stop', classes: ['photo'] }] },
        {
          vocabulary: 43,
          edits: [
            { op: 'stop', classes: ['photo'] },
            { op: 'merge', classes: ['dog', 'puppy'], into: 'dog.n.01' },
          ],
        },
      ]);
    });
  }

  it('shows the engine’s refusal of an edit before saving, and takes the edit back', async () => {
    installFake(
      fakeApi({
        'vocab:edit:preview': (req) => {
          if (req.edits?.length) throw new Error('"two words" names no single class');
          return vocabEditPreview(req);
        },
      }),
    );
    render(VocabEditor, { vocabulary: vocabSummary({ dataset: 'coco', min_count: 3 }), onsaved: () => {} });
    await screen.findByTestId('edited-figures');
    await fireEvent.input(screen.getByRole('textbox', { name: /Classes or words to drop/ }), {
      target: { value: 'two words' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Add edit' }));
    expect(await screen.findByText(/names no single class/)).toBeTruthy();
    expect(screen.getByTestId('pending-edits').textContent).toContain('two words');
    // taking the edit back gives the version's own figures again
    await fireEvent.click(screen.getByRole('button', { name: 'Remove the edit “drop two words”' }));
    expect(screen.queryByTestId('pending-edits')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('edited-figures').textContent).toContain('Vocabulary 43'));
  });
});
