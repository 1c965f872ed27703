/**
 * The engine's cost, TCO and estimate sentences that reach the UI as data (Compare's warnings, the inputs
 * still missing, notes under the TCO, the wizard's estimate notes), and error messages a user meets often,
 * each under an id with an English template whose `{name}` parts the engine fills in. The engine builds them only through `engineNote`, so this list is
 * every such sentence it can send; the renderer recognises them by the same templates and shows them in the
 * UI's language (`renderer/src/i18n/engine-notes-ja.ts`, which a test checks covers every id). The CLI and the
 * API keep the English text, so nothing that reads them changes.
 */
export const ENGINE_NOTES = {
  // cost comparison warnings (cost/compare.ts)
  'compare.hardwareMismatch':
    'the runs used different hardware ({catlip} vs {baseline}): the speed-up mixes hardware and objective',
  'compare.notOnGpu':
    'run {run} did not train on a GPU ({reason}): its "GPU-hours" are device-hours of that device, and the projection assumes GPUs as fast as it',
  'compare.energyOneRun': 'energy was measured for only one of the runs: energy costs are not comparable',
  // why a run's "GPU-hours" were not on a GPU (cost/accelerator.ts; inside compare.notOnGpu)
  'accelerator.neverStarted': 'the run never started a backend',
  'accelerator.cpu': 'tfjs cpu backend on {device}',
  'accelerator.wasm': 'tfjs WebAssembly backend on {device}',
  'accelerator.tensorflowCpu': '{device} computes on the CPU',
  'accelerator.webgpuSoftware': 'WebGPU on a software adapter ({device}) computes on the CPU',
  'accelerator.unknownBackend': 'unknown backend {backend}',
  // projection: missing plan inputs and cost notes (cost/projection.ts)
  'projection.missing.images': 'plan images (--plan-images N)',
  'projection.missing.epochs': 'plan epochs (--plan-epochs E)',
  'projection.missing.gpus': 'plan GPUs (--plan-gpus K)',
  'projection.missing.bandwidth': "interconnect bandwidth for CLIP's all-gather (--bandwidth GBPS)",
  'projection.noGpuPrice': 'no GPU price set (--gpu-cost-per-hour): cost not computed',
  'projection.energyNotMeasured': "energy cost not included: the pilot's energy was not measured",
  'projection.noElectricityPrice': 'energy cost not included: no electricity price set (--electricity-per-kwh)',
  // TCO: missing inputs and notes (cost/tco.ts)
  'tco.missing.engineerRate': 'engineer rate per hour (--engineer-rate)',
  'tco.missing.setupHours': 'pilot set-up hours (--setup-hours)',
  'tco.missing.dataPrepHours': 'data preparation hours (--data-prep-hours; no import time was recorded)',
  'tco.missing.supervisionHours': 'supervision hours per full-scale training (--supervision-hours-per-training)',
  'tco.missing.hardwarePrice': 'on-premises hardware price per GPU (--hardware-price)',
  'tco.missing.amortisationYears': 'on-premises amortisation years (--amortisation-years)',
  'tco.missing.utilisation': 'on-premises utilisation (--utilisation)',
  'tco.missing.electricityPrice': 'on-premises electricity price per kWh (--electricity-per-kwh)',
  'tco.missing.powerWatts': "on-premises power per GPU in watts (--power-watts; the pilot's energy was not measured)",
  'tco.missing.gpuPrice':
    'a GPU price: per hour in the cloud (--gpu-cost-per-hour) or hardware price, amortisation years and utilisation on premises (--hardware-price, --amortisation-years, --utilisation)',
  'tco.noMigration': 'no migration effort entered (--migration-hours): the break-even counts the pilot only',
  'tco.noStoragePrice': 'storage not included: no storage price per TB-month (--storage-per-tb-month)',
  'tco.noStorageSize': 'full-scale storage not included: no data size in TB (--storage-tb)',
  'tco.cloudPower': 'cloud: the GPU price is taken to include power; energy is counted on premises only',
  // serve mode's refusal of a path outside its allowed roots (api/allowed-roots.ts; an error message)
  'roots.outside':
    '{field}: "{path}" is outside the folders this server may use ({roots}); restart serve with --allow-path FOLDER to allow it',
  // why an import skipped an item (datasets/sources; more are recognised by renderer/src/i18n/engine-text.ts)
  'skip.cocoImageWithoutId': 'image entry without an id and a file_name',
  'skip.annotationNotObject': 'annotation is not an object',
  'skip.imageIdNotInImages': 'image_id {id} has no entry in "images"',
  'skip.missingCaption': 'missing caption',
  'skip.notRegularFile': 'not a regular file',
  'skip.noExtension': 'not an image file (no extension)',
  'skip.notImage': 'not an image file (.{ext})',
  'skip.missingImageField': 'missing image field (expected one of: {fields})',
  'skip.imageFieldNotString': 'image field is not a string (got {value})',
  'skip.emptyImageField': 'empty image field',
  'skip.missingCaptionField': 'missing caption field (expected one of: {fields})',
  'skip.emptyCaptionList': 'empty caption list',
  // the wizard's estimate (training/estimate.ts)
  'estimate.fp32':
    'memory and FLOPs are estimates for fp32 training; time comes only from runs measured on this machine',
  'estimate.noVocabulary':
    'no vocabulary built for "{dataset}" yet: CatLIP\'s head is estimated with {synsets} synsets',
} as const;

export type EngineNoteId = keyof typeof ENGINE_NOTES;

/** The note's English text with its `{name}` parts filled in. */
export function engineNote(id: EngineNoteId, params: Record<string, string | number> = {}): string {
  return ENGINE_NOTES[id].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The `{name}` parts of a template, in order. */
export function noteParams(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

/** A pattern that recognises a filled-in note and captures its parts (in `noteParams` order). */
export function notePattern(template: string): RegExp {
  const parts = template.split(/\{\w+\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('(.+?)')}$`, 's');
}
