import type { ExecFn } from '../training/power-sampler.js';

export const GPU_QUERY_ARGS = [
  '--query-gpu=name,driver_version,memory.total',
  '--format=csv,noheader,nounits',
] as const;

/**
 * NVIDIA GPUs as nvidia-smi lists them. A missing nvidia-smi is not an error: machines without an NVIDIA
 * GPU (or its driver) have none, and the note says so in words a user can act on.
 */
export async function listNvidiaGpus(
  exec: ExecFn,
): Promise<{ gpus: { name: string; driver: string; memory_mb: number | null }[]; note: string }> {
  let stdout: string;
  try {
    stdout = await exec('nvidia-smi', GPU_QUERY_ARGS, 10_000);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      gpus: [],
      note:
        code === 'ENOENT'
          ? 'nvidia-smi is not installed: no NVIDIA driver on this machine (other GPUs are still used through WebGPU)'
          : `nvidia-smi failed: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`,
    };
  }
  const gpus = parseGpuList(stdout);
  return { gpus, note: gpus.length ? '' : 'nvidia-smi lists no GPU' };
}

/** `name, driver, memory MiB` csv lines; a memory of "[N/A]" becomes null. */
export function parseGpuList(stdout: string): { name: string; driver: string; memory_mb: number | null }[] {
  return stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [name = '', driver = '', memory = ''] = line.split(',').map((s) => s.trim());
      const mb = Number(memory);
      return { name, driver, memory_mb: memory !== '' && Number.isFinite(mb) ? mb : null };
    });
}
