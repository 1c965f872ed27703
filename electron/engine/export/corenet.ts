import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeZodError, EngineError, noteError } from '../../shared/errors.js';
import { resolveCostSettings } from '../cost/settings.js';
import { datasetHasJapaneseCaptions } from '../datasets/caption-language-repository.js';
import type { Db } from '../store/database.js';
import { getVocabulary, vocabularySynsetsByCount } from '../vocab/vocabulary-repository.js';
import { getRun, runConfig } from '../training/run-repository.js';
import { corenetConfig, type CorenetPlan } from './corenet-config.js';
import { corenetReadme } from './corenet-readme.js';
import {
  CorenetExportRequestSchema,
  type CorenetExport,
  type CorenetExportRequest,
} from '../../shared/corenet-export.js';
import { pickleStrIntDict } from './pickle-writer.js';
import { PRECOMPUTED_FILES, writePrecomputedLabels, type PrecomputedLabels } from './precomputed-labels.js';
import { storedEdits } from '../vocab/vocabulary-version-repository.js';
import { shellQuote } from './shell-quote.js';
import { toYaml } from './yaml-writer.js';

/**
 * `export corenet`: a pilot CatLIP run as the files to pre-train it at full scale with CoreNet — the
 * training YAML, the vocabulary in CoreNet's format (pickle + the same as JSON), a per-node launch script
 * and a README of the steps.
 */

export const CORENET_FILES = {
  config: 'catlip_pretraining.yaml',
  vocabPickle: 'vocab.pkl',
  vocabJson: 'vocab.json',
  launch: 'launch.sh',
  readme: 'README.md',
} as const;
export const RESULTS_LOC = 'results_catlip';

export interface VocabEntry {
  key: string;
  name: string;
  count: number;
}

/** CoreNet's vocabulary keys: f"{pos}{offset}" with the offset unpadded (wordnet_tagged_classification.py). */
export function corenetSynsetKey(offset: number): string {
  return `n${offset}`;
}

/** A synset CoreNet's labeller can produce: `word.n.01` of a single token (no multi-word lemma). */
export function corenetCanMatch(name: string): boolean {
  return /^[^_]+\.n\.01$/.test(name);
}

export function exportCorenet(db: Db, request: CorenetExportRequest): CorenetExport {
  const parsed = CorenetExportRequestSchema.safeParse(request);
  if (!parsed.success) throw new EngineError('invalid-request', `export corenet: ${describeZodError(parsed.error)}`);
  const req = parsed.data;
  const row = getRun(db, req.run);
  const config = runConfig(row);
  if (config.objective !== 'catlip' || row.vocabulary_id === null) {
    throw noteError(
      'invalid-request',
      'export.notCatlip',
      { run: row.id, objective: config.objective },
      { field: 'run' },
    );
  }
  const { recipe } = req;
  if (req.labels === 'corenet' && datasetHasJapaneseCaptions(db, row.dataset_id)) {
    // CoreNet's labeller tags English words only: Japanese captions would give it no synsets at all
    throw noteError(
      'unsupported',
      'export.japaneseCaptions',
      { run: row.id, dataset: config.dataset },
      { field: 'labels' },
    );
  }
  const vocab = vocabularyEntries(db, row.vocabulary_id, req.labels);
  const plan = resolvePlan(db, req, config.batch);
  const distUrl = req.distUrl ?? null;

  const built = corenetConfig({
    runId: row.id,
    config,
    vocabSize: vocab.length,
    plan,
    recipe,
    vitMode: req.vitMode,
    // relative: launch.sh runs from this folder, wherever it is copied
    vocabFile: CORENET_FILES.vocabPickle,
    metadataFile: req.metadataFile ?? null,
  });
  const commands = launchCommands(plan, distUrl);
  const neverMatched = vocab.filter((v) => !corenetCanMatch(v.name)).map((v) => v.name);

  const out = path.resolve(req.out);
  mkdirSync(out, { recursive: true });
  const write = (name: string, content: string | Buffer) => writeFileSync(path.join(out, name), content);
  write(CORENET_FILES.config, toYaml(built.doc, built.yamlOptions));
  write(CORENET_FILES.vocabPickle, pickleStrIntDict(vocab.map((v) => [v.key, v.count] as const)));
  write(
    CORENET_FILES.vocabJson,
    `${JSON.stringify(Object.fromEntries(vocab.map((v) => [v.key, v.count])), null, 1)}\n`,
  );
  write(CORENET_FILES.launch, launchScript(row.id, plan, distUrl));
  chmodSync(path.join(out, CORENET_FILES.launch), 0o755);
  const precomputed = req.labels === 'precomputed' ? writePrecomputedLabels(db, out, row.vocabulary_id, config) : null;
  write(
    CORENET_FILES.readme,
    corenetReadme({
      runId: row.id,
      status: row.status,
      config,
      built,
      plan,
      recipe,
      commands,
      vocab,
      neverMatched,
      metadataFile: req.metadataFile ?? null,
      distUrl,
    }) + (precomputed ? precomputedReadme(precomputed) : ''),
  );

  return {
    run: row.id,
    out,
    files: [...Object.values(CORENET_FILES).map((f) => path.join(out, f)), ...(precomputed?.files ?? [])],
    vit_mode: built.vitMode,
    recipe,
    vocabulary: {
      id: row.vocabulary_id,
      size: vocab.length,
      key_format: 'n<offset> (WordNet 3.0 noun offset, unpadded)',
      never_matched_by_corenet: neverMatched,
    },
    scaling: built.scaling,
    commands,
    differences: built.differences,
    precomputed,
  };
}

