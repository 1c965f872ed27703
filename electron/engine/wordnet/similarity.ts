import type { NounSynset } from './synset.js';

/** NLTK `Synset.hypernym_paths()`: paths from a root (entity.n.01) down to `synset`, `@` before `@i`. */
export function hypernymPaths(synset: NounSynset): NounSynset[][] {
  const parents = [...synset.hypernyms, ...synset.instanceHypernyms];
  if (parents.length === 0) return [[synset]];
  const paths: NounSynset[][] = [];
  for (const parent of parents) {
    for (const path of hypernymPaths(parent)) {
      path.push(synset);
      paths.push(path);
    }
  }
  return paths;
}

/**
 * NLTK `Synset._shortest_hypernym_paths(simulate_root=False)`: breadth-first distance from `synset` to
 * itself and every ancestor over `@` and `@i` links.
 */
export function hypernymDistances(synset: NounSynset): Map<NounSynset, number> {
  const distances = new Map<NounSynset, number>();
  let frontier: NounSynset[] = [synset];
  for (let depth = 0; frontier.length > 0; depth++) {
    const next: NounSynset[] = [];
    for (const s of frontier) {
      if (distances.has(s)) continue;
      distances.set(s, depth);
      next.push(...s.hypernyms, ...s.instanceHypernyms);
    }
    frontier = next;
  }
  return distances;
}

/**
 * NLTK `Synset.shortest_path_distance(other)`: the fewest edges from a to b through a common ancestor.
 * NLTK's simulated root is never needed for WordNet 3.0 nouns (all share entity.n.01).
 */
export function shortestPathDistance(a: NounSynset, b: NounSynset): number | undefined {
  if (a === b) return 0;
  const fromA = hypernymDistances(a);
  const fromB = hypernymDistances(b);
  let best = Number.POSITIVE_INFINITY;
  for (const [ancestor, da] of fromA) {
    const db = fromB.get(ancestor);
    if (db !== undefined && da + db < best) best = da + db;
  }
  return Number.isFinite(best) ? best : undefined;
}

/** NLTK `Synset.path_similarity(other)`: 1 / (shortest path distance + 1), in (0, 1]. */
export function pathSimilarity(a: NounSynset, b: NounSynset): number | undefined {
  const distance = shortestPathDistance(a, b);
  return distance === undefined ? undefined : 1 / (distance + 1);
}
