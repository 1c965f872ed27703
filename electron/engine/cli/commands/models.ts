import { intOption, type Command } from '../command.js';
import { percent, table } from '../output.js';

export const modelsCommand: Command = {
  name: 'models',
  usage: 'models [--run ID] [--json]',
  summary: 'list saved downstream models (eval --save): name, run, method, dataset, accuracy',
  positionals: [0, 0],
  options: { run: { type: 'string' } },
  async run(ctx) {
    const run = intOption(ctx.values, 'run');
    const models = await ctx.engine().invoke('models:list', run === undefined ? {} : { run });
    if (models.length === 0)
      ctx.out.line(
        'no saved models yet: catlip-pilot eval --run ID --dataset LABELLED --method finetune|linear-probe --save',
      );
    else {
      ctx.out.line(
        table([
          ['model', 'name', 'run', 'method', 'dataset', 'classes', 'top-1', 'MB', 'saved'],
          ...models.map((m) => [
            m.id,
            m.name,
            m.run,
            m.method,
            m.dataset,
            m.classes.length,
            percent(m.top1),
            (m.bytes / 1e6).toFixed(1),
            m.created_at,
          ]),
        ]),
      );
    }
    ctx.out.result({ models });
  },
};
