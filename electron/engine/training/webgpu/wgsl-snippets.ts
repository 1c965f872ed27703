/** WGSL pieces shared by the row-wise kernels (one workgroup per row of a [rows, cols] view). */

/** Threads per workgroup for the one-row-per-workgroup kernels; a power of two for the tree sum. */
export const ROW_WORKGROUP = 64;

/**
 * Workgroup-wide sum over ROW_WORKGROUP threads. Must be called by every thread of the workgroup
 * (it has barriers), so callers never return early: an out-of-range row is masked at the store.
 */
export const WORKGROUP_SUM = /* wgsl */ `
var<workgroup> sumScratch : array<f32, ${ROW_WORKGROUP}>;
fn workgroupSum(value : f32) -> f32 {
  let lid = localIndex;
  sumScratch[lid] = value;
  workgroupBarrier();
  for (var s = ${ROW_WORKGROUP / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { sumScratch[lid] = sumScratch[lid] + sumScratch[lid + s]; }
    workgroupBarrier();
  }
  let total = sumScratch[0];
  workgroupBarrier();
  return total;
}
fn workgroupMax(value : f32) -> f32 {
  let lid = localIndex;
  sumScratch[lid] = value;
  workgroupBarrier();
  for (var s = ${ROW_WORKGROUP / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { sumScratch[lid] = max(sumScratch[lid], sumScratch[lid + s]); }
    workgroupBarrier();
  }
  let total = sumScratch[0];
  workgroupBarrier();
  return total;
}
`;
