import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../test/fixtures/fixture-paths.js';
import * as tf from './tfjs.js';

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* sources(full);
    else if (/\.(ts|cts|mts|svelte)$/.test(name)) yield full;
  }
}

describe('tfjs-core as the engine loads it', () => {
  it('has gradients, chained tensor methods and the CPU backend without the umbrella package', async () => {
    await tf.setBackend('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.softmax(tf.matMul(x, x))))(
      tf.tensor2d([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(g.shape).toEqual([2, 2]);
    expect(tf.scalar(2).add(tf.scalar(3)).dataSync()[0]).toBe(5);
  });

  it('nothing imports the @tensorflow/tfjs umbrella (it would ship WebGL, layers, converter and data)', () => {
    const offenders: string[] = [];
    for (const dir of ['electron', 'renderer/src', 'test']) {
      for (const file of sources(path.join(projectRoot, dir))) {
        if (/from '@tensorflow\/tfjs'|import\('@tensorflow\/tfjs'\)/.test(readFileSync(file, 'utf8')))
          offenders.push(path.relative(projectRoot, file));
      }
    }
    expect(offenders).toEqual([]);
  });

  const built = path.join(projectRoot, 'dist/electron/engine/tfjs.js');
  it.skipIf(!existsSync(built))(
    'the built module trains in plain Node (gradient registrations inlined by build:engine)',
    () => {
      const script = `import('${built}').then(async (tf) => { await tf.setBackend('cpu');
      const v = tf.variable(tf.ones([3])); tf.train.sgd(0.5).minimize(() => tf.sum(tf.square(v)));
      process.stdout.write(JSON.stringify(Array.from(v.dataSync()))); })`;
      expect(JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }))).toEqual([0, 0, 0]);
    },
  );
});
