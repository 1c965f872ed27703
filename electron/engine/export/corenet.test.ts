import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { setCostSettings } from '../cost/settings.js';
import { seedDataset, seedRun, seedVocabulary } from '../cost/seeded-runs.fixture.js';
import { openDatabase, type Db } from '../store/database.js';
import { WARMUP_START_LR as TRAINER_WARMUP_START_LR } from '../training/build-model.js';
import { WARMUP_START_LR } from './corenet-config.js';
import { CORENET_FILES, exportCorenet, launchCommands } from './corenet.js';
import { CorenetExportSchema } from '../../shared/corenet-export.js';

/**
 * Every key of apple/corenet projects/catlip/pretraining/vit_base.yaml (commit 9effa1d5fd67, the CatLIP
 * ViT-B/16 DataComp config), list items as `[]`. Two entries differ from the file as written:
 * `dataset.wordnet_tagged_classification.vocab_file` and `metadata_file` are commented out there
 * ("Uncomment these lines and replace with the path …") and set here; the file's top-level
 * `_anchor_vocab_size` only holds a YAML anchor for vocab_size / n_classes and is not a CoreNet option.
 */
const VIT_BASE_KEYS = [
  'taskname',
  'common.run_label',
  'common.log_freq',
  'common.auto_resume',
  'common.mixed_precision',
  'common.mixed_precision_dtype',
  'common.grad_clip',
  'common.save_all_checkpoints',
  'common.save_interval_freq',
  'dataset.root_train',
  'dataset.disable_val',
  'dataset.train_batch_size0',
  'dataset.workers',
  'dataset.persistent_workers',
  'dataset.pin_memory',
  'dataset.name',
  'dataset.category',
  'dataset.wordnet_tagged_classification.vocab_size',
  'dataset.wordnet_tagged_classification.metadata_file',
  'dataset.wordnet_tagged_classification.vocab_file',
  'image_augmentation.random_resized_crop.enable',
  'image_augmentation.random_resized_crop.interpolation',
  'image_augmentation.random_horizontal_flip.enable',
  'sampler.name',
  'sampler.use_shards',
  'sampler.start_shuffling_from_epoch',
  'sampler.vbs.crop_size_width',
  'sampler.vbs.crop_size_height',
  'sampler.vbs.max_n_scales',
  'sampler.vbs.min_crop_size_width',
  'sampler.vbs.max_crop_size_width',
  'sampler.vbs.min_crop_size_height',
  'sampler.vbs.max_crop_size_height',
  'sampler.vbs.check_scale',
  'loss.category',
  'loss.composite_loss[].loss_category',
  'loss.composite_loss[].loss_weight',
  'loss.composite_loss[].classification.name',
  'loss.composite_loss[].classification.binary_cross_entropy.reduction',
  'loss.composite_loss[].neural_augmentation.perceptual_metric',
  'loss.composite_loss[].neural_augmentation.target_value',
  'loss.composite_loss[].neural_augmentation.curriculum_method',
  'optim.no_decay_bn_filter_bias',
  'optim.weight_decay',
  'optim.name',
  'optim.adamw.beta1',
  'optim.adamw.beta2',
  'scheduler.is_iteration_based',
  'scheduler.max_iterations',
  'scheduler.name',
  'scheduler.warmup_init_lr',
  'scheduler.warmup_iterations',
  'scheduler.cosine.max_lr',
  'scheduler.cosine.min_lr',
  'model.activation_checkpointing',
  'model.classification.name',
  'model.classification.n_classes',
  'model.classification.vit.mode',
  'model.classification.vit.norm_layer',
  'model.classification.vit.use_flash_attention',
  'model.learn_augmentation.brightness',
  'model.learn_augmentation.contrast',
  'model.learn_augmentation.noise',
  'model.learn_augmentation.mode',
  'model.activation.name',
  'model.layer.conv_init',
  'model.layer.linear_init',
  'model.layer.linear_init_std_dev',
  'ema.enable',
  'ema.momentum',
  'stats.train',
  'stats.val',
  'stats.checkpoint_metric',
  'stats.checkpoint_metric_max',
];

