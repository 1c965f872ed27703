import type { Basis } from '../../shared/tco.js';
import type { ReportLang } from '../../shared/report.js';
import { MANAGEMENT_EN } from './management-en.js';
import { MANAGEMENT_JA } from './management-ja.js';

/**
 * The words of the management pack — the three-line conclusion, total cost of ownership, data sources and
 * licences, and the slide deck's own slides — kept beside the report's main text (report-text.ts) as its
 * own interface. Like it, sentences are functions of already formatted values.
 */
export interface ManagementText {
  conclusion: {
    heading: string;
    speed(p: { ratio: string; faster: boolean; baseline: string; device: string }): string;
    speedUnknown: string;
    accuracy(p: {
      catlip: string;
      baseline: string;
      baselineName: string;
      diff: string;
      test: string;
      sign: -1 | 0 | 1;
      interval: string | null;
    }): string;
    accuracyNone: string;
    savingTco(p: {
      deployment: string;
      saving: string;
      breakEven: string | null;
      neverPays: boolean;
      loss: boolean;
    }): string;
    savingGpu(p: { saving: string; share: string; energy: boolean; missing: string | null }): string;
    savingMissing(missing: string): string;
    breakEven(p: { low: string; high: string | null }): string;
  };
  basis: Record<Basis, string>;
  tco: {
    section: string;
    intro: string;
    deployment: { cloud: string; 'on-premises': string };
    sideBySide: string;
    detail(deployment: string): string;
    item: string;
    pilot: string;
    fullScale(name: string): string;
    rows: {
      gpuRate: string;
      gpu: string;
      energy: string;
      engineers: string;
      storage: string;
      total: string;
      saving: string;
      investment: string;
      breakEven: string;
    };
    hours: { heading: string; setup: string; dataPreparation: string; supervision: string; value: string };
    trainings(p: { low: string; high: string | null }): string;
    never: string;
    missing(list: string): string;
    notes: { migration: string; storage: string; fullStorage: string; cloudEnergy: string };
    /** Names of inputs, keyed by the CLI option the TCO names each missing one with. */
    input: Record<string, string>;
    settings: Record<string, string>;
  };
  licences: {
    section: string;
    intro: string;
    dataset: string;
    licence: string;
    state: string;
    consent: string;
    source: string;
    imported: string;
    files: string;
    states: { entered: string; declared(where: string): string; unknown: string };
    unknown: string;
    none: string;
    sourcesHeading: string;
    /** Summary warnings: training data whose licence is unknown, or forbids commercial use. */
    warnUnknown(datasets: string): string;
    warnNonCommercial(p: { datasets: string; licences: string }): string;
  };
  deck: {
    speedAndTime: string;
    accuracy: string;
    tco: string;
    risks: string;
    licences: string;
    roadmapTitle: string;
    roadmap: { step: string; text: string }[];
    numbersInNotes: string;
    noAccuracy: string;
  };
}

export function managementText(lang: ReportLang): ManagementText {
  return lang === 'ja' ? MANAGEMENT_JA : MANAGEMENT_EN;
}
