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
 * Plain data types only: the engine never imports electron, and these must survive structured cloning.
 */
export type TrainerForkRequest = { type: 'trainer:fork'; launch: number; home: string; runId: number };

export type TrainerLaunchReply =
  | { type: 'trainer:port'; launch: number }
  | { type: 'trainer:fork-failed'; launch: number; message: string }
  | { type: 'trainer:exit'; launch: number; code: number; stderr: string };

export type TrainerConnect = { type: 'trainer:connect' };

export type TrainerOpenCompute = { type: 'trainer:open-compute' };
export type ComputeWindowReply =
  | { type: 'trainer:compute-port' }
  | { type: 'trainer:compute-failed'; message: string }
  | { type: 'trainer:compute-gone'; reason: string };

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

const REPLY_TYPES = new Set(['trainer:port', 'trainer:fork-failed', 'trainer:exit']);

export function isTrainerLaunchReply(data: unknown): data is TrainerLaunchReply {
  const d = data as { type?: unknown; launch?: unknown } | null;
  return typeof d?.type === 'string' && REPLY_TYPES.has(d.type) && Number.isInteger(d.launch);
}
