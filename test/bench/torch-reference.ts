/**
 * The PyTorch CPU reference beside `bench:train`'s tfjs numbers: torch_reference.py times the same model,
 * batch and objective on random inputs. It runs only where a `python3` with torch is present (Debian:
 * python3-torch, libopenblas0-pthread) and installs nothing; elsewhere the bench says it was skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { getRun, runConfig } from '../../electron/engine/training/run-repository.js';
import { loadTrainingSet } from '../../electron/engine/training/training-set.js';
import { textPreset, vitPreset, type VitPresetName } from '../../electron/engine/training/model/model-presets.js';
import { trainTokenizer } from '../../electron/engine/training/model/tokenizer.js';
import type { Db } from '../../electron/engine/store/database.js';

export interface TorchResult {
  objective: 'catlip' | 'clip';
  step_ms: number;
  img_per_s: number;
  /** The fastest measured step: on a loaded machine, the closest to what the model costs on a free core. */
  best_step_ms: number;
  threads: number;
  torch: string;
}

/**
 * torch_reference.py beside this module or in the checkout's test/bench (a bench bundled without it,
 * as in the GPU-check pack, skips the reference).
 */
function referenceScript(): string | undefined {
  let dir = path.dirname(new URL(import.meta.url).pathname);
  for (;;) {
    for (const candidate of [
      path.join(dir, 'torch_reference.py'),
      path.join(dir, 'test', 'bench', 'torch_reference.py'),
    ]) {
      if (existsSync(candidate)) return candidate;
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** CATLIP_PYTHON, else python3 on the PATH, else the system's /usr/bin/python3 (a pyenv shim may hide Debian's torch). */
export function findTorchPython(): { python: string; version: string; script: string } | { note: string } {
  const script = referenceScript();
  if (!script) return { note: 'PyTorch reference skipped: torch_reference.py is not beside this bench' };
  const candidates = [
    ...new Set([process.env.CATLIP_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p)),
  ];
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (r.status === 0) return { python, version: r.stdout.trim(), script };
  }
  return {
    note: `PyTorch reference skipped: no python3 with torch (tried ${candidates.join(', ')}; Debian: apt-get install python3-torch libopenblas0-pthread)`,
  };
}

/** What the reference needs to build the same model as `runId` did: sizes from the run's own data. */
export function referenceConfig(db: Db, home: string, catlipRun: number, clipRun: number) {
  const catlip = runConfig(getRun(db, catlipRun));
  const clip = runConfig(getRun(db, clipRun));
  const numClasses = loadTrainingSet(db, home, catlip.dataset, catlip.vocabulary ?? undefined).labels!.numClasses;
  const vocabSize = trainTokenizer(loadTrainingSet(db, home, clip.dataset).captions, clip.tokenizerVocab).vocabSize;
  const model = catlip.model as VitPresetName;
  return {
    encoder: vitPreset(model, { imageSize: catlip.imageSize }),
    text: { ...textPreset(model, { contextLength: clip.contextLength }), vocabSize },
    batch: catlip.batch,
    numClasses,
    weightDecay: catlip.weightDecay,
    clipNorm: catlip.clipNorm,
  };
}

export function runTorchReference(
  torch: { python: string; script: string },
  config: object,
  timing: { steps: number; warmup: number; threads: number },
): TorchResult[] {
  const { python, script } = torch;
  const r = spawnSync(python, [script, JSON.stringify({ ...config, ...timing })], {
    encoding: 'utf8',
    timeout: 3_600_000,
  });
  if (r.status !== 0)
    throw new Error(`PyTorch reference failed: ${(r.stderr || r.error?.message || '').trim().split('\n').at(-1)}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as TorchResult);
}
