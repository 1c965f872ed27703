import { render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engineNote } from '../../../../electron/shared/engine-notes.ts';
import { ApiError } from '../../api/errors.ts';
import { setLocale } from '../../i18n/index.svelte.ts';
import { handleTrainerMessage, resetPilot, startPilot } from '../../lib/pilot.svelte.ts';
import { evaluationResult, fakeApi, installFake, runDetail, runSummary } from '../../test/fake-api.ts';
import PilotEvaluationsStatus from './PilotEvaluationsStatus.svelte';

describe('pilot evaluations status line', () => {
  const answers: {
    resolve: (v: ReturnType<typeof evaluationResult>) => void;
    reject: (e: unknown) => void;
    run: number;
  }[] = [];
  beforeEach(() => {
    setLocale('en');
    resetPilot();
    answers.length = 0;
    let run = 10;
    installFake(
      fakeApi({
        'training:start': () => ({ run: run++ }),
        'runs:get': ({ run: id }) => runDetail(runSummary({ run: id })),
        'eval:run': (req) =>
          new Promise((resolve, reject) => answers.push({ resolve: (v) => resolve(v), reject, run: req.run })),
      }),
    );
  });
  afterEach(() => {
    delete window.catlip;
    resetPilot();
  });

  it('says what is planned, what runs and what failed', async () => {
    render(PilotEvaluationsStatus);
    expect(screen.queryByTestId('pilot-evaluations')).toBeNull();
    await startPilot(
      [
        { dataset: 'demo-emoji', objective: 'catlip' },
        { dataset: 'demo-emoji', objective: 'clip' },
      ],
      { dataset: 'flowers', methods: ['zero-shot'], fractions: [1], transferInit: false },
    );
    await waitFor(() =>
      expect(screen.getByTestId('pilot-evaluations').textContent).toContain(
        'After the last run, this pilot evaluates the runs on “flowers”.',
      ),
    );
    handleTrainerMessage({ type: 'finished', run: 10, status: 'completed', step: 3 });
    await waitFor(() => expect(answers).toHaveLength(0));
    handleTrainerMessage({ type: 'finished', run: 11, status: 'completed', step: 3 });
    await waitFor(() =>
      expect(screen.getByTestId('pilot-evaluations').textContent).toContain(
        'Pilot evaluations: 0 of 2 finished; now Zero-shot of run 10.',
      ),
    );
    answers[0]!.resolve(evaluationResult({ run: 10, dataset: 'flowers', method: 'zero-shot' }, 1));
    await waitFor(() => expect(answers).toHaveLength(2));
    answers[1]!.reject(new ApiError('unsupported', 'no prompts'));
    await waitFor(() =>
      expect(screen.getByTestId('pilot-evaluations').textContent).toContain(
        'Pilot evaluations finished: 1 of 2 succeeded.',
      ),
    );
    expect(screen.getByTestId('pilot-evaluations').textContent).toContain('Zero-shot of run 11 failed: no prompts');
  });

  it('in Japanese, shows why an evaluation failed in Japanese when the engine message is a catalogued one', async () => {
    setLocale('ja');
    render(PilotEvaluationsStatus);
    await startPilot([{ dataset: 'demo-emoji', objective: 'catlip' }], {
      dataset: 'flowers',
      methods: ['zero-shot'],
      fractions: [1],
      transferInit: false,
    });
    handleTrainerMessage({ type: 'finished', run: 10, status: 'completed', step: 3 });
    await waitFor(() => expect(answers).toHaveLength(1));
    answers[0]!.reject(new ApiError('unsupported', engineNote('eval.noClassTokens', { name: 'flowers' })));
    await waitFor(() =>
      expect(screen.getByTestId('pilot-evaluations').textContent).toContain(
        '「flowers」のどのクラス名にも、この実行のトークナイザーが知っているトークンがありません',
      ),
    );
  });
});
