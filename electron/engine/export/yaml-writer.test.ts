import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { toYaml, yamlNumber, type YamlValue } from './yaml-writer.js';

const DOC: { [key: string]: YamlValue } = {
  taskname: '+ CatLIP "quoted" ViT',
  common: { grad_clip: 1, mixed_precision: true, note: null },
  scheduler: { warmup_init_lr: 1e-6, small: 1e-7, cosine: { max_lr: 0.001, min_lr: 1e-5 }, tiny: 1.5e-12, huge: 2e21 },
  loss: {
    category: 'composite_loss',
    composite_loss: [
      { loss_category: 'classification', loss_weight: 1, classification: { name: 'binary_cross_entropy' } },
      { loss_category: 'neural_augmentation', neural_augmentation: { target_value: [40, 20] } },
    ],
  },
  stats: { train: ['loss'] },
};

const hasPyYaml = spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' }).status === 0;

describe('toYaml', () => {
  it('writes numbers as YAML 1.1 floats: decimal point and signed exponent', () => {
    expect(yamlNumber(1e-6)).toBe('0.000001');
    expect(yamlNumber(1e-7)).toBe('1.0e-07');
    expect(yamlNumber(0.001)).toBe('0.001');
    expect(yamlNumber(2.5e-7)).toBe('2.5e-07');
    expect(yamlNumber(2e21)).toBe('2.0e+21');
    expect(yamlNumber(65536)).toBe('65536');
    expect(() => yamlNumber(NaN)).toThrow(/finite/);
  });

  it('round-trips through a YAML parser, with comments and commented-out keys', () => {
    const text = toYaml(DOC, {
      header: ['exported config'],
      comments: { 'scheduler.cosine.max_lr': 'scaled from the pilot' },
      commentedOut: { 'common.metadata_file': 'PATH' },
    });
    expect(parse(text)).toEqual(DOC);
    expect(text).toMatch(/^# exported config\n/);
    expect(text).toContain('    # scaled from the pilot\n    max_lr: 0.001\n');
    expect(text).toContain('  # metadata_file: "PATH"\n');
    expect(text).toContain('  composite_loss:\n    - loss_category: "classification"\n      loss_weight: 1\n');
  });

  it.skipIf(!hasPyYaml)('is read by PyYAML (what CoreNet uses) as the same values, floats as floats', () => {
    const r = spawnSync(
      'python3',
      ['-c', 'import json, sys, yaml\nprint(json.dumps(yaml.safe_load(sys.stdin.read())))'],
      { input: toYaml(DOC), encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(DOC);
  });
});
