import type { Command } from '../command.js';
import { table } from '../output.js';

export const datasetsCommand: Command = {
  name: 'datasets',
  usage: 'datasets',
  summary: 'list imported datasets with their counts',
  positionals: [0, 0],
  options: {},
  async run({ engine, out }) {
    const list = await engine().invoke('datasets:list', {});
    if (list.length === 0) out.line('no datasets yet: try `catlip-pilot demo` or `catlip-pilot import PATH --name NAME`');
    else {
      out.line(table([
        ['name', 'kind', 'format', 'items', 'images', 'classes', 'px', 'splits'],
        ...list.map((d) => [d.name, d.kind, d.format, d.items, d.images, d.classes, d.image_size,
          Object.entries(d.splits).map(([k, v]) => `${k} ${v}`).join(', ')]),
      ]));
    }
    out.result({ datasets: list });
  },
};
