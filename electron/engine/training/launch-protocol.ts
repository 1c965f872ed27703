import { z } from 'zod';

/**
 * Messages of the desktop app's trainer launch, between the engine's utility process, Electron's main
 * process and the trainer's utility process. Only main can call `utilityProcess.fork`, so:
 *
 *   engine → main     {type:'trainer:fork', launch, home, runId}
 *   main → trainer    {type:'trainer:connect'}  + port A of a fresh MessageChannelMain (first parentPort message)
 *   main → engine     {type:'trainer:port', launch} + port B, or {type:'trainer:fork-failed', launch, message}
 *   main → engine     {type:'trainer:exit', launch, code, stderr}  when the trainer's process has ended
 *
 * After that the trainer and the engine talk over ports A/B directly (TrainerMessage one way, TrainerCommand
 * the other, both zod-validated on arrival), so progress never passes through main.
 *
 * A trainer that trains on WebGPU asks main for a hidden compute window (Chromium's WebGPU) for its model:
 *   trainer → main    {type:'trainer:open-compute'}
 *   main → trainer    {type:'trainer:compute-port'} + a port whose other end the compute page holds,
 *                     or {type:'trainer:compute-failed', message}
 *   main → trainer    {type:'trainer:compute-gone', reason}  if that window's renderer process dies
 * Plain data only: the engine never imports electron, and these must survive structured cloning. Each
 * message has its zod schema here, and every end (engine, main, trainer) checks what arrives with it, as
 * the trainer's own messages and commands are checked with the schemas in electron/shared/training.ts.
 */
export const TrainerForkRequestSchema = z.object({
  type: z.literal('trainer:fork'),
  launch: z.number().int(),
  home: z.string(),
  runId: z.number().int(),
});
export type TrainerForkRequest = z.output<typeof TrainerForkRequestSchema>;

export const TrainerLaunchReplySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('trainer:port'), launch: z.number().int() }),
  z.object({ type: z.literal('trainer:fork-failed'), launch: z.number().int(), message: z.string() }),
  z.object({ type: z.literal('trainer:exit'), launch: z.number().int(), code: z.number().int(), stderr: z.string() }),
]);
export type TrainerLaunchReply = z.output<typeof TrainerLaunchReplySchema>;

export const TrainerConnectSchema = z.object({ type: z.literal('trainer:connect') });
export type TrainerConnect = z.output<typeof TrainerConnectSchema>;

export const TrainerOpenComputeSchema = z.object({ type: z.literal('trainer:open-compute') });
export type TrainerOpenCompute = z.output<typeof TrainerOpenComputeSchema>;

export const ComputeWindowReplySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('trainer:compute-port') }),
  z.object({ type: z.literal('trainer:compute-failed'), message: z.string() }),
  z.object({ type: z.literal('trainer:compute-gone'), reason: z.string() }),
]);
export type ComputeWindowReply = z.output<typeof ComputeWindowReplySchema>;

/**
 * `data` as a message of `schema`, or undefined: every end checks what arrives with the same schemas, and a
 * message that is not one of its protocol is someone else's (ports carry more than one protocol).
 */
export function parseLaunchMessage<S extends z.ZodType>(schema: S, data: unknown): z.output<S> | undefined {
  const parsed = schema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/** What the engine and the trainer need of a transferred Electron MessagePortMain (a fake in tests). */
export interface TrainerPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  postMessage(message: unknown): void;
  /** MessagePortMain queues incoming messages until started. */
  start(): void;
  close(): void;
}

/** A message as Electron delivers it on `process.parentPort` or a UtilityProcess: data plus transferred ports. */
export interface PortMessageEvent {
  data: unknown;
  ports?: readonly TrainerPort[];
}

export function isTrainerLaunchReply(data: unknown): data is TrainerLaunchReply {
  return TrainerLaunchReplySchema.safeParse(data).success;
}
