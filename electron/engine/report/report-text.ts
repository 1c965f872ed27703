import type { EvaluationResult } from '../../shared/evaluation.js';
import type { ReportLang } from '../../shared/report.js';
import type { RunView } from '../../shared/dataset-view.js';
import type { RunRole } from './report-data.js';
import { EN } from './text-en.js';
import { JA } from './text-ja.js';

/**
 * Every word of the report in one language. Sentences are functions of already formatted values, so each
 * language orders them its own way (Japanese is written as Japanese, not translated word by word) and no
 * number is ever part of the text itself.
 */
export interface ReportText {
  title(dataset: string): string;
  subtitle(runs: string, date: string): string;
  footer: string;
  role: Record<RunRole, string>;
  /** "CatLIP (run 3)". */
  runLabel(role: string, id: number): string;
  method: Record<EvaluationResult['method'], string>;
  init: Record<EvaluationResult['init'], string>;
  /** "100% of labels". */
  labels(percent: string): string;

  section: {
    summary: string;
    results: string;
    accuracy: string;
    time: string;
    projection: string;
    curves: string;
    settings: string;
    costSettings: string;
    assumptions: string;
    notes: string;
    glossary: string;
  };

  // executive summary
  /** First line when a baseline trained on other hardware than CatLIP (compared with allowMismatch). */
  hardwareMismatch(p: { catlip: string; baseline: string; baselineName: string }): string;
  /** `sameHardware` false: never claims that the objective is the only difference. */
  scope(p: {
    runs: string;
    model: string;
    imageSize: string;
    patch: string;
    dataset: string;
    images: string;
    batch: string;
    sameHardware: boolean;
  }): string;
  /** Both devices, where the speed sentence would name one. */
  twoDevices(p: { catlip: string; baseline: string; baselineName: string }): string;
  speed(p: {
    device: string;
    catlipRate: string;
    baseline: string;
    baselineRate: string;
    ratio: string;
    computeRatio: string | null;
    faster: boolean;
    interval: string | null;
  }): string;
  accuracy(p: {
    dataset: string;
    method: string;
    init: string;
    labels: string;
    catlip: string;
    baseline: string;
    baselineName: string;
    diff: string;
    sign: -1 | 0 | 1;
    interval: string | null;
  }): string;
  /** A 95% interval as a clause of the speed or accuracy sentence, with "within noise" when it includes no difference. */
  interval(p: {
    method: 't-over-seeds' | 'bootstrap-over-test-images';
    n: string;
    mean: string;
    low: string;
    high: string;
    withinNoise: boolean;
  }): string;
  transferInit(p: {
    dataset: string;
    labels: string;
    catlip: string;
    reference: { name: string; value: string } | null;
  }): string;
  notEvaluated: string;
  pilotCost(p: { hours: { name: string; value: string }[]; costs: { name: string; value: string }[] | null }): string;
  projectedCost(p: {
    plan: string;
    catlip: string;
    baseline: string;
    baselineName: string;
    saving: string;
    savingShare: string;
    speedup: string;
  }): string;
  projectedHours(p: { plan: string; catlip: string; baseline: string; baselineName: string; speedup: string }): string;
  notProjected(missing: string): string;
  plan(p: { images: string; epochs: string; gpus: string }): string;
  /** Localised names of plan inputs, keyed by the CLI option compareRuns names with each missing input. */
  planInput: Record<string, string>;
  notOnGpu(p: { runs: string; devices: string }): string;

  // tables
  metric: string;
  table: {
    steps: string;
    images: string;
    firstLoss: string;
    lastLoss: string;
    bestLoss: string;
    throughput: string;
    peakThroughput: string;
    stepData: string;
    stepCompute: string;
    peakMemory: string;
    dataTime: string;
    computeTime: string;
    checkpointTime: string;
    wallTime: string;
    computeThroughput: string;
    gpuHours: string;
    gpuCost: string;
    energy: string;
    energyCost: string;
    dataset: string;
    method: string;
    init: string;
    labelShare: string;
    difference(name: string): string;
    imagesToProcess: string;
    projectedGpus: string;
    perGpuBatch: string;
    memoryPerGpu: string;
    globalBatch: string;
    projectedSteps: string;
    projectedCompute: string;
    allGather: string;
    projectedWall: string;
    projectedGpuHours: string;
    projectedCost: string;
    speedup: string;
  };
  notMeasured: string;
  none: string;
  lossNote: string;
  accuracyNote: string;
  /** CLIP's prompt ensemble, and CatLIP's synset zero-shot as this app's extension rather than a paper result. */
  zeroShotNote: string;
  /** How each accuracy was reached (report/evaluation-details.ts). */
  detail: {
    note: string;
    run: string;
    test: string;
    how: string;
    separator: string;
    /** chosenBy: 'validation', 'fixed' or the fallback's stored reason. */
    probe(p: { l2: string; chosenBy: string; converged: boolean; iterations: string }): string;
    transferScale(scale: string): string;
    headWarmup(steps: string): string;
    zeroShotPrior(uncorrected: string): string;
    /** Zero-shot calibrated per class on unlabelled downstream images (images: how many). */
    zeroShotDownstream(uncorrected: string, images: string): string;
    zeroShotUncorrected: string;
    /** Why a zero-shot number is not informative (shared synsets, none, a related one), and the best top-1 the mapping allows. */
    zeroShotWarning(w: {
      kind: 'no-synset' | 'shared-synset' | 'related-synset';
      classes: string[];
      synsets?: string[];
    }): string;
    zeroShotReachable(top1: string): string;
  };
  timeIntro(p: { device: string; backend: string }): string;
  speedupLine(p: { baseline: string; wall: string; compute: string }): string;
  projectionLabel: string;
  projectionIntro(p: { plan: string }): string;
  costNotes: { noPrice: string; noEnergy: string; noElectricity: string };

