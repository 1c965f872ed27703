/**
 * Test helpers that read an export the way its users do, never through the exporting code:
 * - `loadExportedGraphModel`: tfjs-converter's `loadGraphModel` over its own HTTP handler, the files served
 *   from the export folder (so the manifest and the shard split are read as a browser would read them);
 * - `runTimmCheck`: test/weights/timm_vit_check.py, a timm-layout PyTorch ViT with its own safetensors reader,
 *   run by the first interpreter that can import torch (`torchPython`, undefined when none can).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';

export async function loadExportedGraphModel(dir: string): Promise<GraphModel> {
  const fetchFunc = (async (input: string | URL | Request) => {
    const file = path.join(dir, decodeURIComponent(new URL(String(input)).pathname.slice(1)));
    return new Response(readFileSync(file));
  }) as typeof fetch;
  return loadGraphModel('http://export.test/model.json', { fetchFunc });
}

const CHECK = path.resolve(import.meta.dirname, '../../../../test/weights/timm_vit_check.py');
export const PYTHONS = ['python3', '/usr/bin/python3'];
export const torchPython = PYTHONS.find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);

export interface TimmCheck {
  status: number | null;
  stderr: string;
  /** The script's JSON line: largest absolute logit difference, logits shape, tensors loaded. */
  result?: { max_abs_diff: number; shape: number[]; tensors: number };
}

/** Runs the PyTorch check on a safetensors export folder with the engine's images [count, S, S, 3] and logits. */
export function runTimmCheck(dir: string, images: Float32Array, logits: Float32Array, count: number): TimmCheck {
  if (!torchPython) throw new Error('no python3 with torch');
  const imagesFile = path.join(dir, 'check-images.f32');
  const logitsFile = path.join(dir, 'check-logits.f32');
  writeFileSync(imagesFile, Buffer.from(images.buffer, images.byteOffset, images.byteLength));
  writeFileSync(logitsFile, Buffer.from(logits.buffer, logits.byteOffset, logits.byteLength));
  const run = spawnSync(torchPython, [CHECK, dir, imagesFile, logitsFile, String(count)], { encoding: 'utf8' });
  const line = run.stdout.trim().split('\n').at(-1);
  return { status: run.status, stderr: run.stderr, result: line ? JSON.parse(line) : undefined };
}
