/**
 * Three full training steps (clip 1, decay 0.2, warm-up then decay of the learning rate) of a small CatLIP or
 * CLIP model on fixed data, for the tests that compare whole steps across backends, kernels or submit
 * settings. GELU + CLS pooling in the image tower and ReLU in the text tower, so both activation paths run.
 */
import * as tf from '../../tfjs.js';
import type {
  AnyPretrainingModel,
  CaptionBatch,
  ImageBatch,
  LabelBatch,
  PretrainingModel,
} from '../model/objective-types.js';
import { createModel } from '../model/objectives.js';
import { AdamW } from '../model/optimizer.js';
import { trainStep } from '../model/train-step.js';
import type { VitConfig } from '../model/vit.js';
import { randomValues } from './kernel-test-harness.js';

const encoder: VitConfig = {
  imageSize: 16,
  patchSize: 8,
  width: 24,
  depth: 1,
  heads: 2,
  mlpRatio: 2,
  pool: 'cls',
  activation: 'gelu',
};
const text = {
  vocabSize: 50,
  contextLength: 6,
  width: 24,
  depth: 1,
  heads: 3,
  mlpRatio: 2,
  embedDim: 16,
  activation: 'relu' as const,
};
const BATCH = 6;
const images = randomValues(BATCH * 16 * 16 * 3, 9);
const labels = Array.from({ length: BATCH }, (_, i) => [i % 5, (i * 3) % 11, 20 + i]);
const tokens = Array.from({ length: BATCH }, (_, i) => Int32Array.from([1 + i, 2 + i, 10 + i, 49, 0, 0]));

/**
 * Loss and gradient norm of each of 3 steps, [loss0, norm0, loss1, ...], on the active backend with the
 * active kernel mode. `around(step, record)` wraps each trainStep call (e.g. to count its device traffic).
 */
export async function threeTrainSteps(
  objective: 'catlip' | 'clip',
  around: (step: number, run: () => Promise<void>) => Promise<void> = (_, run) => run(),
): Promise<number[]> {
  const model: AnyPretrainingModel =
    objective === 'catlip'
      ? createModel({ objective, encoder, numClasses: 40, seed: 4 })
      : createModel({ objective, encoder, text, seed: 4 });
  const opt = new AdamW(model.variables, {
    schedule: { baseLr: 1e-2, minLr: 1e-4, warmupSteps: 1, warmupStartLr: 1e-3, totalSteps: 10 },
    weightDecay: 0.2,
    clipNorm: 1,
  });
  const out: number[] = [];
  try {
    for (let step = 0; step < 3; step++) {
      const x = tf.tensor4d(images, [BATCH, 16, 16, 3]);
      const batch =
        objective === 'catlip' ? ({ images: x, labels } as LabelBatch) : ({ images: x, tokens } as CaptionBatch);
      await around(step, async () => {
        const r = await trainStep(model as unknown as PretrainingModel<ImageBatch>, batch, opt, step);
        out.push(r.loss, r.gradNorm);
      });
      x.dispose();
    }
  } finally {
    opt.dispose();
    model.dispose();
  }
  return out;
}
