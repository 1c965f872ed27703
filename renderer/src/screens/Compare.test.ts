import { render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/index.svelte.ts';
import { fakeApi, installFake, runDetail, runSummary } from '../test/fake-api.ts';
import Compare from './Compare.svelte';

describe('Compare screen', () => {
  const catlip = runSummary({ run: 5, images_per_second: 25, step_ms: { data: 40, compute: 600 } });
  const clip = runSummary({ run: 6, objective: 'clip', images_per_second: 10, step_ms: { data: 40, compute: 1560 }, final_loss: 2.9 });
  const older = runSummary({ run: 2, objective: 'clip', status: 'cancelled', steps: 1 });

  beforeEach(() => {
    setLocale('en');
    installFake(fakeApi({
      'runs:list': () => [older, catlip, clip],
      'runs:get': ({ run }) => runDetail([older, catlip, clip].find((r) => r.run === run)!, run === 5 ? [250, 230, 240] : [3.1, 3.0, 2.9]),
    }));
  });
  afterEach(() => {
    delete window.catlip;
  });

  it('shows the table first with the measured speed-up, then placeholders for what is not measured', async () => {
    render(Compare, { props: { catlip: null, baseline: null } });
    const speed = await screen.findByTestId('speedup');
    expect(speed.textContent).toContain('2.50×');
    expect(speed.textContent).toContain('CatLIP trained at 25 images/s, CLIP at 10 images/s');
    const table = screen.getByTestId('compare-table');
    const row = (name: string) => within(table).getByRole('rowheader', { name }).closest('tr')!.textContent;
    expect(row('Time per step (ms)')).toContain('640');
    expect(row('Time per step (ms)')).toContain('1,600');
    expect(row('Best loss')).toContain('230');
    expect(row('Images per second')).toMatch(/25.*10/);
    // the latest completed baseline is preselected, not the cancelled one
    expect((screen.getByRole('combobox', { name: 'Baseline run' }) as HTMLSelectElement).value).toBe('6');
    expect(screen.getByTestId('accuracy-placeholder').textContent).toContain('Not measured yet');
    expect(screen.getByTestId('cost-placeholder').textContent).toContain('Not measured yet');
    expect(screen.queryByText(/Caution/)).toBeNull();
  });

  it('warns when the selected runs are not like-for-like or incomplete', async () => {
    render(Compare, { props: { catlip: 5, baseline: 2 } });
    await screen.findByTestId('speedup');
    expect(screen.getByText(/Run 2 is cancelled; its figures cover 1 of 3 steps/)).toBeTruthy();
  });

  it('is in Japanese when the UI is', async () => {
    setLocale('ja');
    render(Compare, { props: { catlip: 5, baseline: 6 } });
    const speed = await screen.findByTestId('speedup');
    expect(speed.textContent).toContain('2.50 倍');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('比較');
    expect(screen.getByTestId('cost-placeholder').textContent).toContain('未測定');
  });
});
