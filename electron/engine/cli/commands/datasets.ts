import { UsageError, type Command } from '../command.js';
import { table } from '../output.js';
import { datasetViewCommand, datasetViewOptions, datasetViewUsage } from './dataset-view.js';

export const datasetsCommand: Command = {
  name: 'datasets',
  usage: `datasets  |  ${datasetViewUsage}`,
  summary: 'list imported datasets with their counts; create and list dataset views (quality filters)',
  positionals: [0, 2],
  options: { ...datasetViewOptions },
  async run(ctx) {
    const { positionals, engine, out } = ctx;
    if (positionals[0] === 'view') return datasetViewCommand(ctx);
    if (positionals.length)
      throw new UsageError(`unknown datasets subcommand "${positionals[0]}" (the only one is view)`);
    const list = await engine().invoke('datasets:list', {});
    if (list.length === 0)
      out.line('no datasets yet: try `catlip-pilot demo` or `catlip-pilot import PATH --name NAME`');
    else {
      out.line(
        table([
          ['name', 'kind', 'format', 'items', 'images', 'classes', 'px', 'splits'],
          ...list.map((d) => [
            d.name,
            d.kind,
            d.format,
            d.items,
            d.images,
            d.classes,
            d.image_size,
            Object.entries(d.splits)
              .map(([k, v]) => `${k} ${v}`)
              .join(', '),
          ]),
        ]),
      );
    }
    out.result({ datasets: list });
  },
};
