import { fmt, t } from '../../i18n/index.svelte.ts';

/** How the wizard writes the estimate's sizes: parameters in millions, memory in MB or GB, FLOPs in GFLOPs. */
export const formatParameters = (n: number) => t('wizard.estimate.millions', { n: fmt.significant(n / 1e6) });
export const formatMemory = (mb: number) =>
  mb >= 1024
    ? t('wizard.estimate.gb', { n: fmt.significant(mb / 1024) })
    : t('wizard.estimate.mb', { n: fmt.significant(mb) });
export const formatGflops = (flops: number) => t('wizard.estimate.gflops', { n: fmt.significant(flops / 1e9) });

/** Above this a run's memory is more than a browser tab's WebGPU device usually gets (and many workstation GPUs). */
export const LARGE_MEMORY_MB = 8 * 1024;
