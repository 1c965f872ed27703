/**
 * The renderer's view of the shared channel map (electron/shared/channels.ts): the zod schemas validate
 * every response and event in the browser too; everything else is type-only.
 */
import './zod-setup.ts';

export { channels, events, FormatSchema } from '../../../electron/shared/channels.ts';
export type {
  Channel,
  EventName,
  RequestInput,
  Response,
  EventPayload,
  DatasetInfo,
  ImportSummary,
  ImportProgress,
  VocabSummary,
} from '../../../electron/shared/channels.ts';
export type { TrainerMessage, StepMessage } from '../../../electron/shared/training.ts';
export {
  ModelPresetSchema,
  ObjectiveSchema,
  BackendRequestSchema,
  RecipeModeSchema,
} from '../../../electron/shared/training.ts';
export { EvalMethodSchema } from '../../../electron/shared/evaluation.ts';
export { ReportFormatSchema } from '../../../electron/shared/report.ts';
export {
  RunStatusSchema,
  runHasEnded,
  statusAfterMessage,
  type RunStatus,
} from '../../../electron/shared/run-status.ts';

import type { EventPayload, RequestInput, Response } from '../../../electron/shared/channels.ts';

export type RunSummary = Response<'runs:list'>[number];
export type RunDetail = Response<'runs:get'>;
export type TrainRequestInput = RequestInput<'training:start'>;
export type ModelPreset = NonNullable<TrainRequestInput['model']>;
export type BackendChoice = NonNullable<TrainRequestInput['backend']>;
export type RecipeMode = NonNullable<TrainRequestInput['recipe']>;
export type Objective = TrainRequestInput['objective'];
export type LabelMode = NonNullable<RequestInput<'labels:caption'>['mode']>;
export type Format = NonNullable<RequestInput<'datasets:import'>['format']>;
export type SynsetLabel = Response<'labels:caption'>['synsets'][number];
export type VocabPreview = Response<'vocab:preview'>;
export type VocabEditPreview = Response<'vocab:edit:preview'>;
export type TrainingEstimate = Response<'training:estimate'>;
export type ObjectiveEstimate = TrainingEstimate['objectives'][number];
export type EvaluationRequestInput = RequestInput<'eval:run'>;
export type EvalMethod = NonNullable<EvaluationRequestInput['method']>;
export type EvalProgress = EventPayload<'eval:progress'>;
export type CostSettings = Response<'cost:settings:get'>;
export type CostSettingsPatch = RequestInput<'cost:settings:set'>;
export type VocabEditInput = RequestInput<'vocab:edit'>['edits'][number];
export type VocabEditResult = Response<'vocab:edit'>;
export type DatasetView = Response<'datasets:views'>[number];
