import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { seedDataset, seedRun, seedVocabulary } from '../cost/seeded-runs.fixture.js';
import { openDatabase, type Db } from '../store/database.js';
import { CORENET_FILES, exportCorenet, launchCommands } from './corenet.js';
import { shellQuote } from './shell-quote.js';

let home: string;
let db: Db;
let run: number;
beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'catlip-corenet-hostile-'));
  db = openDatabase(home);
  const data = seedDataset(db);
  const vocab = seedVocabulary(db, data, [[2084071, 'dog.n.01', 5]], 'paper');
  run = seedRun(db, {
    datasetId: data,
    objective: 'catlip',
    model: 'vit-b16',
    imageSize: 224,
    patchSize: 16,
    batch: 64,
    steps: 10,
    vocabulary: vocab,
    labelMode: 'paper',
  });
});
afterEach(() => {
  db.close();
  rmSync(home, { recursive: true, force: true });
});

const PLAN = { images: 1000, epochs: 1, gpus: 4, perGpuBatch: 8 };
const HOSTILE_DIST_URLS = [
  'tcp://$(id>x):1',
  'tcp://`id`:1',
  "tcp://a'b:1",
  'tcp://a"b:1',
  'tcp://a;b:1',
  'tcp://a b:1',
  'tcp://a\nb:1',
  'tcp://a|b:1',
  'tcp://host:0',
  'tcp://host:65536',
  'tcp://host:1;id',
  'tcp://-rf:1',
  'tcp://[::1;id]:1',
  'tcp://a..b:1',
];

describe('values written into the generated launch script, README and YAML', () => {
  it('refuses every distUrl outside tcp://HOST:PORT and writes nothing', () => {
    for (const distUrl of HOSTILE_DIST_URLS) {
      const out = path.join(home, 'refused');
      expect(() => exportCorenet(db, { run, out, plan: PLAN, nodes: 2, distUrl }), distUrl).toThrow(
        /distUrl: use tcp:\/\/HOST:PORT/,
      );
      expect(existsSync(out)).toBe(false);
    }
    for (const distUrl of ['tcp://10.0.0.1:29500', 'tcp://node0.cluster.local:1', 'tcp://[fe80::1]:65535']) {
      expect(() => exportCorenet(db, { run, out: path.join(home, 'ok'), plan: PLAN, nodes: 2, distUrl })).not.toThrow();
    }
  });

  it('quotes each value as one literal shell word, even one the schema would refuse', () => {
    for (const value of [...HOSTILE_DIST_URLS, "it's", "''", '\\', '$HOME']) {
      const echoed = spawnSync('sh', ['-c', `printf '%s' ${shellQuote(value)}`], { encoding: 'utf8' });
      expect(echoed.stdout).toBe(value);
    }
    const [command] = launchCommands({ nodes: 2, gpusPerNode: 1 }, "tcp://$(touch pwned)'`id`:1");
    const argv = spawnSync(
      'sh',
      ['-c', `set -- ${command!.replace(/^corenet-train /, '')}; for a; do printf '%s\\n' "$a"; done`],
      { encoding: 'utf8', cwd: home },
    );
    expect(argv.stdout.trim().split('\n').at(-1)).toBe("tcp://$(touch pwned)'`id`:1");
    expect(existsSync(path.join(home, 'pwned'))).toBe(false);
  });

  it('writes the dist URL into launch.sh as a quoted default the environment can override', () => {
    const out = path.join(home, 'launch');
    exportCorenet(db, { run, out, plan: PLAN, nodes: 2, distUrl: 'tcp://10.0.0.1:29500' });
    const script = readFileSync(path.join(out, CORENET_FILES.launch), 'utf8');
    expect(script).toContain('DEFAULT_DIST_URL=\'tcp://10.0.0.1:29500\'\nDIST_URL="${DIST_URL:-$DEFAULT_DIST_URL}"');
    const check = spawnSync('sh', ['-n', path.join(out, CORENET_FILES.launch)], { encoding: 'utf8' });
    expect(check.status).toBe(0);
  });

  it('keeps a metadata path with YAML-special characters a plain string, and refuses control characters', () => {
    const metadataFile = 's3://bucket/a": b #c\'{x}.pkl';
    const out = path.join(home, 'yaml');
    exportCorenet(db, { run, out, plan: PLAN, nodes: 1, metadataFile });
    const cfg = parse(readFileSync(path.join(out, CORENET_FILES.config), 'utf8')) as {
      dataset: { wordnet_tagged_classification: { metadata_file: string } };
    };
    expect(cfg.dataset.wordnet_tagged_classification.metadata_file).toBe(metadataFile);
    for (const bad of ['a\nrm -rf /', 'a\rb', 'a`id`b']) {
      expect(() => exportCorenet(db, { run, out, plan: PLAN, nodes: 1, metadataFile: bad })).toThrow(
        /metadataFile: no control characters/,
      );
    }
  });
});
