/** Classification metrics of a score matrix against true labels. */
export interface ClassificationMetrics {
  top1: number;
  /** null with fewer than 5 classes (every item would count as correct). */
  top5: number | null;
  /** Accuracy per class name; classes without test items are left out. */
  perClass: Record<string, number>;
  /** confusion[true][predicted] = items. */
  confusion: number[][];
}

/**
 * `scores` is [n, classes] row-major; higher is better, -Infinity marks a class that cannot be predicted
 * (zero-shot classes without a synset). The prediction is the highest score, ties going to the lower class
 * index; an item is top-k correct when fewer than k classes outrank its true class (same tie rule).
 */
export function classificationMetrics(
  scores: Float32Array,
  labels: ArrayLike<number>,
  classNames: readonly string[],
): ClassificationMetrics {
  const classes = classNames.length;
  const n = labels.length;
  if (scores.length !== n * classes)
    throw new RangeError(`scores hold ${scores.length} values, expected ${n} × ${classes}`);
  if (n === 0) throw new RangeError('no items to measure');
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let top1 = 0;
  let top5 = 0;
  for (let i = 0; i < n; i++) {
    const row = scores.subarray(i * classes, (i + 1) * classes);
    const truth = labels[i];
    let predicted = 0;
    for (let c = 1; c < classes; c++) if (row[c] > row[predicted]) predicted = c;
    confusion[truth][predicted]++;
    let rank = 0;
    for (let c = 0; c < classes; c++) if (row[c] > row[truth] || (row[c] === row[truth] && c < truth)) rank++;
    if (rank === 0) top1++;
    if (rank < 5) top5++;
  }
  const perClass: Record<string, number> = {};
  classNames.forEach((name, c) => {
    const total = confusion[c].reduce((a, b) => a + b, 0);
    if (total > 0) perClass[name] = confusion[c][c] / total;
  });
  return { top1: top1 / n, top5: classes >= 5 ? top5 / n : null, perClass, confusion };
}
