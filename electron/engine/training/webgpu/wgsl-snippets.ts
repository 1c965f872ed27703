/** WGSL pieces shared by the row-wise kernels (one workgroup per row of a [rows, cols] view). */

/** Threads per workgroup for the one-row-per-workgroup kernels; a power of two for the tree sum. */
export const ROW_WORKGROUP = 64;

/** A workgroup-wide tree reduction over ROW_WORKGROUP threads, combining two values with `combine`. */
function workgroupReduction(name: string, combine: (a: string, b: string) => string): string {
  return /* wgsl */ `
fn ${name}(value : f32) -> f32 {
  let lid = localIndex;
  sumScratch[lid] = value;
  workgroupBarrier();
  for (var s = ${ROW_WORKGROUP / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { sumScratch[lid] = ${combine('sumScratch[lid]', 'sumScratch[lid + s]')}; }
    workgroupBarrier();
  }
  let total = sumScratch[0];
  workgroupBarrier();
  return total;
}`;
}

/**
 * Workgroup-wide sum and max over ROW_WORKGROUP threads. Must be called by every thread of the workgroup
 * (they have barriers), so callers never return early: an out-of-range row is masked at the store.
 */
export const WORKGROUP_SUM = /* wgsl */ `
var<workgroup> sumScratch : array<f32, ${ROW_WORKGROUP}>;${workgroupReduction('workgroupSum', (a, b) => `${a} + ${b}`)}${workgroupReduction('workgroupMax', (a, b) => `max(${a}, ${b})`)}
`;
