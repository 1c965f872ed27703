/**
 * Chromium switches that give the app's compute window a hardware WebGPU adapter.
 *
 * On Windows and macOS Chromium (and so Electron) exposes WebGPU on the GPU by default. On Linux it does
 * not: WebGPU stays behind `--enable-unsafe-webgpu`, and Chromium uses Vulkan — which Dawn needs there —
 * only with the Vulkan feature on (several drivers also need ANGLE on Vulkan: `VulkanFromANGLE`,
 * `DefaultANGLEVulkan`). Without them a Linux workstation gets no adapter or the SwiftShader software one,
 * and a pilot would train on the CPU-emulated GPU. (Electron tracks the Linux
 * defaults: electron/electron#40929, #41763.)
 *
 * All features go into one `--enable-features` list merged with any the user passed: Chromium reads only
 * the last `--enable-features` switch, so two appends would overwrite each other.
 */
export interface GpuSwitches {
  /** Switches without a value. */
  flags: string[];
  /** Entries of the one `--enable-features` list. */
  features: string[];
}

export function gpuSwitches(platform: NodeJS.Platform): GpuSwitches {
  if (platform === 'linux')
    return { flags: ['enable-unsafe-webgpu'], features: ['Vulkan', 'VulkanFromANGLE', 'DefaultANGLEVulkan'] };
  return { flags: [], features: [] };
}

/** The same switches as command-line arguments, for launching a plain Chromium as the app would run. */
export function gpuSwitchArgs(platform: NodeJS.Platform): string[] {
  const { flags, features } = gpuSwitches(platform);
  return [...flags.map((f) => `--${f}`), ...(features.length ? [`--enable-features=${features.join(',')}`] : [])];
}

/** What this module needs of Electron's `app.commandLine` (a fake in tests). */
export interface CommandLineLike {
  appendSwitch(name: string, value?: string): void;
  hasSwitch(name: string): boolean;
  getSwitchValue(name: string): string;
}

/** Appends the platform's switches before the app is ready (Chromium reads them when the GPU process starts). */
export function applyGpuSwitches(commandLine: CommandLineLike, platform: NodeJS.Platform): void {
  const { flags, features } = gpuSwitches(platform);
  for (const flag of flags) commandLine.appendSwitch(flag);
  if (!features.length) return;
  const given = commandLine.hasSwitch('enable-features')
    ? commandLine.getSwitchValue('enable-features').split(',').filter(Boolean)
    : [];
  commandLine.appendSwitch('enable-features', [...new Set([...given, ...features])].join(','));
}
