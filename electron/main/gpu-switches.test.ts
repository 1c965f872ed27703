import { describe, expect, it } from 'vitest';
import { applyGpuSwitches, gpuSwitchArgs, type CommandLineLike } from './gpu-switches.js';

/** Chromium's behaviour that matters here: a repeated switch replaces the earlier value. */
class FakeCommandLine implements CommandLineLike {
  readonly switches = new Map<string, string>();
  readonly appended: string[] = [];
  constructor(initial: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(initial)) this.switches.set(k, v);
  }
  appendSwitch(name: string, value = ''): void {
    this.appended.push(name);
    this.switches.set(name, value);
  }
  hasSwitch(name: string): boolean {
    return this.switches.has(name);
  }
  getSwitchValue(name: string): string {
    return this.switches.get(name) ?? '';
  }
}

describe('GPU switches', () => {
  it('on Linux: WebGPU unlocked and Vulkan features in one enable-features list', () => {
    const cl = new FakeCommandLine();
    applyGpuSwitches(cl, 'linux');
    expect(cl.switches.has('enable-unsafe-webgpu')).toBe(true);
    expect(cl.getSwitchValue('enable-features').split(',')).toEqual([
      'Vulkan',
      'VulkanFromANGLE',
      'DefaultANGLEVulkan',
    ]);
    expect(cl.appended.filter((s) => s === 'enable-features')).toHaveLength(1);
  });

  it('keeps features the user passed instead of overwriting them', () => {
    const cl = new FakeCommandLine({ 'enable-features': 'WebGPUDeveloperFeatures,Vulkan' });
    applyGpuSwitches(cl, 'linux');
    expect(cl.getSwitchValue('enable-features').split(',')).toEqual([
      'WebGPUDeveloperFeatures',
      'Vulkan',
      'VulkanFromANGLE',
      'DefaultANGLEVulkan',
    ]);
  });

  it.each(['win32', 'darwin'] as const)('on %s: nothing (WebGPU uses the GPU by default there)', (platform) => {
    const cl = new FakeCommandLine();
    applyGpuSwitches(cl, platform);
    expect(cl.appended).toEqual([]);
    expect(gpuSwitchArgs(platform)).toEqual([]);
  });

  it('the same list as Chromium arguments (the end-to-end test launches Chromium with these)', () => {
    expect(gpuSwitchArgs('linux')).toEqual([
      '--enable-unsafe-webgpu',
      '--enable-features=Vulkan,VulkanFromANGLE,DefaultANGLEVulkan',
    ]);
  });
});
