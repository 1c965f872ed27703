import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { constants } from 'node:os';
import { trainerEntry } from '../../electron/engine/training/launcher-side-node-child.js';
import { PortTrainerLauncher } from '../../electron/engine/training/launcher-side-utility-process.js';
import type { TrainerPort } from '../../electron/engine/training/launch-protocol.js';

const preload = fileURLToPath(new URL('./fake-parent-port.mjs', import.meta.url));

/**
 * Stands in for Electron's main process in tests that run the real, built trainer-process.js on its
 * utility-process transport: each fork request starts a Node child whose `process.parentPort` is faked by
 * fake-parent-port.mjs, and its "MessagePort" is bridged over the child's IPC channel. Exit reports go to
 * the launcher as main's would (a signal becomes 128 + its number, like a shell's exit code).
 */
export function ipcBridgedLauncher(): { launcher: PortTrainerLauncher; kill(signal: NodeJS.Signals): void } {
  const children = new Set<ReturnType<typeof fork>>();
  const launcher: PortTrainerLauncher = new PortTrainerLauncher(({ launch, home, runId }) => {
    const child = fork(trainerEntry(), [home, String(runId)], {
      execArgv: ['--import', preload],
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    children.add(child);
    const port = new (class extends EventEmitter implements TrainerPort {
      postMessage(data: unknown) {
        if (child.connected) child.send({ bridge: 'port', data });
      }
      start() {}
      close() {}
    })();
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('message', (m: { bridge?: string; data?: unknown }) => {
      if (m?.bridge === 'port') port.emit('message', { data: m.data });
    });
    child.on('exit', (code, signal) => {
      children.delete(child);
      port.emit('close');
      const exitCode = code ?? 128 + (signal ? constants.signals[signal] : 0);
      launcher.handleHostMessage({ data: { type: 'trainer:exit', launch, code: exitCode, stderr } });
    });
    child.send({ bridge: 'connect' });
    launcher.handleHostMessage({ data: { type: 'trainer:port', launch }, ports: [port] });
  });
  return { launcher, kill: (signal) => children.forEach((c) => c.kill(signal)) };
}
