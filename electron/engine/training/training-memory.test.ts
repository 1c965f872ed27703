import { describe, expect, it } from 'vitest';
import { textPreset, vitPreset } from './model/model-presets.js';
import { largestPerGpuBatch, memoryAtBatch, parameterCount, trainingMemory } from './training-memory.js';

const encoder = vitPreset('probe');
const text = { ...textPreset('probe'), vocabSize: 2000 };

describe('training memory', () => {
  it('holds four fp32 copies of the weights, and CLIP adds its text tower and the similarity matrices', () => {
    const catlip = trainingMemory({ objective: 'catlip', encoder, numClasses: 500 });
    const clip = trainingMemory({ objective: 'clip', encoder, text });
    expect(catlip.fixed_bytes).toBe(parameterCount({ objective: 'catlip', encoder, numClasses: 500 }) * 16);
    expect(catlip.bytes_per_similarity_pair).toBe(0);
    expect(clip.bytes_per_image).toBeGreaterThan(catlip.bytes_per_image);
    expect(clip.bytes_per_similarity_pair).toBe(24);
    // the similarity matrices grow with local × global batch
    expect(memoryAtBatch(clip, 100, 8) - memoryAtBatch(clip, 100, 1)).toBe(24 * 100 * 100 * 7);
  });

  it('finds the largest per-GPU batch that fits, exactly at the boundary', () => {
    for (const m of [
      trainingMemory({ objective: 'catlip', encoder, numClasses: 500 }),
      trainingMemory({ objective: 'clip', encoder, text }),
    ]) {
      for (const [gib, gpus] of [
        [1, 1],
        [16, 8],
        [80, 64],
      ] as const) {
        const usable = gib * 2 ** 30;
        const b = largestPerGpuBatch(m, usable, gpus);
        expect(b).toBeGreaterThan(0);
        expect(memoryAtBatch(m, b, gpus)).toBeLessThanOrEqual(usable);
        expect(memoryAtBatch(m, b + 1, gpus)).toBeGreaterThan(usable);
      }
    }
    const clip = trainingMemory({ objective: 'clip', encoder, text });
    expect(largestPerGpuBatch(clip, clip.fixed_bytes, 1)).toBe(0);
    // on one GPU model, CLIP fits fewer images than CatLIP, and fewer still on more GPUs (global similarity)
    const catlip = trainingMemory({ objective: 'catlip', encoder, numClasses: 500 });
    expect(largestPerGpuBatch(clip, 80 * 2 ** 30, 64)).toBeLessThan(largestPerGpuBatch(clip, 80 * 2 ** 30, 1));
    expect(largestPerGpuBatch(clip, 80 * 2 ** 30, 1)).toBeLessThan(largestPerGpuBatch(catlip, 80 * 2 ** 30, 1));
  });
});