/** The pilot recipe's documented departures from vit_base.yaml: one resolution, no RangeAugment. */
const PILOT_KEYS = [
  ...VIT_BASE_KEYS.filter(
    (k) => !k.startsWith('sampler.vbs.') && !k.startsWith('loss.') && !k.startsWith('model.learn_augmentation.'),
  ),
  'sampler.bs.crop_size_width',
  'sampler.bs.crop_size_height',
  'loss.category',
  'loss.classification.name',
  'loss.classification.binary_cross_entropy.reduction',
];

function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value) && value.some((v) => typeof v === 'object' && v !== null)) {
    return [...new Set(value.flatMap((v) => keyPaths(v, `${prefix}[]`)))];
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k));
  }
  return [prefix];
}

const hasPyYaml = spawnSync('python3', ['-c', 'import yaml, pickle'], { encoding: 'utf8' }).status === 0;

let home: string;
let db: Db;
let data: number;
let vocab: number;
beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'catlip-corenet-'));
  db = openDatabase(home);
  data = seedDataset(db);
  // class order as the pilot's head; counts out of order to check the export sorts by count
  vocab = seedVocabulary(
    db,
    data,
    [
      [2084071, 'dog.n.01', 50],
      [2121620, 'cat.n.01', 80],
      [3001627, 'chair.n.01', 50],
      [4399382, 'teddy_bear.n.01', 10],
      [8420278, 'bank.n.02', 3],
    ],
    'paper',
  );
});
afterEach(() => {
  db.close();
  rmSync(home, { recursive: true, force: true });
});

const catlipB16 = () =>
  seedRun(db, {
    datasetId: data,
    objective: 'catlip',
    model: 'vit-b16',
    imageSize: 224,
    patchSize: 16,
    batch: 64,
    steps: 1000,
    lr: 1e-3,
    minLr: 1e-5,
    warmupSteps: 100,
    vocabulary: vocab,
    labelMode: 'paper',
  });
const PAPER_SCALE = { images: 1_300_000_000, epochs: 10, gpus: 64, perGpuBatch: 1024 };

