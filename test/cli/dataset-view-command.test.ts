import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/api/engine.js';
import type { Command, CommandContext } from '../../electron/engine/cli/command.js';
import { datasetsCommand } from '../../electron/engine/cli/commands/datasets.js';
import { qualityCommand } from '../../electron/engine/cli/commands/quality.js';
import { fixture } from '../fixtures/fixture-paths.js';
import { runCommand } from './command-runner.fixture.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-view-cli-'));
let engine: Engine;

beforeAll(async () => {
  engine = new Engine(home);
  const images = ['red.jpg', 'green.png'].map((f) => fixture('captions', 'images', f));
  const captions = ['a dog on a sofa', 'very nice', '公園の犬'];
  const manifest = path.join(home, 'site.jsonl');
  writeFileSync(
    manifest,
    images.flatMap((image) => captions.map((caption) => JSON.stringify({ image, caption }))).join('\n'),
  );
  await engine.invoke('datasets:import', {
    path: manifest,
    name: 'site',
    imageSize: 16,
    imageRoots: [fixture('captions', 'images')],
  });
}, 120_000);
afterAll(() => {
  engine.close();
  rmSync(home, { recursive: true, force: true });
});

const run = (command: Command, positionals: string[], values: CommandContext['values']) =>
  runCommand(engine, home, command, positionals, values);

describe('catlip-pilot datasets view', () => {
  it('creates a view, prints its coverage before and after, lists it, and quality --view reports its items', async () => {
    const created = await run(datasetsCommand, ['view', 'create'], {
      dataset: 'site',
      name: 'clean',
      mode: 'paper',
      'drop-no-class': true,
      lang: 'en',
    });
    expect(created).toContain('view clean of site (paper labelling): captions without a class dropped; languages: en');
    expect(created).toMatch(/before\s+6\s+6\s+/);
    expect(created).toMatch(/after\s+2\s+2\s+/);
    expect(await run(datasetsCommand, ['view', 'list'], { dataset: 'site' })).toContain('view clean of site');
    expect(await run(qualityCommand, [], { dataset: 'site', view: 'clean', mode: 'paper' })).toMatch(
      /^site \(view clean\): 2 captions/,
    );
    await expect(
      run(datasetsCommand, ['view', 'create'], { dataset: 'site', name: 'bad', mode: 'paper', lang: 'fr' }),
    ).rejects.toThrow(/--lang must be one of en, ja/);
  });
});
