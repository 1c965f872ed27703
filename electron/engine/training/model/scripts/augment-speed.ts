/**
 * Times the two ways to build a training batch on the current tfjs backend: random-resized-crop +
 * flip in JS (augment.ts) versus tf.image.cropAndResize on an uploaded uint8 batch (flip through
 * swapped box x-coordinates, normalisation as tensor ops).
 * Run: npx vite-node electron/engine/training/model/scripts/augment-speed.ts [batch] [side] [size]
 */
import * as tf from '../../../tfjs.js';
import { augmentBatch, IMAGENET_CROP, IMAGENET_NORMALIZATION, sampleCrop } from '../augment.js';
import { Rng } from '../rng.js';

const [batch, side, size] = [
  Number(process.argv[2] ?? 32),
  Number(process.argv[3] ?? 64),
  Number(process.argv[4] ?? 32),
];
const rng = new Rng(1);
const records = Array.from({ length: batch }, () => Uint8Array.from({ length: side * side * 3 }, () => rng.int(256)));

function viaTf(): tf.Tensor4D {
  return tf.tidy(() => {
    const flat = new Uint8Array(batch * side * side * 3);
    records.forEach((r, i) => flat.set(r, i * r.length));
    const images = tf.tensor4d(Int32Array.from(flat), [batch, side, side, 3], 'int32');
    const boxes = records.map(() => {
      const c = sampleCrop(side, rng, IMAGENET_CROP);
      const flip = rng.next() < 0.5;
      const [y1, y2] = [c.top / (side - 1), (c.top + c.height - 1) / (side - 1)];
      const [x1, x2] = [c.left / (side - 1), (c.left + c.width - 1) / (side - 1)];
      return flip ? [y1, x2, y2, x1] : [y1, x1, y2, x2];
    });
    const crops = tf.image.cropAndResize(
      images,
      tf.tensor2d(boxes),
      tf.range(0, batch, 1, 'int32') as tf.Tensor1D,
      [size, size],
      'bilinear',
    );
    const { mean, std } = IMAGENET_NORMALIZATION;
    return tf.div(tf.sub(tf.div(crops, 255), tf.tensor1d(mean)), tf.tensor1d(std)) as tf.Tensor4D;
  });
}

function time(name: string, make: () => tf.Tensor4D, runs = 20): void {
  for (let i = 0; i < 3; i++) make().dispose();
  const start = performance.now();
  for (let i = 0; i < runs; i++) {
    const t = make();
    t.dataSync();
    t.dispose();
  }
  const ms = (performance.now() - start) / runs;
  console.log(`${name}: ${ms.toFixed(2)} ms/batch (${((batch / ms) * 1000).toFixed(0)} img/s)`);
}

await tf.setBackend(process.env.TF_BACKEND ?? 'cpu');
console.log(`backend ${tf.getBackend()}, batch ${batch}, ${side} px -> ${size} px`);
for (let round = 0; round < 2; round++) {
  time('JS bilinear (augment.ts)', () => augmentBatch(records, rng, { size }));
  time('tf.image.cropAndResize   ', viaTf);
}
