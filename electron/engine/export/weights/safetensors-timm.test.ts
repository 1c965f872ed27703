import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { vitPreset } from '../../training/model/model-presets.js';
import type { VitConfig } from '../../training/model/vit.js';
import { PYTHONS, runTimmCheck, torchPython } from './export-readers.fixture.js';
import { writeWeights } from './export-weights.js';
import { randomExportable } from './random-exportable.fixture.js';
import { timmStateDict } from './timm-state-dict.js';

// The safetensors export read by PyTorch: test/weights/timm_vit_check.py builds a ViT with timm's module and
// parameter names from config.json's timm_kwargs, reads the file with its own minimal reader, loads it with
// load_state_dict(strict=True) and compares its logits with the engine's. Needs python3 with torch (Debian's
// python3-torch); skipped, with the reason, without it.
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'catlip-safetensors-'));
  dirs.push(dir);
  return dir;
}

async function checkWithTorch(encoder: VitConfig) {
  const ref = await randomExportable(encoder, 5);
  const dir = tempDir();
  writeWeights(ref.model, 'safetensors', dir);
  return { ...runTimmCheck(dir, ref.images, ref.logits, ref.count), dir };
}

describe('safetensors export, timm layout', () => {
  it("names every tensor as timm's VisionTransformer and lays the patch kernel out as a conv weight", async () => {
    const ref = await randomExportable(vitPreset('vit-tiny'), 5);
    const tensors = timmStateDict(ref.model);
    const names = tensors.map((t) => t.name);
    expect(names.slice(0, 4)).toEqual(['cls_token', 'pos_embed', 'patch_embed.proj.weight', 'patch_embed.proj.bias']);
    expect(names).toContain('blocks.1.attn.qkv.weight');
    expect(names.slice(-4)).toEqual(['norm.weight', 'norm.bias', 'head.weight', 'head.bias']);
    const byName = Object.fromEntries(tensors.map((t) => [t.name, t]));
    expect(byName['patch_embed.proj.weight'].shape).toEqual([64, 3, 8, 8]);
    expect(byName['blocks.0.attn.qkv.weight'].shape).toEqual([192, 64]);
    expect(byName['blocks.0.mlp.fc1.weight'].shape).toEqual([256, 64]);
    // conv weight [o, c, r, s] = engine kernel [(r·p + s)·3 + c, o]: output 5, channel 2 (blue), row 1, column 3
    const kernel = ref.model.encoderWeights['image/patch_embed/kernel'];
    expect(byName['patch_embed.proj.weight'].data[((5 * 3 + 2) * 8 + 1) * 8 + 3]).toBe(
      kernel[((1 * 8 + 3) * 3 + 2) * 64 + 5],
    );
    // Linear weight [out, in] = engine kernel [in, out] transposed
    const qkv = ref.model.encoderWeights['image/blocks/0/attn/qkv/kernel'];
    expect(byName['blocks.0.attn.qkv.weight'].data[100 * 64 + 7]).toBe(qkv[7 * 192 + 100]);
  });

  it.skipIf(!torchPython)(
    "loads into a timm-layout PyTorch ViT with strict load_state_dict and gives the engine's logits (CLS, GELU)",
    async () => {
      const r = await checkWithTorch(vitPreset('vit-tiny'));
      expect(r.status, r.stderr).toBe(0);
      expect(r.result!.shape).toEqual([3, 5]);
      expect(r.result!.max_abs_diff).toBeLessThan(1e-4);
      const config = JSON.parse(readFileSync(path.join(r.dir, 'config.json'), 'utf8'));
      expect(config.timm_kwargs).toMatchObject({
        class_token: true,
        global_pool: 'token',
        act_layer: 'torch.nn.GELU',
        num_classes: 5,
      });
    },
  );

  it.skipIf(!torchPython)('does the same for mean pooling without a CLS token and a ReLU MLP', async () => {
    const r = await checkWithTorch({
      imageSize: 16,
      patchSize: 4,
      width: 24,
      depth: 2,
      heads: 3,
      mlpRatio: 2,
      pool: 'mean',
      activation: 'relu',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.result!.max_abs_diff).toBeLessThan(1e-4);
  });

  it.skipIf(!torchPython)('is refused by the PyTorch check when a layout is wrong (the check can fail)', async () => {
    const ref = await randomExportable(vitPreset('vit-tiny'), 5);
    const dir = tempDir();
    // swap q and k halves of block 0's qkv kernel columns: same shapes, wrong weights
    const k = ref.model.encoderWeights['image/blocks/0/attn/qkv/kernel'].slice();
    for (let r = 0; r < 64; r++)
      for (let c = 0; c < 64; c++) [k[r * 192 + c], k[r * 192 + 64 + c]] = [k[r * 192 + 64 + c], k[r * 192 + c]];
    writeWeights(
      { ...ref.model, encoderWeights: { ...ref.model.encoderWeights, 'image/blocks/0/attn/qkv/kernel': k } },
      'safetensors',
      dir,
    );
    const r = runTimmCheck(dir, ref.images, ref.logits, ref.count);
    expect(r.status).toBe(1);
    expect(r.result!.max_abs_diff).toBeGreaterThan(1e-4);
  });
});

describe.runIf(!torchPython)('safetensors export, timm layout (PyTorch check)', () => {
  it.skip(`skipped: none of ${PYTHONS.join(', ')} can import torch (install python3-torch)`, () => {});
});
