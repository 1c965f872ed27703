import type { ManagementText } from './management-text.js';

/** The management pack in English. */
export const MANAGEMENT_EN: ManagementText = {
  conclusion: {
    heading: 'Conclusion',
    speed: (p) =>
      `Speed (measured): CatLIP trained ${p.ratio} ${p.faster ? 'faster' : 'slower'} per image than ${p.baseline} on ${p.device}.`,
    speedUnknown: 'Speed: not measured yet — both runs need recorded training time.',
    accuracy: (p) =>
      `Accuracy (measured): ${p.test}: CatLIP ${p.catlip} vs ${p.baselineName} ${p.baseline}${p.sign === 0 ? ', the same' : `, ${p.diff}`}${p.interval ? ` (${p.interval})` : ''}.`,
    accuracyNone: 'Accuracy: not evaluated yet — evaluate both runs on the same downstream dataset to compare.',
    savingTco: (p) =>
      p.loss
        ? `Saving (projected): none — CatLIP's total cost of ownership per full-scale training is ${p.saving} higher (${p.deployment}).`
        : `Saving (projected): ${p.saving} less total cost of ownership per full-scale training with CatLIP (${p.deployment})${p.breakEven ? `; ${p.breakEven}` : ''}${p.neverPays ? '; at the low end of the range it does not pay back' : ''}.`,
    savingGpu: (p) =>
      `Saving (projected, GPU${p.energy ? ' and energy' : ''} cost only): ${p.saving} (${p.share}) per full-scale training${p.missing ? `; the total cost of ownership still needs ${p.missing}` : ''}.`,
    savingMissing: (missing) => `Saving: not projected yet — set ${missing} on the Compare screen.`,
    breakEven: (p) =>
      p.high === null
        ? `the pilot and migration pay back after ${p.low} or more full-scale trainings`
        : `the pilot and migration pay back after ${p.low === p.high ? p.low : `${p.low}–${p.high}`} full-scale trainings`,
  },
  basis: { measured: 'measured', entered: 'entered', projected: 'projected' },
  tco: {
    section: 'Total cost of ownership',
    intro:
      "GPU time, energy, engineers' time and storage, for the pilot and for one full-scale training of each objective. Each figure says whether it was measured on the pilot, entered in the cost settings, or projected to the full-scale plan. Cloud GPU prices include power; on premises, the hardware is written off over its years at its utilisation and electricity is added.",
    deployment: { cloud: 'Cloud', 'on-premises': 'On-premises' },
    sideBySide: 'Cloud and on-premises side by side',
    detail: (d) => `${d}: cost items`,
    item: 'Item',
    pilot: 'Pilot',
    fullScale: (name) => `${name}, one full-scale training`,
    rows: {
      gpuRate: 'Cost of one GPU-hour',
      gpu: 'GPU time',
      energy: 'Energy',
      engineers: 'Engineers',
      storage: 'Storage',
      total: 'Total',
      saving: 'Saving per full-scale training',
      investment: 'Pilot + migration effort',
      breakEven: 'Break-even (full-scale trainings)',
    },
    hours: {
      heading: 'Engineer hours of the pilot',
      setup: 'Set-up',
      dataPreparation: 'Data preparation',
      supervision: 'Training supervision',
      value: 'Hours',
    },
    trainings: (p) =>
      p.high === null ? `${p.low} or more (never at the low end)` : p.low === p.high ? p.low : `${p.low}–${p.high}`,
    never: 'never (no saving)',
    missing: (list) => `Not computed yet: the total cost of ownership needs ${list}.`,
    notes: {
      migration: 'No migration effort is entered: the break-even counts the pilot only.',
      storage: 'Storage is not included: no storage price per TB-month is set.',
      fullStorage: 'Full-scale storage is not included: no data size in TB is set.',
      cloudEnergy: 'Cloud: the GPU price is taken to include power; energy is counted on premises only.',
    },
    input: {
      '--engineer-rate': "the engineers' hourly rate",
      '--setup-hours': "the pilot's set-up hours",
      '--data-prep-hours': 'the data preparation hours',
      '--supervision-hours-per-training': 'the supervision hours per full-scale training',
      '--gpu-cost-per-hour': 'a GPU price (cloud per hour, or hardware on premises)',
      '--amortisation-years': 'the amortisation years',
      '--utilisation': 'the utilisation',
      '--electricity-per-kwh': 'the electricity price',
      '--power-watts': 'the GPU power draw in watts',
      '--hardware-price': 'the hardware price per GPU',
    },
    settings: {
      hardwarePricePerGpu: 'Hardware price per GPU',
      amortisationYears: 'Amortisation (years)',
      utilisation: 'Utilisation',
      powerWattsPerGpu: 'Power per GPU (W)',
      engineerRatePerHour: 'Engineer rate per hour',
      setupHours: 'Set-up hours',
      dataPreparationHours: 'Data preparation hours',
      supervisionHours: 'Supervision hours (pilot)',
      supervisionHoursPerTraining: 'Supervision hours per full-scale training',
      migrationHours: 'Migration hours',
      storagePerTbMonth: 'Storage per TB-month',
      storageTb: 'Full-scale data (TB)',
    },
  },
  licences: {
    section: 'Data sources and licences',
    intro:
      'Where the training data came from and under what terms, as the sources declared it (COCO licence tables, WebDataset metadata, a LICENSE or README beside the data) or as entered on the Datasets screen. "Unknown" means nobody declared or entered a licence: settle it before training at scale.',
    dataset: 'Dataset',
    licence: 'Licence',
    state: 'Basis',
    consent: 'Consent / personal data',
    source: 'Source',
    imported: 'Imported',
    files: 'Files (SHA-256)',
    states: { entered: 'entered', declared: (where) => `declared in ${where}`, unknown: 'unknown' },
    unknown: 'unknown',
    none: 'no notes',
    sourcesHeading: 'Imports',
    warnUnknown: (datasets) =>
      `Caution: the licence of the training data ${datasets} is unknown; confirm the terms of use before scaling up.`,
    warnNonCommercial: (p) =>
      `Caution: the training data ${p.datasets} is under a non-commercial licence (${p.licences}); a commercial model may not be trained on it without permission.`,
  },
  deck: {
    speedAndTime: 'Speed and time',
    accuracy: 'Accuracy',
    tco: 'Total cost of ownership',
    risks: 'Risks and next steps',
    licences: 'Data sources and licences',
    roadmapTitle: 'Roadmap',
    roadmap: [
      {
        step: '1. Pilot',
        text: 'Done: CatLIP and its baseline trained on our data on one GPU; time, accuracy and cost measured.',
      },
      {
        step: '2. Cost estimate',
        text: "Confirm the full-scale plan, GPU prices and engineers' time; decide cloud or on-premises.",
      },
      {
        step: '3. Fine-tune on business data',
        text: 'Pre-train at scale, then fine-tune on labelled business data and evaluate on our own tasks.',
      },
    ],
    numbersInNotes: "The chart's numbers are in the speaker notes.",
    noAccuracy: 'Not evaluated yet.',
  },
};
