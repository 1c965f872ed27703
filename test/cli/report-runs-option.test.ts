import { describe, expect, it } from 'vitest';
import { UsageError } from '../../electron/engine/cli/command.js';
import { runsOption } from '../../electron/engine/cli/commands/report.js';

describe('report --runs', () => {
  it('takes two or three run ids in order', () => {
    expect(runsOption('3,4')).toEqual([3, 4]);
    expect(runsOption(' 3 , 4 , 5 ')).toEqual([3, 4, 5]);
  });

  it('refuses anything else with a usage error naming the option', () => {
    for (const bad of [undefined, '3', '3,4,5,6', 'a,b', '3;4']) {
      expect(() => runsOption(bad)).toThrow(UsageError);
      expect(() => runsOption(bad)).toThrow(/--runs takes the CatLIP run and its CLIP baseline/);
    }
  });
});
