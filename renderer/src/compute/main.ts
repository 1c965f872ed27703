import '../api/zod-setup.ts'; // first: zod without `new Function` under the app's CSP
import { serveComputeSession } from '../../../electron/engine/training/session/compute-handler.ts';
import * as tf from '@tensorflow/tfjs-core';
import { setMatMulAdapterClass } from '../../../electron/engine/training/webgpu/matmul-kernel.ts';
import { activateWebgpu, takeDeviceErrors } from './webgpu-device.ts';

// Diagnostics, never set by the app: `compute.html?matmul=hardware` plans matmuls as for a GPU on a software
// adapter and lists the compiled programs, so a test can run the GPU's tiled matmul through this Chromium's
// own WGSL compiler (SwiftShader keeps tfjs's kernel otherwise).
if (new URLSearchParams(location.search).get('matmul') === 'hardware') {
  setMatMulAdapterClass('hardware');
  (globalThis as { catlipCompiledPrograms?: () => string[] }).catlipCompiledPrograms = () =>
    Object.keys((tf.backend() as unknown as { pipelineCache: object }).pipelineCache);
}

/**
 * The compute window's page. Its preload (electron/preload/compute.cts) forwards the one MessagePort main
 * creates for this window's trainer as a `catlip:compute-port` window message; the page then serves that
 * trainer's model session on WebGPU. Only a message from this window itself (the preload's world posts
 * as the page) is accepted, and only the first port: one window serves one trainer.
 */
let serving = false;
window.addEventListener('message', (event: MessageEvent) => {
  const port = event.ports[0];
  if (
    serving ||
    event.source !== window ||
    (event.data as { type?: unknown } | null)?.type !== 'catlip:compute-port' ||
    !port
  )
    return;
  serving = true;
  serveComputeSession(port, { activate: activateWebgpu, takeDeviceErrors });
});
