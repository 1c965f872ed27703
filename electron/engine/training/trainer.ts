import path from 'node:path';
import type { RunConfig, TrainerCommand, TrainerMessage } from '../../shared/training.js';
import { openDatabase, type Db } from '../store/database.js';
import { takeDeviceErrors } from './backends.js';
import { backendUsesGpu } from '../cost/accelerator.js';
import { RunEnergyMeter } from './power-sampler.js';
import { BatchSampler, type DataPosition } from './batch-sampler.js';
import { writeCheckpoint } from './checkpoint.js';
import { latestValidCheckpoint, pruneCheckpoints } from './checkpoint-history.js';
import { trainingAugmentation } from './recipe.js';
import { requirePinnedDevice } from './pinned-device.js';
import { createBatchAugmenter, type BatchAugmenter } from './batch-augmenter.js';
import { hashString, Rng, type RngState } from './model/rng.js';
import type { RunningIdfJson } from './model/running-idf.js';
import { Tokenizer, trainTokenizer, type TokenizerJson } from './model/tokenizer.js';
import type { SessionBatch } from './session/model-session.js';
import { openModelSession, type ComputeOpener } from './session/open-session.js';
import {
  clearRunPid,
  dropMetricsAfter,
  getRun,
  markRunStarted,
  recordCheckpoint,
  recordProgress,
  runConfig,
  setRunStatus,
  updateRunPlan,
  type MetricRow,
} from './run-repository.js';
import { labelsOf, loadTrainingSet, readRecords } from './training-set.js';
import { planBudget } from './budget-plan.js';

/** What a trainer needs from the process hosting it (forked child, Electron utility process, or a test). */
export interface TrainerHost {
  send(message: TrainerMessage): void;
  /** Registers the handler for pause / resume / cancel. */
  onCommand(handler: (command: TrainerCommand) => void): void;
  /** Inside the desktop app only: a connection to a compute window (Chromium's WebGPU) for the model. */
  openCompute?: ComputeOpener;
}

interface CheckpointMeta {
  position: DataPosition;
  rng: RngState;
  optimizerStep: number;
  tokenizer?: TokenizerJson;
  idf?: RunningIdfJson;
}

/** A batch drawn for a step: the data state from before it was drawn, and its augmentation under way. */
interface DrawnBatch {
  position: DataPosition;
  rng: RngState;
  ready: Promise<{ batch: SessionBatch; rngAfter: RngState }>;
}

const METRICS_FLUSH_MS = 2000;

export function checkpointPath(runId: number, step: number): string {
  return path.join('runs', String(runId), `step-${String(step).padStart(8, '0')}.ckpt`);
}

/**
 * Trains one run to its configured step count, resuming from its latest checkpoint if it has one.
 * Streams a message per step; persists metrics in batches; checkpoints atomically every
 * `checkpointEvery` steps and at the end. Pause takes effect after the step in progress.
 */
export async function runTrainer(home: string, runId: number, host: TrainerHost): Promise<'completed' | 'cancelled'> {
  const db = openDatabase(home);
  const augmenter = createBatchAugmenter();
  try {
    return await train(db, home, runId, host, augmenter);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    setRunStatus(db, runId, 'failed', { error: message, finished: true });
    host.send({ type: 'failed', run: runId, message });
    throw e;
  } finally {
    await augmenter.close();
    db.close();
  }
}

