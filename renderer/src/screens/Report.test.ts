import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RequestInput, Response } from '../api/contract.ts';
import { ApiError } from '../api/errors.ts';
import { setLocale } from '../i18n/index.svelte.ts';
import { fakeApi, installFake, runSummary } from '../test/fake-api.ts';
import Report from './Report.svelte';

const runs = () => [runSummary({ run: 1 }), runSummary({ run: 2, objective: 'clip' }), runSummary({ run: 3 })];

function built(req: RequestInput<'report:build'>): Response<'report:build'> {
  const lang = req.lang ?? 'en';
  const heading = lang === 'ja' ? 'エグゼクティブサマリー' : 'Executive summary';
  return {
    title: `CatLIP #${req.runs[0]} vs CLIP #${req.runs[1]}`,
    lang,
    runs: req.runs,
    conclusion: [
      'Speed (measured): CatLIP trained 1.9× faster.',
      'Accuracy: not evaluated yet.',
      'Saving: not projected yet.',
    ],
    summary: ['CatLIP trained 1.9× faster.'],
    html: `<!doctype html><html><head><style>h2{color:red}</style></head><body><h2>${heading}</h2><p>runs ${req.runs.join(',')}</p></body></html>`,
    charts: [
      {
        id: 'time-per-step',
        title: 'Time per step',
        svg: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
        width: 10,
        height: 10,
      },
    ],
    generated_at: '2026-11-26T12:00:00Z',
  };
}

/** A fake whose exports succeed with `mediaType`, and the file names the browser was asked to download. */
function exportingFake(mediaType: string, bytes: number) {
  const clicked: string[] = [];
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push(this.download);
  });
  Object.assign(URL, { createObjectURL: () => 'blob:x', revokeObjectURL: () => {} });
  const api = installFake(
    fakeApi({
      'runs:list': runs,
      'report:build': built,
      'report:export': (req) => ({
        report: 7,
        path: `/home/u/reports/catlip-1-vs-2.${req.lang}.${req.format}`,
        file_name: `catlip-1-vs-2.${req.lang}.${req.format}`,
        format: req.format,
        lang: req.lang ?? 'en',
        media_type: mediaType,
        bytes,
      }),
    }),
  );
  return { api, clicked };
}

const previewText = () => screen.getByTestId('report-preview').shadowRoot?.textContent ?? '';

describe('Report screen', () => {
  beforeEach(() => setLocale('en'));
  afterEach(() => {
    delete window.catlip;
    vi.restoreAllMocks();
  });

  it('previews the report of the chosen runs and rebuilds it in the other language', async () => {
    const api = installFake(fakeApi({ 'runs:list': runs, 'report:build': built }));
    render(Report, { catlip: 1, baseline: 2 });
    await waitFor(() => expect(previewText()).toContain('Executive summary'));
    expect(previewText()).toContain('runs 1,2');
    await fireEvent.click(screen.getByRole('button', { name: '日本語' }));
    await waitFor(() => expect(previewText()).toContain('エグゼクティブサマリー'));
    expect(api.calls.filter((c) => c.channel === 'report:build').map((c) => c.request)).toEqual([
      { runs: [1, 2], lang: 'en', allowMismatch: false, repeats: [] },
      { runs: [1, 2], lang: 'ja', allowMismatch: false, repeats: [] },
    ]);
    expect(screen.getByRole('button', { name: '日本語' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('exports in the chosen format and language and downloads the file where the transport serves it', async () => {
    const { api, clicked } = exportingFake('application/pdf', 20480);
    const files: number[] = [];
    api.reportFile = async (id) => (files.push(id), new Blob(['%PDF']));
    render(Report, { catlip: 1, baseline: 2 });
    await waitFor(() => expect(previewText()).toContain('Executive summary'));
    await fireEvent.click(screen.getByRole('button', { name: 'PDF' }));
    const saved = await screen.findByTestId('exported');
    expect(saved.textContent).toContain('catlip-1-vs-2.en.pdf (20 KB)');
    expect(api.calls.find((c) => c.channel === 'report:export')?.request).toEqual({
      runs: [1, 2],
      lang: 'en',
      format: 'pdf',
      allowMismatch: false,
      repeats: [],
    });
    expect(files).toEqual([7]);
    expect(clicked).toEqual(['catlip-1-vs-2.en.pdf']);
  });

  it("exports the slide deck in the report's language", async () => {
    const { api, clicked } = exportingFake(
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      102400,
    );
    api.reportFile = async () => new Blob(['PK']);
    render(Report, { catlip: 1, baseline: 2 });
    await waitFor(() => expect(previewText()).toContain('Executive summary'));
    await fireEvent.click(screen.getByRole('button', { name: '日本語' }));
    await waitFor(() => expect(previewText()).toContain('エグゼクティブサマリー'));
    await fireEvent.click(screen.getByRole('button', { name: 'Slides (PPTX)' }));
    await screen.findByTestId('exported');
    expect(api.calls.find((c) => c.channel === 'report:export')?.request).toEqual({
      runs: [1, 2],
      lang: 'ja',
      format: 'pptx',
      allowMismatch: false,
      repeats: [],
    });
    expect(clicked).toEqual(['catlip-1-vs-2.ja.pptx']);
  });

  it('shows why a report cannot be built', async () => {
    installFake(
      fakeApi({
        'runs:list': runs,
        'report:build': () => {
          throw new ApiError('invalid-request', 'run 2 has not finished: it is running');
        },
      }),
    );
    render(Report, { catlip: 1, baseline: 2 });
    expect((await screen.findByRole('alert')).textContent).toContain('run 2 has not finished');
    expect((screen.getByRole('button', { name: 'PDF' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
