import type { ReportText } from './report-text.js';

const and = (items: string[]) => new Intl.ListFormat('en-US', { type: 'conjunction' }).format(items);

/** The report in English. */
export const EN: ReportText = {
  title: (dataset) => `CatLIP pilot report: CatLIP vs CLIP on ${dataset}`,
  subtitle: (runs, date) => `Runs ${runs} · generated ${date}`,
  footer: 'CatLIP Pilot — management report',
  role: { catlip: 'CatLIP', clip: 'CLIP', superclass: 'SuperClass' },
  runLabel: (role, id) => `${role} (run ${id})`,
  method: { 'linear-probe': 'linear probe', finetune: 'fine-tuning', 'zero-shot': 'zero-shot' },
  init: { random: 'random init', transfer: 'Transfer Init', none: '–' },
  labels: (percent) => `${percent} of the labels`,

  section: {
    summary: 'Executive summary',
    results: 'Results at a glance',
    accuracy: 'Transfer accuracy',
    time: 'Training time and cost (measured)',
    projection: 'Full-scale projection',
    curves: 'Training curves',
    settings: 'Run settings',
    costSettings: 'Cost settings',
    assumptions: 'Assumptions of the projection',
    notes: 'Notes',
    glossary: 'Glossary',
  },

  hardwareMismatch: (p) =>
    `Caution: the speed-up below mixes hardware and objective. The runs trained on different hardware (CatLIP on ${p.catlip}, ${p.baselineName} on ${p.baseline}), so it does not measure the training objective alone.`,
  scope: (p) =>
    `This report compares ${p.runs}. They share the image encoder (${p.model}, ${p.imageSize} px, patch ${p.patch}), the dataset (${p.dataset}, ${p.images} images seen per run) and the batch size (${p.batch}), ${p.sameHardware ? 'so the training objective is the only difference.' : 'but not the hardware they trained on (see the caution above).'}`,
  twoDevices: (p) => `${p.catlip} (CatLIP) and ${p.baseline} (${p.baselineName})`,
  speed: (p) =>
    `On ${p.device}, CatLIP trained at ${p.catlipRate} and ${p.baseline} at ${p.baselineRate}: per image, CatLIP was ${p.ratio} ${p.faster ? 'faster' : 'slower'}${p.computeRatio ? ` (${p.computeRatio} counting compute time alone)` : ''}${p.interval ? `; ${p.interval}` : ''}.`,
  accuracy: (p) =>
    `Transfer accuracy, ${p.method} on ${p.dataset} (${p.init}, ${p.labels}): CatLIP ${p.catlip}, ${p.baselineName} ${p.baseline} — ${p.sign === 0 ? 'the same' : `CatLIP ${p.diff}`}${p.interval ? ` (${p.interval})` : ''}.`,
  interval: (p) =>
    `${p.method === 't-over-seeds' ? `mean over ${p.n} seeds ${p.mean}, 95% interval ${p.low} to ${p.high}, t-interval over seeds` : `95% interval ${p.low} to ${p.high}, bootstrap over the test images with one seed`}${p.withinNoise ? '; within noise: the interval includes no difference' : ''}`,
  transferInit: (p) =>
    `With Transfer Init (the classifier initialised from CatLIP's synset head), CatLIP reached ${p.catlip} on ${p.dataset} with ${p.labels}${p.reference ? `, against ${p.reference.value} for ${p.reference.name} with a randomly initialised linear probe` : ''}.`,
  notEvaluated:
    'Transfer accuracy has not been evaluated yet for both runs on the same downstream dataset, method and label fraction; evaluate each run (Compare screen or catlip-pilot eval) to see the difference here.',
  pilotCost: (p) =>
    `The pilot itself used ${and(p.hours.map((h) => `${h.value} GPU-hours (${h.name})`))}${p.costs ? `, costing ${and(p.costs.map((c) => `${c.value} (${c.name})`))}` : ''}.`,
  projectedCost: (p) =>
    `Projected to the full-scale plan (${p.plan}), CatLIP would cost ${p.catlip} against ${p.baseline} for ${p.baselineName}: a saving of ${p.saving} (${p.savingShare}), ${p.speedup} faster. This is a projection from the pilot, not a measurement; its assumptions are listed below.`,
  projectedHours: (p) =>
    `Projected to the full-scale plan (${p.plan}), CatLIP would need ${p.catlip} GPU-hours against ${p.baseline} for ${p.baselineName} (${p.speedup} faster). No GPU price is set, so no cost is given. This is a projection from the pilot, not a measurement.`,
  notProjected: (missing) =>
    `The full-scale cost is not projected yet: the plan still needs ${missing}. Set them on the Compare screen (or with catlip-pilot compare … --save).`,
  plan: (p) => `${p.images} images × ${p.epochs} epochs on ${p.gpus} GPUs`,
  planInput: {
    '--plan-images': 'the number of images (--plan-images)',
    '--plan-epochs': 'the number of epochs (--plan-epochs)',
    '--plan-gpus': 'the number of GPUs (--plan-gpus)',
    '--bandwidth': "the interconnect bandwidth for CLIP's all-gather (--bandwidth)",
  },
  notOnGpu: (p) =>
    `Caution: ${p.runs} did not train on a GPU (${p.devices}); the speed-up holds for that device, and "GPU-hours" are hours of that device.`,

  metric: 'Metric',
  table: {
    steps: 'Training steps',
    images: 'Images seen',
    firstLoss: 'Loss, first step',
    lastLoss: 'Loss, last step',
    bestLoss: 'Loss, best step',
    throughput: 'Throughput (wall time)',
    peakThroughput: 'Throughput, fastest step',
    stepData: 'Data loading per step',
    stepCompute: 'Compute per step',
    peakMemory: 'Peak memory',
    dataTime: 'Data loading',
    computeTime: 'Compute',
    checkpointTime: 'Checkpointing',
    wallTime: 'Wall time (total)',
    computeThroughput: 'Throughput (compute time)',
    gpuHours: 'GPU-hours',
    gpuCost: 'GPU cost',
    energy: 'Energy',
    energyCost: 'Energy cost',
    dataset: 'Dataset',
    method: 'Method',
    init: 'Init',
    labelShare: 'Labels',
    difference: (name) => `CatLIP − ${name}`,
    imagesToProcess: 'Images to process',
    projectedGpus: 'GPUs',
    perGpuBatch: 'Batch per GPU',
    memoryPerGpu: 'Memory per GPU (fp32 estimate)',
    globalBatch: 'Global batch',
    projectedSteps: 'Steps',
    projectedCompute: 'Compute time',
    allGather: 'Embedding all-gather',
    projectedWall: 'Wall time',
    projectedGpuHours: 'GPU-hours',
    projectedCost: 'Cost',
    speedup: 'Speed-up of CatLIP',
  },
  notMeasured: 'not measured',
  none: 'none',
  lossNote:
    'The objectives use different losses (CatLIP: binary cross-entropy over synsets; CLIP: contrastive), so loss values are comparable only within a run.',
  zeroShotNote:
    "Zero-shot: CLIP scores each class with a prompt ensemble (8 templates, as CLIP's ImageNet evaluation). CatLIP's zero-shot, which scores a class by the logits of its synsets in the pre-training head, is this app's extension, not a result of the CatLIP paper (which transfers by linear probing and fine-tuning).",
  accuracyNote:
    'Top-1 accuracy on the downstream test split; the latest evaluation of each kind is shown. Differences are in percentage points.',
  detail: {
    note: "How each result was reached. Linear probes are trained to convergence, with the L2 strength chosen on a validation split of the training labels; converged, a probe does not depend on its starting head. Transfer Init starts balanced on the downstream task (the pre-training prior removed); CatLIP zero-shot is corrected either for how often each synset occurred in the pre-training captions or by calibrating each class's score on unlabelled downstream images (which one is stated), and says when the vocabulary cannot tell classes apart.",
    run: 'Run',
    test: 'Evaluation',
    how: 'How',
    separator: '; ',
    probe: ({ l2, chosenBy, converged, iterations }) =>
      `L2 ${l2} (${chosenBy === 'validation' ? 'chosen on a validation split' : chosenBy === 'fixed' ? 'fixed' : 'default: too few labels to hold out'}), ${converged ? 'converged' : `not converged after ${iterations} iterations`}`,
    transferScale: (scale) => `transferred rows scaled by ${scale}`,
    headWarmup: (steps) => `head-only warm-up of ${steps} steps`,
    zeroShotPrior: (uncorrected) => `corrected for the pre-training synset frequency (uncorrected: ${uncorrected})`,
    zeroShotDownstream: (uncorrected, images) =>
      `calibrated per class on ${images} unlabelled downstream images, labels not read (uncorrected: ${uncorrected})`,
    zeroShotUncorrected: 'uncorrected logits',
    zeroShotWarning: (w) =>
      `NOT INFORMATIVE for ${
        w.kind === 'no-synset'
          ? `${w.classes.join(', ')}: no synset in this vocabulary`
          : w.kind === 'shared-synset'
            ? `${w.classes.join(', ')}: they share synset ${(w.synsets ?? []).join(' + ')}`
            : `${w.classes.map((c, i) => `${c} (${w.synsets?.[i] ?? '?'})`).join(', ')}: scored by a related synset, not one the class is a kind of`
      }`,
    zeroShotReachable: (top1) => `at most ${top1} top-1 reachable through this vocabulary`,
  },
  timeIntro: (p) =>
    `Measured by the trainer on ${p.device} (${p.backend}). Wall time is data loading + compute + checkpointing, summed over the run's processes; pauses are not counted.`,
  speedupLine: (p) =>
    `Speed-up of CatLIP over ${p.baseline} per image: ${p.wall} over wall time, ${p.compute} over compute time.`,
  projectionLabel: "A projection: a model computed from the pilot's measurements, not a measurement.",
  projectionIntro: (p) =>
    `Plan: ${p.plan}. Each objective's GPUs, batch and steps are in the table; where they come from is in the assumptions.`,
  costNotes: {
    noPrice: 'No GPU price is set: the projection gives GPU-hours but no cost.',
    noEnergy: "Energy cost is not included: the pilot's energy was not measured.",
    noElectricity: 'Energy cost is not included: no electricity price is set.',
  },

  settings: {
    parameter: 'Setting',
    dataset: 'Dataset',
    objective: 'Objective',
    model: 'Model (image encoder)',
    imageSize: 'Image size',
    patchSize: 'Patch size',
    batch: 'Batch size',
    steps: 'Steps (done / planned)',
    backend: 'Backend (requested → used)',
    device: 'Device',
    lr: 'Peak learning rate',
    minLr: 'Final learning rate',
    warmup: 'Warm-up steps',
    weightDecay: 'Weight decay',
    clipNorm: 'Gradient clipping (norm)',
    ema: 'EMA momentum',
    seed: 'Seed',
    vocabulary: (size, mode) => `${size} synsets (${mode} labelling)`,
    vocabularyRow: 'Vocabulary',
    tokenizer: 'Text tokenizer (vocabulary / context)',
    checkpointEvery: 'Checkpoint every',
    started: 'Started',
    finished: 'Finished',
    recipe: 'Training recipe',
    vocabularyThreshold: 'Vocabulary threshold (min count)',
    threshold: (p) =>
      p.rule === null
        ? `${p.minCount}, set by hand`
        : `${p.minCount}: ${p.rule === 'cc3m' ? 'CC3M’s V_tau = 500 per 3.3M captions' : 'DataComp’s V_tau = 500 per 1.3B captions'}, scaled to ${p.captions} captions`,
    recipeName: (p) =>
      `${p.name === 'clip' ? "CoreNet's CLIP recipe" : "CoreNet's CatLIP recipe"}${p.matched ? ' (matched: the same for both objectives)' : ''}`,
    recipeDetail: 'Crop scale / flip / AdamW β2, ε / LR floor',
    dataView: 'Data (dataset view)',
    wholeDataset: 'whole dataset (no view)',
    viewDescription: (v) => {
      const f = v.filters;
      const parts = [
        f.dropNoClass ? `captions without a class dropped (${v.mode} labelling)` : '',
        f.languages ? `languages ${f.languages.join(', ')}` : '',
        f.minLength !== undefined || f.maxLength !== undefined
          ? `caption length ${f.minLength ?? 0}–${f.maxLength ?? '∞'} characters`
          : '',
        f.dropNearDuplicates ? 'near-duplicate images dropped (one kept per group)' : '',
      ].filter(Boolean);
      return `${v.name}: ${parts.length ? parts.join('; ') : 'no filters'}`;
    },
  },
  cost: {
    item: 'Input',
    value: 'Value',
    currency: 'Currency',
    gpuPrice: 'GPU price per hour',
    electricity: 'Electricity per kWh',
    planImages: 'Plan: images',
    planEpochs: 'Plan: epochs',
    planGpus: 'Plan: GPUs',
    perGpuBatch: 'Plan: batch per GPU',
    gpuMemory: "Plan: GPU memory (fits each objective's batch)",
    baselineGpus: 'Plan: GPUs for the baseline',
    sameGpus: 'the same as CatLIP',
    pilotBatch: (batch) => `the pilot's (${batch})`,
    bandwidth: 'Interconnect bandwidth per GPU',
    precision: 'Embedding precision (all-gather)',
    variation: 'Throughput variation at scale',
    efficiency: 'Bandwidth efficiency (low–high)',
  },
  assumptions: null,
  noAssumptions: 'The projection is not computed until the plan is complete; its assumptions are listed with it.',

  warnings: {
    hardware: (p) =>
      `${p.a} and ${p.b} ran on different hardware (${p.aDevice} vs ${p.bDevice}): the speed-up mixes hardware and objective.`,
    notGpu: (p) =>
      `${p.run} did not train on a GPU (${p.device}): its GPU-hours are hours of that device, and the projection assumes GPUs as fast as it.`,
    energyPartly: 'Energy was measured for only some of the runs: energy costs are not comparable.',
    dataBound: (p) =>
      `${p.run} spent ${p.share} of its wall time preparing batches on the CPU (data loading): the host, not the device, set its pace, so its measured speed understates what the device can do and the speed-up is held down.`,
  },

  chart: {
    throughput: 'Training throughput (images per second, wall time)',
    timePerStep: 'Time per training step (ms)',
    wallTime: 'Total wall time by phase (s)',
    measuredCost: 'Cost of the pilot runs',
    measuredHours: 'GPU-hours of the pilot runs',
    projectedCost: 'Projected full-scale cost (range)',
    projectedHours: 'Projected full-scale GPU-hours (range)',
    accuracy: 'Transfer accuracy (top-1) by method and label share',
    loss: (run) => `Training loss: ${run}`,
    throughputOverSteps: 'Images per second over training',
    step: 'Step',
    data: 'Data loading',
    compute: 'Compute',
    checkpoint: 'Checkpointing',
    gpu: 'GPU',
    energy: 'Energy',
    range: 'range (light part: uncertainty)',
  },

  glossary: [
    {
      term: 'CatLIP',
      text: 'Pre-training of an image encoder as multi-label classification: the nouns of each caption become WordNet synsets, and the model learns which synsets an image shows. It needs no text encoder and no comparison between images and captions of the whole batch, which makes it cheaper to train (Mehta et al., 2024).',
    },
    {
      term: 'CLIP',
      text: 'The common baseline: an image encoder and a text encoder learn to match each image with its own caption among all captions of the batch (contrastive learning). Every step compares every image with every caption, and at scale the GPUs must exchange their embeddings.',
    },
    {
      term: 'SuperClass',
      text: "A second classification baseline: the caption's tokens (sub-word pieces) are the labels instead of synsets.",
    },
    {
      term: 'Synset / WordNet',
      text: 'WordNet is a dictionary of English that groups words with the same meaning into synsets ("dog.n.01" covers dog and domestic dog). CatLIP uses synsets as its classes, so synonyms share one label.',
    },
    {
      term: 'Vocabulary pruning',
      text: 'Synsets seen in fewer captions than a threshold are dropped from the label vocabulary: rare labels cannot be learned well and only make the classifier larger.',
    },
    {
      term: 'Linear probe',
      text: 'A quick test of what the pre-trained encoder learned: the encoder is frozen and only a linear classifier is trained on a labelled downstream dataset.',
    },
    {
      term: 'Fine-tuning',
      text: 'The whole pre-trained encoder is trained further on the downstream dataset, usually reaching the highest accuracy at a higher cost.',
    },
    {
      term: 'Transfer Init',
      text: 'CatLIP-only: the downstream classifier starts from the weights of the synsets that match the downstream class names, instead of from random weights. It helps most when few labels are available.',
    },
    {
      term: 'Zero-shot',
      text: 'Classification without any downstream training: the class names are matched to what the model learned (synsets for CatLIP, caption text for CLIP).',
    },
    {
      term: 'Top-1 accuracy / percentage point',
      text: 'The share of test images whose most likely class is correct. A difference between two accuracies is given in percentage points (82% vs 80% is 2 points).',
    },
    {
      term: 'GPU-hour',
      text: 'One GPU used for one hour; cloud GPUs are priced by it. The pilot uses one device, so its GPU-hours equal its wall time in hours.',
    },
    {
      term: 'Wall time (data / compute / checkpoint)',
      text: 'The time the training took, split into loading images, computing on the device, and saving checkpoints.',
    },
    { term: 'img/s', text: 'Images per second: how many training images a run processes per second of wall time.' },
    {
      term: 'Projection',
      text: "An estimate for the full-scale plan computed from the pilot's measured time per image and the assumptions listed in this report; a model, not a measurement, so it is given as a range.",
    },
  ],
};