  settings: {
    parameter: string;
    dataset: string;
    objective: string;
    model: string;
    imageSize: string;
    patchSize: string;
    batch: string;
    steps: string;
    backend: string;
    device: string;
    lr: string;
    minLr: string;
    warmup: string;
    weightDecay: string;
    clipNorm: string;
    ema: string;
    seed: string;
    vocabulary(size: string, mode: string): string;
    vocabularyRow: string;
    tokenizer: string;
    checkpointEvery: string;
    started: string;
    finished: string;
    recipe: string;
    recipeName(p: { name: 'catlip' | 'clip'; matched: boolean }): string;
    recipeDetail: string;
    /** The vocabulary's min-count and the paper threshold it scales (CC3M's by default, DataComp's as the option). */
    vocabularyThreshold: string;
    threshold(p: { rule: 'cc3m' | 'datacomp' | null; minCount: string; captions: string }): string;
    /** The dataset view a run trained on: its name and quality filters; `wholeDataset` when it had none. */
    dataView: string;
    wholeDataset: string;
    viewDescription(view: RunView): string;
  };
  cost: {
    item: string;
    value: string;
    currency: string;
    gpuPrice: string;
    electricity: string;
    planImages: string;
    planEpochs: string;
    planGpus: string;
    perGpuBatch: string;
    pilotBatch(batch: string): string;
    gpuMemory: string;
    baselineGpus: string;
    sameGpus: string;
    bandwidth: string;
    precision: string;
    variation: string;
    efficiency: string;
  };
  /** The projection's assumptions, in the order and with the inputs of cost/projection.ts's list. */
  /** Null: the projection's own (English) assumptions are printed as they are. */
  assumptions:
    | ((p: {
        variation: string;
        fast: string;
        slow: string;
        embedDim: string | null;
        precision: string;
        effHigh: string;
        effLow: string;
        superclass: boolean;
        /** The pilot network, formatted: encoder model, image size, patch, width, blocks; CLIP's text tower where there is one. */
        network: {
          model: string;
          imageSize: string;
          patch: string;
          width: string;
          depth: string;
          text: { width: string; depth: string; context: string } | null;
        } | null;
        /** Hours of the projected difference that are compute and CLIP's all-gather, and the all-gather's share. */
        difference: { compute: string; allGather: string; share: string | null };
        /** Each side's per-GPU batch, GPUs and estimated memory per GPU; the plan's GPU memory where set; whether a batch was capped. */
        batch: {
          catlip: { batch: string; gpus: string; memory: string | null };
          baseline: { name: string; batch: string; gpus: string; memory: string | null };
          gpuMemory: string | null;
          capped: boolean;
          sameGpus: boolean;
          clip: boolean;
        };
      }) => string[])
    | null;
  noAssumptions: string;

  warnings: {
    hardware(p: { a: string; b: string; aDevice: string; bDevice: string }): string;
    notGpu(p: { run: string; device: string }): string;
    energyPartly: string;
    /** A run that spent most of its wall time preparing batches on the CPU. */
    dataBound(p: { run: string; share: string }): string;
  };

  chart: {
    throughput: string;
    timePerStep: string;
    wallTime: string;
    measuredCost: string;
    measuredHours: string;
    projectedCost: string;
    projectedHours: string;
    accuracy: string;
    loss(run: string): string;
    throughputOverSteps: string;
    step: string;
    data: string;
    compute: string;
    checkpoint: string;
    gpu: string;
    energy: string;
    range: string;
  };

  glossary: { term: string; text: string }[];
}

export function reportText(lang: ReportLang): ReportText {
  return lang === 'ja' ? JA : EN;
}
