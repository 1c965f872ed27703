import { describe, expect, it } from 'vitest';
import { chartTable } from './chart-table.ts';

const fmt = (n: number) => n.toFixed(2);

describe('chart table alternative', () => {
  it('lays category data out one row per label, one column per series', () => {
    const table = chartTable(
      {
        labels: ['CatLIP', 'CLIP'],
        datasets: [
          { label: 'data ms', data: [1, 2] },
          { label: 'compute ms', data: [3, null] },
        ],
      },
      'run',
      fmt,
    );
    expect(table).toEqual({
      columns: ['run', 'data ms', 'compute ms'],
      rows: [
        { label: 'CatLIP', values: ['1.00', '3.00'] },
        { label: 'CLIP', values: ['2.00', ''] },
      ],
    });
  });

  it('merges point series on their x values and thins long series keeping the ends', () => {
    const a = Array.from({ length: 200 }, (_, i) => ({ x: i + 1, y: 1 / (i + 1) }));
    const table = chartTable(
      {
        datasets: [
          { label: 'loss', data: a },
          { label: 'other', data: [{ x: 1, y: 5 }] },
        ],
      },
      'step',
      fmt,
      10,
    );
    expect(table.rows).toHaveLength(10);
    expect(table.rows[0]).toEqual({ label: '1', values: ['1.00', '5.00'] });
    expect(table.rows.at(-1)).toEqual({ label: '200', values: ['0.01', ''] });
  });
});