describe('exportCorenet', () => {
  it("writes a config with exactly vit_base.yaml's keys for the paper recipe, scaled to the plan", () => {
    const run = catlipB16();
    const out = path.join(home, 'export');
    const r = exportCorenet(db, {
      run,
      out,
      recipe: 'paper',
      plan: PAPER_SCALE,
      nodes: 8,
      distUrl: 'tcp://10.0.0.1:29500',
      metadataFile: 's3://bucket/metadata.pkl',
    });
    const cfg = parse(readFileSync(path.join(out, CORENET_FILES.config), 'utf8'));
    expect(keyPaths(cfg).sort()).toEqual([...VIT_BASE_KEYS].sort());
    expect(cfg.model.classification).toEqual({
      name: 'vit',
      n_classes: 5,
      vit: { mode: 'base', norm_layer: 'layer_norm_fp32', use_flash_attention: true },
    });
    expect(cfg.dataset).toMatchObject({
      name: 'wordnet_tagged_classification',
      category: 'classification',
      train_batch_size0: 1024,
      wordnet_tagged_classification: {
        vocab_size: 5,
        vocab_file: 'vocab.pkl',
        metadata_file: 's3://bucket/metadata.pkl',
      },
    });
    expect(cfg.loss.composite_loss[0].classification).toEqual({
      name: 'binary_cross_entropy',
      binary_cross_entropy: { reduction: 'batch_mean' },
    });
    // 64 × 1024 = 65,536 global; LR 1e-3 × 65536 / 64 = 1.024 → capped at 1e-3; ceil(13e9 / 65536) iterations;
    // warm-up 10% (100/1000) = 19,837 → capped at 10,000
    expect(cfg.scheduler).toEqual({
      is_iteration_based: true,
      max_iterations: 198_365,
      name: 'cosine',
      warmup_init_lr: 1e-6,
      warmup_iterations: 10_000,
      cosine: { max_lr: 1e-3, min_lr: 1e-5 },
    });
    expect(r.scaling).toMatchObject({ world_size: 64, global_batch: 65_536, linear_lr: 1.024, lr_capped: true });
    expect(cfg.sampler.vbs).toMatchObject({ crop_size_width: 224, min_crop_size_width: 128, max_crop_size_width: 320 });
    expect(cfg.ema).toEqual({ enable: true, momentum: 0.0005 });
    expect(CorenetExportSchema.parse(r)).toEqual(r);
    expect(r.commands).toHaveLength(8);
    expect(r.commands[3]).toBe(
      "corenet-train --common.config-file catlip_pretraining.yaml --common.results-loc results_catlip --ddp.rank 24 --ddp.world-size 64 --ddp.dist-url 'tcp://10.0.0.1:29500'",
    );
  });

  it("writes the pilot recipe: one resolution, BCE loss without RangeAugment, the pilot's LR below the cap", () => {
    const run = seedRun(db, {
      datasetId: data,
      objective: 'catlip',
      model: 'vit-s16',
      imageSize: 128,
      patchSize: 16,
      batch: 64,
      steps: 500,
      lr: 1e-4,
      minLr: 1e-6,
      warmupSteps: 50,
      vocabulary: vocab,
      emaMomentum: 0.001,
    });
    const out = path.join(home, 'pilot');
    const r = exportCorenet(db, { run, out, plan: { images: 100_000, epochs: 1, gpus: 2, perGpuBatch: null } });
    const text = readFileSync(path.join(out, CORENET_FILES.config), 'utf8');
    const cfg = parse(text);
    expect(
      keyPaths(cfg)
        .filter((k) => !k.endsWith('metadata_file'))
        .sort(),
    ).toEqual(PILOT_KEYS.filter((k) => !k.endsWith('metadata_file')).sort());
    // no metadata file given: commented out as CoreNet ships it
    expect(text).toContain('    # metadata_file: "PATH_TO_METADATA_FILE"\n');
    expect(cfg.loss).toEqual({
      category: 'classification',
      classification: { name: 'binary_cross_entropy', binary_cross_entropy: { reduction: 'batch_mean' } },
    });
    expect(cfg.sampler).toEqual({
      name: 'batch_sampler',
      use_shards: true,
      start_shuffling_from_epoch: 1,
      bs: { crop_size_width: 128, crop_size_height: 128 },
    });
    expect(cfg.model.classification.vit.mode).toBe('small');
    expect(cfg.model.learn_augmentation).toBeUndefined();
    // global 2 × 64 = 128; LR 1e-4 × 128 / 64 = 2e-4; ceil(100000 / 128) = 782 iterations; warm-up 10% = 78; min = 2e-4 / 100
    expect(cfg.scheduler.max_iterations).toBe(782);
    expect(cfg.scheduler.warmup_iterations).toBe(78);
    expect(cfg.scheduler.cosine.max_lr).toBeCloseTo(2e-4, 15);
    expect(cfg.scheduler.cosine.min_lr).toBeCloseTo(2e-6, 15);
    expect(cfg.ema).toEqual({ enable: true, momentum: 0.001 });
    expect(cfg.optim).toEqual({
      no_decay_bn_filter_bias: true,
      weight_decay: 0.2,
      name: 'adamw',
      adamw: { beta1: 0.9, beta2: 0.999 },
    });
    expect(r.commands).toEqual([
      'corenet-train --common.config-file catlip_pretraining.yaml --common.results-loc results_catlip --ddp.rank 0 --ddp.world-size 2',
    ]);
  });

  it('writes the vocabulary with CoreNet\'s unpadded "n<offset>" keys, most frequent first, as pickle and JSON', () => {
    const out = path.join(home, 'vocab');
    const r = exportCorenet(db, { run: catlipB16(), out, plan: PAPER_SCALE, nodes: 8 });
    const expected = { n2121620: 80, n2084071: 50, n3001627: 50, n4399382: 10, n8420278: 3 };
    const json = readFileSync(path.join(out, CORENET_FILES.vocabJson), 'utf8');
    expect(Object.entries(JSON.parse(json))).toEqual(Object.entries(expected));
    expect(r.vocabulary.never_matched_by_corenet).toEqual(['teddy_bear.n.01', 'bank.n.02']);
    const readme = readFileSync(path.join(out, CORENET_FILES.readme), 'utf8');
    expect(readme).toMatch(/\*\*unpadded\*\*: dog\.n\.01 is `n2084071`/);
    expect(readme).toMatch(/2 of 5 synsets can never be a CoreNet target/);
    expect(readme).toMatch(/peak LR = pilot LR 0\.001 × 65536 \/ pilot batch 64 = 1\.024, capped at 0\.001/);
  });

  it.skipIf(!hasPyYaml)(
    'is read by Python as CoreNet reads it: PyYAML floats, and the pickled vocabulary in order',
    () => {
      const out = path.join(home, 'py');
      exportCorenet(db, { run: catlipB16(), out, plan: PAPER_SCALE, nodes: 8 });
      const script = [
        'import json, pickle, sys, yaml',
        'cfg = yaml.safe_load(open(sys.argv[1]))',
        's = cfg["scheduler"]',
        'assert isinstance(s["warmup_init_lr"], float) and isinstance(s["cosine"]["max_lr"], float) and isinstance(s["cosine"]["min_lr"], float), s',
        'vocab = pickle.load(open(sys.argv[2], "rb"))',
        'size = cfg["dataset"]["wordnet_tagged_classification"]["vocab_size"]',
        'print(json.dumps({"keys": list(vocab.keys())[:size], "counts": list(vocab.values()), "min_lr": s["cosine"]["min_lr"]}))',
      ].join('\n');
      const py = spawnSync(
        'python3',
        ['-c', script, path.join(out, CORENET_FILES.config), path.join(out, CORENET_FILES.vocabPickle)],
        { encoding: 'utf8' },
      );
      expect(py.stderr).toBe('');
      expect(JSON.parse(py.stdout)).toEqual({
        keys: ['n2121620', 'n2084071', 'n3001627', 'n4399382', 'n8420278'],
        counts: [80, 50, 50, 10, 3],
        min_lr: 1e-5,
      });
    },
  );

  it('writes an executable launch script that computes the rank per node and checks the metadata file', () => {
    const out = path.join(home, 'launch');
    exportCorenet(db, { run: catlipB16(), out, plan: PAPER_SCALE, gpusPerNode: 8 });
    const file = path.join(out, CORENET_FILES.launch);
    expect(statSync(file).mode & 0o111).not.toBe(0);
    const script = readFileSync(file, 'utf8');
    expect(script).toContain(
      '--ddp.rank $((NODE_ID * GPUS_PER_NODE)) --ddp.world-size $((NODES * GPUS_PER_NODE)) --ddp.dist-url "$DIST_URL"',
    );
    expect(script).toContain('NODES=8\nGPUS_PER_NODE=8\n');
    // metadata_file is still commented out: the script refuses to start
    const run = spawnSync('sh', [file], {
      env: { ...process.env, NODE_ID: '1', DIST_URL: 'tcp://h:1' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/set dataset\.wordnet_tagged_classification\.metadata_file/);
    const noNode = spawnSync('sh', [file], {
      env: { ...process.env, NODE_ID: '', DIST_URL: 'tcp://h:1' },
      encoding: 'utf8',
    });
    expect(noNode.status).not.toBe(0);
    expect(noNode.stderr).toMatch(/NODE_ID/);
  });

  it('takes the plan from the saved cost settings, and says what is missing', () => {
    const run = catlipB16();
    const out = path.join(home, 'saved');
    expect(() => exportCorenet(db, { run, out })).toThrow(
      'the full-scale plan needs --plan-images N and --plan-epochs E (or save them with catlip-pilot compare … --save)',
    );
    setCostSettings(db, { plan: { images: 1_000_000, epochs: 2 } });
    expect(() => exportCorenet(db, { run, out })).toThrow(/give the GPUs/);
    setCostSettings(db, { plan: { gpus: 12 } });
    expect(() => exportCorenet(db, { run, out, nodes: 5 })).toThrow(/12 GPUs do not split into 5 nodes/);
    expect(exportCorenet(db, { run, out, nodes: 3 }).scaling).toMatchObject({ world_size: 12, global_batch: 12 * 64 });
  });

  it('refuses runs it cannot express: baselines, and presets with no CoreNet ViT unless --vit-mode is given', () => {
    const out = path.join(home, 'refused');
    const clip = seedRun(db, { datasetId: data, objective: 'clip' });
    expect(() => exportCorenet(db, { run: clip, out, plan: PAPER_SCALE })).toThrow(
      /is a clip run; the CoreNet export is of CatLIP runs/,
    );
    const probe = seedRun(db, { datasetId: data, objective: 'catlip', model: 'probe', vocabulary: vocab });
    expect(() => exportCorenet(db, { run: probe, out, plan: PAPER_SCALE })).toThrow(
      /model probe has no CoreNet ViT mode .*--vit-mode/,
    );
    const r = exportCorenet(db, { run: probe, out, plan: PAPER_SCALE, vitMode: 'base', nodes: 8 });
    expect(r.differences[0]).toMatch(/the pilot trained probe; the export trains CoreNet's ViT "base"/);
    expect(() =>
      exportCorenet(db, { run: probe, out, plan: PAPER_SCALE, vitMode: 'base', nodes: 8, distUrl: 'http://x' }),
    ).toThrow('export corenet: distUrl: use tcp://HOST:PORT');
  });

  it("refuses CoreNet's own labelling for a dataset with Japanese captions and names the precomputed labels", () => {
    const image = db
      .prepare(
        `INSERT INTO images (dataset_id, sha256, source, width, height, cache_index) VALUES (?, 'x', 'a.jpg', 64, 64, 0)`,
      )
      .run(data).lastInsertRowid;
    db.prepare(
      `INSERT INTO items (dataset_id, image_id, caption, split, source) VALUES (?, ?, '犬が公園で走っている。', 'train', 'a.jsonl')`,
    ).run(data, image);
    const out = path.join(home, 'ja');
    expect(() => exportCorenet(db, { run: catlipB16(), out, plan: PAPER_SCALE })).toThrow(
      /has Japanese captions; CoreNet's own labeller reads English only.*--labels precomputed/,
    );
  });
});

describe('launchCommands', () => {
  it("uses CoreNet's documented flags with rank = node × GPUs per node, and its placeholder without an address", () => {
    expect(launchCommands({ nodes: 2, gpusPerNode: 4 }, null)).toEqual([
      "corenet-train --common.config-file catlip_pretraining.yaml --common.results-loc results_catlip --ddp.rank 0 --ddp.world-size 8 --ddp.dist-url 'tcp://IP_OF_NODE0:FREEPORT'",
      "corenet-train --common.config-file catlip_pretraining.yaml --common.results-loc results_catlip --ddp.rank 4 --ddp.world-size 8 --ddp.dist-url 'tcp://IP_OF_NODE0:FREEPORT'",
    ]);
  });

  it("starts warm-up at the pilot trainer's LR", () => {
    expect(WARMUP_START_LR).toBe(TRAINER_WARMUP_START_LR);
  });
});
