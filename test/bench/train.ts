/**
 * `npm run bench:train -- --backend B [--config probe|tiny] [--objective catlip|clip|both] [--steps N] [--warmup N] [--kernels fused|tfjs|both] [--data DIR]`: training throughput
 * of CatLIP and CLIP on identical image encoders, batch and data, through the real trainer, and the
 * CLIP/CatLIP step-time ratio. `probe` is the model of the GPU measurements (64 px, patch 8, width 384,
 * 6 blocks, batch 256), so its numbers compare with test/bench/gpu/reference_vit.py on the same GPU; `tiny` is vit-tiny at
 * 32 px, batch 32, for CPU machines. Data: the embedded emoji demo set (real captions), cached at 64 px.
 * Reports the median over the measured steps (after warm-up) of batch / step time, and how much of a step
 * the trainer's thread waited for batches (their augmentation runs in a worker while the step is recorded and computed).
 * `--kernels` picks the webgpu and wasm implementation (fused WGSL / JavaScript kernels, the default, or
 * plain tfjs ops); `both` runs each objective with both so before/after compare in one process (other
 * backends always use the tfjs ops).
 * Where a `python3` with torch is present, the PyTorch CPU reference of the same model, batch and
 * objective runs in the same process after the tfjs runs (torch-reference.ts), and the tfjs/PyTorch
 * throughput ratio is printed; `--torch-threads N` (default: all cores), `--torch off` skips it.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../electron/engine/api/engine.js';
import { runMetrics } from '../../electron/engine/training/run-repository.js';
import { runTrainer } from '../../electron/engine/training/trainer.js';
import type { TrainerMessage } from '../../electron/shared/training.js';
import {
  setKernelMode,
  kernelModeFor,
  parseKernelMode,
  type KernelMode,
} from '../../electron/engine/training/webgpu/kernel-mode.js';
import { argValue, configArg, machine } from './bench-util.js';
import { findTorchPython, referenceConfig, runTorchReference } from './torch-reference.js';

const CONFIGS = {
  tiny: { model: 'vit-tiny', imageSize: 32, batch: 32, steps: 8, warmup: 3 },
  probe: { model: 'probe', imageSize: 64, batch: 256, steps: 8, warmup: 3 },
} as const;

const { name: configName, config: cfg } = configArg(CONFIGS);
const backend = argValue('backend', 'auto') as 'auto';
const warmup = Number(argValue('warmup', String(cfg.warmup)));
const steps = warmup + Number(argValue('steps', String(cfg.steps)));
const kernelsArg = argValue('kernels', 'fused');
const kernelModes: KernelMode[] = kernelsArg === 'both' ? ['tfjs', 'fused'] : [parseKernelMode(kernelsArg)!];
// --objective catlip|clip: one objective only (e.g. CLIP's probe batch does not fit the wasm heap)
const objectiveArg = argValue('objective', 'both');
const objectives = (objectiveArg === 'both' ? ['catlip', 'clip'] : [objectiveArg]) as ('catlip' | 'clip')[];

const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-bench-train-'));
// --data DIR: a data home where the demo is already imported (the GPU-check pack carries one, so the GPU
// host needs neither the emoji packages nor image decoding); copied, so the runs never write into it
const prepared = argValue('data', '');
if (prepared) cpSync(prepared, home, { recursive: true });
const engine = new Engine(home);
try {
  if (!prepared) await engine.invoke('demo:prepare', {});
  console.log(`machine: ${machine()}`);
  const runIds: Partial<Record<'catlip' | 'clip', number>> = {};
  const results: Record<
    string,
    {
      imgPerSec: number;
      stepMs: number;
      bestMs: number;
      dataMs: number;
      waitMs: number;
      device: string;
      backend: string;
      kernels: string;
    }
  > = {};
  for (const kernels of kernelModes) {
    setKernelMode(kernels);
    for (const objective of objectives) {
      const run = engine.createRun({
        dataset: 'demo-emoji',
        objective,
        model: cfg.model,
        imageSize: cfg.imageSize,
        batch: cfg.batch,
        steps,
        backend,
        checkpointEvery: 1_000_000,
      });
      runIds[objective] = run;
      let started: Extract<TrainerMessage, { type: 'started' }> | undefined;
      await runTrainer(home, run, {
        send: (m) => {
          if (m.type === 'started') started = m;
          if (m.type === 'step')
            process.stderr.write(
              `\r${objective} (${kernels}) step ${m.step}/${m.steps} ${(m.data_ms + m.compute_ms).toFixed(0)} ms   `,
            );
        },
        onCommand: () => {},
      });
      process.stderr.write('\n');
      const rows = runMetrics(engine.db, run).filter((m) => m.step > warmup);
      const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
      const stepMs = median(rows.map((m) => m.data_ms! + m.compute_ms!));
      const bestMs = Math.min(...rows.map((m) => m.data_ms! + m.compute_ms!));
      // the trainer prepares the next batch while the device computes: dataMs is CPU time inside the step,
      // waitMs the rest (recording the step and waiting for the device)
      const dataMs = median(rows.map((m) => m.data_ms!));
      const waitMs = median(rows.map((m) => m.compute_ms!));
      // what actually ran: backends other than webgpu and wasm never use the fused kernels
      const used = kernelModeFor(started!.backend);
      results[`${objective}/${kernels}`] = {
        imgPerSec: (cfg.batch * 1000) / stepMs,
        stepMs,
        bestMs,
        dataMs,
        waitMs,
        device: started!.device,
        backend: started!.backend,
        kernels: used,
      };
    }
  }
  setKernelMode(undefined);
  // the PyTorch reference reads both runs' configs (classes, vocabulary): a skipped objective's run is created, never trained
  for (const objective of ['catlip', 'clip'] as const) {
    runIds[objective] ??= engine.createRun({
      dataset: 'demo-emoji',
      objective,
      model: cfg.model,
      imageSize: cfg.imageSize,
      batch: cfg.batch,
      steps,
      backend,
      checkpointEvery: 1_000_000,
    });
  }
  const torch =
    argValue('torch', 'on') === 'off' ? { note: 'PyTorch reference skipped (--torch off)' } : findTorchPython();
  const reference =
    'python' in torch
      ? runTorchReference(torch, referenceConfig(engine.db, home, runIds.catlip!, runIds.clip!), {
          steps: steps - warmup,
          warmup,
          threads: Number(argValue('torch-threads', String(os.cpus().length))),
        })
      : undefined;
  const first = Object.values(results)[0];
  console.log(
    `config ${configName} (${cfg.model}, ${cfg.imageSize} px, batch ${cfg.batch}), backend ${first.backend} on ${first.device}, median of ${steps - warmup} steps after ${warmup} warm-up`,
  );
  const name = { catlip: 'CatLIP', clip: 'CLIP  ' } as const;
  for (const kernels of kernelModes) {
    const catlip = results[`catlip/${kernels}`];
    const clip = results[`clip/${kernels}`];
    console.log(`kernels ${(catlip ?? clip).kernels}:`);
    const split = (r: typeof catlip) =>
      `data wait ${r.dataMs.toFixed(0)} ms, recording + device ${r.waitMs.toFixed(0)} ms`;
    for (const objective of ['catlip', 'clip'] as const) {
      const r = results[`${objective}/${kernels}`];
      console.log(
        r
          ? `  ${name[objective]} ${r.imgPerSec.toFixed(1)} img/s (${r.stepMs.toFixed(0)} ms/step: ${split(r)})`
          : `  ${name[objective]} not run (--objective)`,
      );
    }
    if (catlip && clip) console.log(`  CLIP/CatLIP step-time ratio ${(clip.stepMs / catlip.stepMs).toFixed(2)}`);
    const vsTorch = (objective: 'catlip' | 'clip') => {
      const t = reference?.find((r) => r.objective === objective);
      const ours = results[`${objective}/${kernels}`];
      return t && ours ? ours.imgPerSec / t.img_per_s : undefined;
    };
    // best step against best step: on a machine shared with other work, the least disturbed comparison
    const bestVsTorch = (objective: 'catlip' | 'clip') => {
      const t = reference?.find((r) => r.objective === objective);
      const ours = results[`${objective}/${kernels}`];
      return t && ours ? t.best_step_ms / ours.bestMs : undefined;
    };
    const percent = (x: number | undefined) => (x === undefined ? '-' : `${(100 * x).toFixed(1)}%`);
    if (reference) {
      console.log(
        `  of PyTorch (median steps): CatLIP ${percent(vsTorch('catlip'))}, CLIP ${percent(vsTorch('clip'))}`,
      );
      console.log(
        `  of PyTorch (best steps, ${catlip?.bestMs.toFixed(0) ?? '-'} / ${clip?.bestMs.toFixed(0) ?? '-'} ms here): CatLIP ${percent(bestVsTorch('catlip'))}, CLIP ${percent(bestVsTorch('clip'))}`,
      );
    }
    console.log(
      JSON.stringify({
        config: configName,
        backend: first.backend,
        device: first.device,
        kernels: (catlip ?? clip).kernels,
        catlip_img_per_s: catlip?.imgPerSec ?? null,
        clip_img_per_s: clip?.imgPerSec ?? null,
        ratio: catlip && clip ? clip.stepMs / catlip.stepMs : null,
        of_torch_catlip: vsTorch('catlip') ?? null,
        of_torch_clip: vsTorch('clip') ?? null,
        best_of_torch_catlip: bestVsTorch('catlip') ?? null,
        best_of_torch_clip: bestVsTorch('clip') ?? null,
      }),
    );
  }
  if (reference && 'version' in torch) {
    const [c, k] = (['catlip', 'clip'] as const).map((o) => reference.find((r) => r.objective === o)!);
    console.log(
      `PyTorch ${torch.version} CPU (${torch.python}, ${c.threads} threads), same model, batch and objective on random inputs:`,
    );
    console.log(
      `  CatLIP ${c.img_per_s.toFixed(1)} img/s (${c.step_ms.toFixed(0)} ms/step, best ${c.best_step_ms.toFixed(0)}), CLIP ${k.img_per_s.toFixed(1)} img/s (${k.step_ms.toFixed(0)} ms/step, best ${k.best_step_ms.toFixed(0)}), CLIP/CatLIP step-time ratio ${(k.step_ms / c.step_ms).toFixed(2)}`,
    );
    console.log(
      JSON.stringify({
        reference: 'pytorch',
        torch: torch.version,
        threads: c.threads,
        catlip_img_per_s: c.img_per_s,
        clip_img_per_s: k.img_per_s,
      }),
    );
  } else if ('note' in torch) {
    console.log(torch.note);
  }
} finally {
  engine.close();
  rmSync(home, { recursive: true, force: true });
}