async function train(
  db: Db,
  home: string,
  runId: number,
  host: TrainerHost,
  augmenter: BatchAugmenter,
): Promise<'completed' | 'cancelled'> {
  let config: RunConfig = runConfig(getRun(db, runId));
  let paused = false;
  let cancelled = false;
  let wake: (() => void) | undefined;
  host.onCommand((c) => {
    if (c.type === 'pause') paused = true;
    if (c.type === 'resume') paused = false;
    if (c.type === 'cancel') cancelled = true;
    wake?.();
  });

  const set = loadTrainingSet(db, home, config.dataset, config.vocabulary ?? undefined, config.view?.name);
  // the newest checkpoint that reads back whole; damaged newer ones are passed over and named in the notes
  const valid = latestValidCheckpoint<CheckpointMeta>(db, home, runId);
  const restored = valid?.content;
  // the tokenizer is trained on the run's own captions and saved with its checkpoints; it encodes here, and
  // the model session gets its state to size the text model
  const tokenizer =
    config.objective === 'catlip'
      ? undefined
      : restored?.meta.tokenizer
        ? Tokenizer.fromJSON(restored.meta.tokenizer)
        : trainTokenizer(set.captions, config.tokenizerVocab);
  if (config.objective === 'catlip' && !set.labels?.numClasses)
    throw new Error('CatLIP needs a vocabulary with at least one synset');
  const { session, backend } = await requirePinnedDevice(config, () =>
    openModelSession(
      config.backend,
      {
        config,
        numClasses: set.labels?.numClasses,
        tokenizer: tokenizer?.toJSON(),
        restored: restored && {
          tensors: restored.tensors,
          optimizerStep: restored.meta.optimizerStep,
          idf: restored.meta.idf,
        },
      },
      host.openCompute,
    ),
  );
  const sampler = new BatchSampler(set.count, config.batch, config.seed);
  const rng = new Rng((config.seed ^ hashString('augment')) >>> 0);
  let step = 0;
  if (restored) {
    sampler.setPosition(restored.meta.position);
    rng.setState(restored.meta.rng);
    step = restored.step;
    dropMetricsAfter(db, runId, step);
  }
  const notes = [...backend.notes, ...(valid?.passedOver ?? [])];
  markRunStarted(db, runId, { backend: backend.backend, device: backend.device, notes, pid: process.pid });
  // energy from nvidia-smi's power draw where the run computes on an NVIDIA GPU; otherwise "not measured"
  const energy = await RunEnergyMeter.start(db, runId, { onGpu: backendUsesGpu(backend) });
  host.send({
    type: 'started',
    run: runId,
    backend: backend.backend,
    device: backend.device,
    notes,
    resumed_from: restored ? step : null,
    parameters: session.parameters,
  });

  const run = getRun(db, runId);
  const timing = {
    dataSeconds: run.data_seconds,
    computeSeconds: run.compute_seconds,
    checkpointSeconds: run.checkpoint_seconds,
  };
  // the run's recipe decides the augmentation (recipe.ts: CLIP's crops keep most of the captioned image)
  const augmentation = trainingAugmentation(config);
  const contextLength = config.contextLength;
  let pending: MetricRow[] = [];
  let lastFlush = performance.now();
  let stepSecondsAvg: number | undefined;
  let lastCheckpointStep = step;
  /** Minutes budget: step times after the first (which compiles shaders), until the step count is fixed. */
  const budgetTimes: number[] = [];

  /**
   * Draws the next batch and starts its augmentation (in the augmentation worker), remembering the sampler and
   * augmentation state from before. Call only once the previous batch's augmentation is done (`rng` is then
   * at its end state).
   */
  const draw = (): DrawnBatch => {
    const position = sampler.getPosition();
    const rngState = rng.getState();
    const items = sampler.next();
    const records = readRecords(set, items);
    const rest = tokenizer
      ? { tokens: Array.from(items, (i) => tokenizer.encode(set.captions[i], contextLength)) }
      : { labels: labelsOf(set, items) };
    const ready = augmenter
      .augment({ records, rng: rngState, options: { size: config.imageSize, ...augmentation } })
      .then(({ images, rng: rngAfter }) => ({ batch: { images, ...rest } as SessionBatch, rngAfter }));
    // awaited by the step that uses it; a step failing before then must not leave a rejection unhandled
    ready.catch(() => {});
    return { position, rng: rngState, ready };
  };
  /** The batch for the next step, augmented while this thread recorded the current step and the device ran it. */
  let next: DrawnBatch | undefined;

  const saveCheckpoint = async () => {
    const t = performance.now();
    const rel = checkpointPath(runId, step);
    const state = await session.exportState();
    const bytes = writeCheckpoint(path.join(home, rel), {
      step,
      meta: {
        // a batch drawn ahead for the next step is not trained on yet: save the state from before it
        position: next?.position ?? sampler.getPosition(),
        rng: next?.rng ?? rng.getState(),
        optimizerStep: state.optimizerStep,
        tokenizer: tokenizer?.toJSON(),
        idf: state.idf,
      } satisfies CheckpointMeta,
      tensors: state.tensors,
    });
    recordCheckpoint(db, runId, step, rel, bytes);
    pruneCheckpoints(db, home, runId);
    lastCheckpointStep = step;
    const seconds = (performance.now() - t) / 1000;
    timing.checkpointSeconds += seconds;
    host.send({ type: 'checkpoint', run: runId, step, bytes, seconds });
  };
  const flush = () => {
    recordProgress(db, runId, pending, timing);
    energy.record();
    pending = [];
    lastFlush = performance.now();
  };

  while (step < config.steps) {
    // On the cpu backend a whole step can run in microtasks; yield to the event loop so pause / resume /
    // cancel messages from the host are delivered between steps.
    await new Promise<void>((r) => setImmediate(r));
    if (paused && !cancelled) {
      flush();
      setRunStatus(db, runId, 'paused');
      host.send({ type: 'paused', run: runId, step });
      await energy.pause();
      while (paused && !cancelled) await new Promise<void>((r) => (wake = r));
      wake = undefined;
      await energy.resume();
      if (!cancelled) {
        setRunStatus(db, runId, 'running');
        host.send({ type: 'resumed', run: runId, step });
      }
    }
    if (cancelled) break;

    const t0 = performance.now();
    const current = next ?? draw();
    next = undefined;
    const { batch, rngAfter } = await current.ready;
    rng.setState(rngAfter);
    // the following batch is drawn now and augmented in the worker while this thread records the step (session.step
    // records and submits it before its first await) and the device runs it
    if (step + 1 < config.steps) next = draw();
    const dataMs = performance.now() - t0;
    const result = await session.step(batch, step);
    const t2 = performance.now();
    const deviceErrors = takeDeviceErrors();
    if (deviceErrors.length)
      throw new Error(`the ${backend.backend} device reported an error at step ${step + 1}: ${deviceErrors[0]}`);
    step++;
    if (!Number.isFinite(result.loss))
      throw new Error(`loss became ${result.loss} at step ${step}; lower --lr or check the data`);

    // data: this thread's time on batches in this step (waiting for this one's augmentation, drawing the next);
    // compute: the rest of the step's wall time (recording the step and waiting for the device). They add up to
    // the step time.
    const computeMs = t2 - t0 - dataMs;
    timing.dataSeconds += dataMs / 1000;
    timing.computeSeconds += computeMs / 1000;
    const stepSeconds = (t2 - t0) / 1000;
    stepSecondsAvg = stepSecondsAvg === undefined ? stepSeconds : 0.9 * stepSecondsAvg + 0.1 * stepSeconds;
    const metric: MetricRow = {
      step,
      loss: result.loss,
      lr: result.lr,
      images_per_second: config.batch / stepSeconds,
      data_ms: dataMs,
      compute_ms: computeMs,
      memory_mb: process.memoryUsage().rss / 2 ** 20,
    };
    pending.push(metric);
    if (config.budget && config.budget.plannedAtStep === null) {
      if (step > 1) budgetTimes.push(stepSeconds);
      const planned = planBudget(config, step, budgetTimes, timing.dataSeconds + timing.computeSeconds);
      if (planned) {
        config = planned;
        await session.setSchedule({ totalSteps: config.steps, warmupSteps: config.warmupSteps });
        updateRunPlan(db, runId, config);
      }
    }
    host.send({
      type: 'step',
      run: runId,
      step,
      steps: config.steps,
      loss: result.loss,
      lr: result.lr,
      grad_norm: result.gradNorm,
      images_per_second: metric.images_per_second!,
      data_ms: dataMs,
      compute_ms: computeMs,
      eta_seconds: stepSecondsAvg * (config.steps - step),
      memory_mb: metric.memory_mb!,
    });
    if (step % config.checkpointEvery === 0 || step === config.steps) {
      // metrics up to a checkpoint are persisted with it: a resumed run recomputes only what came after
      await saveCheckpoint();
      flush();
    } else if (performance.now() - lastFlush > METRICS_FLUSH_MS) {
      flush();
    }
  }

  // a cancelled run (or an app quitting mid-run) keeps its last step: resume continues exactly there
  if (cancelled && step > lastCheckpointStep) await saveCheckpoint();
  flush();
  await energy.stop();
  const status = cancelled && step < config.steps ? 'cancelled' : 'completed';
  setRunStatus(db, runId, status, { finished: true });
  clearRunPid(db, runId);
  host.send({ type: 'finished', run: runId, status, step });
  await session.dispose();
  return status;
}