/**
 * The run's vocabulary, most frequent first (ties in class order): CoreNet keeps the first vocab_size keys.
 * With CoreNet's own labelling, a vocabulary its English labeller cannot reproduce is refused: lemma classes
 * (it maps caption words to WordNet synsets only) and edited versions (it would not apply the edits). With
 * precomputed labels every class is exported, keyed `n<offset>` or by its class key.
 */
export function vocabularyEntries(
  db: Db,
  vocabularyId: number,
  labels: 'corenet' | 'precomputed' = 'corenet',
): VocabEntry[] {
  const rows = vocabularySynsetsByCount(db, vocabularyId);
  if (rows.length === 0) throw noteError('invalid-request', 'export.vocabEmpty', { id: vocabularyId });
  if (labels === 'corenet') {
    const lemmas = rows.filter((r) => r.lemma !== null).map((r) => r.lemma!);
    if (lemmas.length > 0) {
      const shown = `${lemmas.slice(0, 5).join(', ')}${lemmas.length > 5 ? ', …' : ''}`;
      throw noteError(
        'unsupported',
        'export.lemmaClasses',
        { id: vocabularyId, count: lemmas.length, lemmas: shown },
        { field: 'labels' },
      );
    }
    const edits = storedEdits(getVocabulary(db, vocabularyId) ?? { edits_json: null });
    if (edits.length > 0) {
      throw noteError(
        'unsupported',
        'export.editedVocabulary',
        { id: vocabularyId, edits: edits.length },
        { field: 'labels' },
      );
    }
  }
  return rows.map((r) => ({ key: r.lemma ?? corenetSynsetKey(r.offset), name: r.name, count: r.count }));
}

function precomputedReadme(p: PrecomputedLabels): string {
  return `
## Precomputed labels

This vocabulary cannot be reproduced by CoreNet's own caption labeller, so the export carries the targets the
pilot trained on: \`${PRECOMPUTED_FILES.classes}\` lists the ${p.classes} classes in class-index order (the order of
\`vocab.pkl\`), and \`${PRECOMPUTED_FILES.labels}\` holds one JSON object per caption (${p.samples} captions, ${p.unlabelled}
without a class) with the image file's \`sha256\`, the image and item sources, the split, the caption and \`labels\`, the
sorted class indices of its multi-hot target. In CoreNet, replace the labelling step of the CatLIP dataset
(\`wordnet_tagged_classification\`) with a lookup of the sample's labels (by its image's sha256 and caption) and
build the multi-hot vector of length \`vocab_size\` from them.
`;
}

