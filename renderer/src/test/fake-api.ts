import {
  channels,
  type Channel,
  type EventName,
  type EventPayload,
  type RequestInput,
  type Response,
} from '../api/contract.ts';
import { ApiError } from '../api/errors.ts';
import type { CatlipApi } from '../api/types.ts';

type Handler<C extends Channel> = (request: RequestInput<C>) => Response<C> | Promise<Response<C>>;
export type FakeHandlers = { [C in Channel]?: Handler<C> };

export interface FakeApi extends CatlipApi {
  calls: { channel: Channel; request: unknown }[];
  /** Delivers an event to the subscribers (validated like the real transport does). */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  listenerCount(event: EventName): number;
}

/** An in-memory window.catlip for component tests: channel handlers you give, events you emit. */
export function fakeApi(handlers: FakeHandlers): FakeApi {
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const calls: FakeApi['calls'] = [];
  return {
    calls,
    async invoke<C extends Channel>(channel: C, request: RequestInput<C>): Promise<Response<C>> {
      calls.push({ channel, request });
      const handler = handlers[channel] as Handler<C> | undefined;
      if (!handler) throw new ApiError('not-found', `fake: no handler for ${channel}`);
      const response = await handler(request);
      return channels[channel].response.parse(response) as Response<C>;
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
    emit(event, payload) {
      for (const l of [...(listeners.get(event) ?? [])]) l(payload);
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
  };
}

export function installFake(api: FakeApi): FakeApi {
  window.catlip = api;
  return api;
}

/** A run summary with sensible defaults. */
export function runSummary(
  over: Partial<Response<'runs:list'>[number]> & { run: number },
): Response<'runs:list'>[number] {
  return {
    dataset: 'demo-emoji',
    objective: 'catlip',
    model: 'vit-tiny',
    status: 'completed',
    steps: 3,
    steps_total: 3,
    final_loss: 200,
    first_loss: 250,
    images_per_second: 10,
    step_ms: { data: 10, compute: 1590 },
    checkpoint_seconds: 0.5,
    backend: 'cpu',
    device: 'Test CPU',
    backend_notes: ['cpu: requested'],
    error: null,
    ...over,
  };
}

export function runDetail(
  summary: Response<'runs:list'>[number],
  losses: number[] = [250, 220, 200],
): Response<'runs:get'> {
  return {
    summary,
    config: { batch: 16, imageSize: 32, model: summary.model, dataset: summary.dataset },
    metrics: losses.map((loss, i) => ({
      step: i + 1,
      loss,
      lr: 0.001 / (i + 1),
      images_per_second: summary.images_per_second,
      data_ms: 10,
      compute_ms: 1590,
      memory_mb: 100,
    })),
    active: false,
  };
}

export const flush = () => new Promise((r) => setTimeout(r, 0));

/** A promise resolved from outside: a fake handler that stays pending (an import running) until the test settles it. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** vocab:preview's curve: size and coverage falling with the min-count; default min-count 3. */
export function vocabPreview(dataset: string, mode: 'paper' | 'corenet' = 'paper'): Response<'vocab:preview'> {
  return {
    dataset,
    mode,
    captions: 1906,
    default_min_count: 3,
    datacomp_min_count: 2,
    points: [1, 2, 3, 5, 8, 13].map((n) => ({
      min_count: n,
      size: Math.round(600 / n),
      coverage: 1 - n / 40,
      labels_per_caption: 3 - n / 10,
    })),
  };
}

/** A built vocabulary (vocab:build's answer) with `size` synsets; the id is 40 + min-count, so tests can tell builds apart. */
export function vocabSummary(
  over: Partial<Response<'vocab:build'>> & { dataset: string; min_count: number },
): Response<'vocab:build'> {
  return {
    vocabulary: 40 + over.min_count,
    mode: 'paper',
    min_count_default: false,
    threshold: null,
    max_size: null,
    size: Math.round(600 / over.min_count),
    captions: 1906,
    coverage: 0.9,
    labels_per_caption: 2.4,
    synset_classes: Math.round(600 / over.min_count),
    lemma_classes: 0,
    synset_coverage: 0.9,
    top: [
      { kind: 'synset', name: 'dog.n.01', offset: 'n02084071', count: 120 },
      { kind: 'synset', name: 'cat.n.01', offset: 'n02121808', count: 90 },
    ],
    seconds: 0.1,
    ...over,
  };
}

/**
 * training:estimate's answer for the objectives asked; `secondsPerStep` null = not measured on this machine;
 * `trainItems`: the training items of the dataset or view asked.
 */
export function trainingEstimate(
  req: RequestInput<'training:estimate'>,
  secondsPerStep: number | null,
  totalMb = 900,
  trainItems = 1906,
): Response<'training:estimate'> {
  const objectives = req.objectives ?? ['catlip', 'clip'];
  const batch = req.batch ?? 32;
  const perEpoch = Math.floor(trainItems / batch);
  const planned = req.steps ?? (req.epochs === undefined ? null : Math.max(1, Math.round(req.epochs * perEpoch)));
  return {
    dataset: req.dataset,
    model: req.model ?? 'vit-tiny',
    batch: req.batch ?? 32,
    image_size: 32,
    patch_size: 8,
    vocabulary_size: null,
    notes: [],
    data: {
      view: req.view ?? null,
      items: trainItems,
      images: trainItems,
      train_items: trainItems,
      steps_per_epoch: perEpoch,
      planned_steps: planned,
      epochs: planned === null ? null : (planned * batch) / trainItems,
    },
    objectives: objectives.map((objective, i) => ({
      objective,
      parameters: 5_700_000 + i * 1_000_000,
      encoder_parameters: 5_500_000,
      flops_per_image: 2.4e9,
      memory_mb: { weights_and_optimizer: totalMb / 3, activations: (2 * totalMb) / 3, total: totalMb },
      seconds_per_step: secondsPerStep === null ? null : secondsPerStep * (1 + i),
      basis:
        secondsPerStep === null ? 'no run of this model has been measured on this machine yet' : 'measured on run 3',
      steps_for_minutes:
        secondsPerStep === null || req.minutes === undefined
          ? null
          : Math.floor((req.minutes * 60) / (secondsPerStep * (1 + i))),
      minutes_for_steps: secondsPerStep === null || planned === null ? null : (planned * secondsPerStep * (1 + i)) / 60,
      minutes_per_epoch: secondsPerStep === null ? null : (perEpoch * secondsPerStep * (1 + i)) / 60,
    })),
  };
}

/** The engine's default cost settings: JPY, no prices, no plan. */
export function costSettings(over: Partial<Response<'cost:settings:get'>> = {}): Response<'cost:settings:get'> {
  return {
    currency: 'JPY',
    gpuCostPerHour: null,
    electricityPerKwh: null,
    plan: { images: null, epochs: null, gpus: null, bandwidthGBps: null, perGpuBatch: null },
    embeddingPrecision: 'bf16',
    throughputVariation: 0.2,
    bandwidthEfficiency: { low: 0.5, high: 0.8 },
    ...over,
  };
}

/** eval:run's answer for a request (top-1 60%). */
export function evaluationResult(req: RequestInput<'eval:run'>, evaluation: number): Response<'eval:run'> {
  return {
    evaluation,
    run: req.run,
    dataset: req.dataset,
    method: req.method ?? 'linear-probe',
    init: req.init ?? (req.method === 'zero-shot' ? 'none' : 'random'),
    fraction: req.fraction ?? 1,
    seed: 0,
    top1: 0.6,
    top5: null,
    per_class: {},
    classes: [],
    confusion: [],
    unmatched_classes: [],
    train_items: 100,
    test_items: 20,
    backend: 'cpu',
    seconds: 1,
  };
}

/**
 * vocab:edit:preview's answer: a vocabulary of `size` classes covering 90 % of 1,000 captions, which each
 * stop-list edit shrinks by one class and 5 points of coverage, and each merge by one class.
 */
export function vocabEditPreview(req: RequestInput<'vocab:edit:preview'>, size = 45): Response<'vocab:edit:preview'> {
  const edits = req.edits ?? [];
  const stops = edits.filter((e) => e.op === 'stop').length;
  const merges = edits.filter((e) => e.op === 'merge').length;
  const edited = { size: size - stops - merges, coverage: 0.9 - 0.05 * stops };
  return {
    vocabulary: req.vocabulary,
    dataset: 'coco',
    min_count: 3,
    max_size: null,
    captions: 1000,
    pending_edits: edits.length,
    ...edited,
    base: { size, coverage: 0.9 },
    points: [1, 3, 10].map((k) => ({
      min_count: k,
      size: Math.max(1, edited.size - (k - 3)),
      coverage: edited.coverage,
      labels_per_caption: 2,
    })),
  };
}
