import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatlipApi } from '../api/types.ts';
import { setLocale } from '../i18n/index.svelte.ts';
import { fakeApi, installFake, runSummary, type FakeApi } from '../test/fake-api.ts';
import Home from './Home.svelte';
import Report from './Report.svelte';

/** Main's desktop channels, recorded: a save dialog answering `saveAs`, show-path, preferences. */
function asDesktop(api: FakeApi, saveAs: string | null) {
  const asked: { channel: string; request: Record<string, unknown> }[] = [];
  let prefs = { notifications: true, taskbarProgress: true, pilotNotifications: true };
  const desktop = (async (channel: string, request: Record<string, unknown>) => {
    asked.push({ channel, request });
    if (channel === 'desktop:choose-path') return { path: saveAs };
    if (channel === 'desktop:show-path')
      return request.path === '/gone.pdf' ? { ok: false, error: 'not found' } : { ok: true, error: null };
    if (channel === 'desktop:preferences:set') prefs = { ...prefs, ...request };
    return prefs;
  }) as unknown as CatlipApi['desktop'];
  Object.assign(api, { desktop });
  return asked;
}

const report = (runs: number[]) => ({
  title: 't',
  lang: 'en' as const,
  runs,
  conclusion: [],
  summary: [],
  html: '<p>r</p>',
  charts: [],
  generated_at: '2026-12-04T10:00:00Z',
});

describe('desktop app screens', () => {
  beforeEach(() => setLocale('en'));
  afterEach(() => {
    delete window.catlip;
  });

  it('Report: the save dialog chooses the destination, then Show in folder / Open go to main', async () => {
    const api = installFake(
      fakeApi({
        'runs:list': () => [runSummary({ run: 1 }), runSummary({ run: 2, objective: 'clip' })],
        'report:build': (req) => report(req.runs),
        'report:export': (req) => ({
          report: 3,
          path: req.out ?? '/default.pdf',
          file_name: 'q4.pdf',
          format: req.format,
          lang: 'en',
          media_type: 'application/pdf',
          bytes: 2048,
        }),
      }),
    );
    const asked = asDesktop(api, '/home/u/Desktop/q4.pdf');
    render(Report, { catlip: 1, baseline: 2 });
    await waitFor(() =>
      expect((screen.getByRole('button', { name: 'PDF' }) as HTMLButtonElement).disabled).toBe(false),
    );
    await fireEvent.click(screen.getByRole('button', { name: 'PDF' }));
    const saved = await screen.findByTestId('exported');
    expect(api.calls.find((c) => c.channel === 'report:export')?.request).toEqual({
      runs: [1, 2],
      lang: 'en',
      format: 'pdf',
      allowMismatch: false,
      repeats: [],
      out: '/home/u/Desktop/q4.pdf',
    });
    expect(asked[0]).toEqual({
      channel: 'desktop:choose-path',
      request: { purpose: 'export-file', defaultPath: 'catlip-1-vs-2.en.pdf', extensions: ['pdf'] },
    });
    await fireEvent.click(within(saved).getByRole('button', { name: 'Show in folder: q4.pdf' }));
    await fireEvent.click(within(saved).getByRole('button', { name: 'Open: q4.pdf' }));
    await waitFor(() =>
      expect(asked.slice(1)).toEqual([
        { channel: 'desktop:show-path', request: { path: '/home/u/Desktop/q4.pdf', action: 'reveal' } },
        { channel: 'desktop:show-path', request: { path: '/home/u/Desktop/q4.pdf', action: 'open' } },
      ]),
    );
  });

  it('Report: cancelling the save dialog exports nothing', async () => {
    const api = installFake(
      fakeApi({
        'runs:list': () => [runSummary({ run: 1 }), runSummary({ run: 2, objective: 'clip' })],
        'report:build': (req) => report(req.runs),
      }),
    );
    asDesktop(api, null);
    render(Report, { catlip: 1, baseline: 2 });
    await waitFor(() =>
      expect((screen.getByRole('button', { name: 'HTML' }) as HTMLButtonElement).disabled).toBe(false),
    );
    await fireEvent.click(screen.getByRole('button', { name: 'HTML' }));
    await waitFor(() =>
      expect((screen.getByRole('button', { name: 'HTML' }) as HTMLButtonElement).disabled).toBe(false),
    );
    expect(api.calls.some((c) => c.channel === 'report:export')).toBe(false);
    expect(screen.queryByTestId('exported')).toBeNull();
  });

  it('Home: first run shows the two ways to start; the desktop settings switch notifications off', async () => {
    const api = installFake(fakeApi({ 'runs:list': () => [], 'datasets:list': () => [] }));
    const asked = asDesktop(api, null);
    render(Home);
    const guide = await screen.findByTestId('first-run');
    expect(within(guide).getByRole('heading', { name: 'Try it with the demo data' })).toBeTruthy();
    expect(within(guide).getByRole('link', { name: 'Import a dataset' }).getAttribute('href')).toBe('#/datasets');
    const notify = await screen.findByRole('checkbox', { name: /Notify me when a run/ });
    expect((notify as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(notify);
    await waitFor(() =>
      expect(asked.at(-1)).toEqual({ channel: 'desktop:preferences:set', request: { notifications: false } }),
    );
    expect((notify as HTMLInputElement).checked).toBe(false);
    const pilot = screen.getByRole('checkbox', { name: /once when a whole pilot/ });
    await fireEvent.click(pilot);
    await waitFor(() =>
      expect(asked.at(-1)).toEqual({ channel: 'desktop:preferences:set', request: { pilotNotifications: false } }),
    );
    expect((pilot as HTMLInputElement).checked).toBe(false);
  });

  it('Home: no guidance once something is imported, and no desktop settings in serve mode', async () => {
    installFake(fakeApi({ 'runs:list': () => [runSummary({ run: 1 })], 'datasets:list': () => [] }));
    render(Home);
    await screen.findAllByRole('row');
    expect(screen.queryByTestId('first-run')).toBeNull();
    expect(screen.queryByTestId('desktop-settings')).toBeNull();
  });
});