function resolvePlan(
  db: Db,
  req: Pick<CorenetExportRequest, 'plan' | 'nodes' | 'gpusPerNode'>,
  pilotBatch: number,
): CorenetPlan {
  const plan = resolveCostSettings(db, { plan: req.plan ?? {} }).plan;
  const missing: string[] = [];
  if (plan.images === null) missing.push('--plan-images N');
  if (plan.epochs === null) missing.push('--plan-epochs E');
  if (missing.length)
    throw noteError('invalid-request', 'export.planMissing', { missing: missing.join(' and ') }, { field: 'plan' });

  let { nodes, gpusPerNode } = req;
  const gpus = plan.gpus;
  if (gpus !== null) {
    if (nodes === undefined && gpusPerNode === undefined) nodes = 1;
    if (nodes !== undefined && gpusPerNode === undefined) gpusPerNode = gpus / nodes;
    if (nodes === undefined && gpusPerNode !== undefined) nodes = gpus / gpusPerNode;
    if (!Number.isInteger(nodes) || !Number.isInteger(gpusPerNode) || nodes! * gpusPerNode! !== gpus) {
      throw noteError(
        'invalid-request',
        'export.gpuSplit',
        { gpus, nodes: nodes ?? '?', perNode: gpusPerNode ?? '?' },
        { field: 'nodes' },
      );
    }
  } else if (gpusPerNode === undefined) {
    throw noteError('invalid-request', 'export.planGpus', {}, { field: 'planGpus' });
  }
  return {
    nodes: nodes ?? 1,
    gpusPerNode: gpusPerNode!,
    perGpuBatch: plan.perGpuBatch ?? pilotBatch,
    images: plan.images! * plan.epochs!,
  };
}

const DIST_URL_PLACEHOLDER = 'tcp://IP_OF_NODE0:FREEPORT';

/** One `corenet-train` per node, as CoreNet's projects/catlip/README-pretraining.md: rank = node × GPUs per node. */
export function launchCommands(plan: Pick<CorenetPlan, 'nodes' | 'gpusPerNode'>, distUrl: string | null): string[] {
  const world = plan.nodes * plan.gpusPerNode;
  const base = `corenet-train --common.config-file ${CORENET_FILES.config} --common.results-loc ${RESULTS_LOC}`;
  if (plan.nodes === 1) return [`${base} --ddp.rank 0 --ddp.world-size ${world}`];
  return Array.from(
    { length: plan.nodes },
    (_, node) =>
      `${base} --ddp.rank ${node * plan.gpusPerNode} --ddp.world-size ${world} --ddp.dist-url ${shellQuote(distUrl ?? DIST_URL_PLACEHOLDER)}`,
  );
}

function launchScript(runId: number, plan: CorenetPlan, distUrl: string | null): string {
  const multi = plan.nodes > 1;
  return [
    '#!/bin/sh',
    `# CoreNet launch for CatLIP Pilot run ${runId}: ${plan.nodes} node(s) × ${plan.gpusPerNode} GPUs. Run once per node:`,
    multi
      ? `#   NODE_ID=0 ./launch.sh   on node 0 (its address is in DIST_URL), NODE_ID=1 … ${plan.nodes - 1} on the others`
      : '#   ./launch.sh',
    'set -eu',
    'cd "$(dirname "$0")"',
    `NODES=${plan.nodes}`,
    `GPUS_PER_NODE=${plan.gpusPerNode}`,
    multi ? 'NODE_ID="${NODE_ID:?set NODE_ID to this node\'s index, 0 for the node at DIST_URL}"' : 'NODE_ID=0',
    multi && distUrl ? `DEFAULT_DIST_URL=${shellQuote(distUrl)}` : '',
    multi
      ? distUrl
        ? 'DIST_URL="${DIST_URL:-$DEFAULT_DIST_URL}"'
        : 'DIST_URL="${DIST_URL:?set DIST_URL=tcp://IP_OF_NODE0:FREEPORT}"'
      : '',
    'if [ "$NODE_ID" -lt 0 ] || [ "$NODE_ID" -ge "$NODES" ]; then echo "NODE_ID must be 0 … $((NODES - 1))" >&2; exit 2; fi',
    `if ! grep -q '^    metadata_file:' ${CORENET_FILES.config}; then`,
    `  echo "set dataset.wordnet_tagged_classification.metadata_file in ${CORENET_FILES.config} first (README.md, step 2)" >&2`,
    '  exit 2',
    'fi',
    `exec corenet-train --common.config-file ${CORENET_FILES.config} --common.results-loc ${RESULTS_LOC} \\`,
    `  --ddp.rank $((NODE_ID * GPUS_PER_NODE)) --ddp.world-size $((NODES * GPUS_PER_NODE))${multi ? ' --ddp.dist-url "$DIST_URL"' : ''}`,
    '',
  ]
    .filter((l, i, all) => l !== '' || i === all.length - 1)
    .join('\n');
}
