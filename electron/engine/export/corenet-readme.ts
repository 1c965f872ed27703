import type { RunConfig } from '../../shared/training.js';
import type { RunStatus } from '../training/run-repository.js';
import type { CorenetConfig, CorenetPlan } from './corenet-config.js';
import type { CorenetRecipe } from '../../shared/corenet-export.js';

/** The README.md of an export: what each file is, how the pilot was scaled, and the steps to train. */
export interface ReadmeInput {
  runId: number;
  status: RunStatus;
  config: RunConfig;
  built: CorenetConfig;
  plan: CorenetPlan;
  recipe: CorenetRecipe;
  commands: string[];
  vocab: { key: string; name: string; count: number }[];
  neverMatched: string[];
  metadataFile: string | null;
  distUrl: string | null;
}

export function corenetReadme(r: ReadmeInput): string {
  const { config, built, plan } = r;
  const first = r.vocab
    .slice(0, 3)
    .map((v) => `"${v.key}": ${v.count} (${v.name})`)
    .join(', ');
  const lines = [
    `# CatLIP pre-training with CoreNet — from CatLIP Pilot run ${r.runId}`,
    '',
    `Pilot: ${config.model} (${config.imageSize} px, patch ${config.patchSize}), batch ${config.batch}, ${config.steps} steps, LR ${config.lr}, ` +
      `weight decay ${config.weightDecay}, grad clip ${config.clipNorm}, EMA ${config.emaMomentum ?? 'off'}, dataset "${config.dataset}" (run status: ${r.status}).`,
    `Full scale: CoreNet ViT "${built.vitMode}", ${plan.images} images to process, ${plan.nodes} node(s) × ${plan.gpusPerNode} GPUs, ${plan.perGpuBatch} images per GPU, ${r.recipe} recipe.`,
    '',
    '## Files',
    '',
    '| file | what |',
    '|---|---|',
    "| `catlip_pretraining.yaml` | CoreNet config, structured as CoreNet's `projects/catlip/pretraining/vit_base.yaml` |",
    `| \`vocab.pkl\` | the vocabulary as CoreNet reads it: a pickled dict {"n<offset>": count}, ${r.vocab.length} synsets, most frequent first (pickle protocol 2) |`,
    '| `vocab.json` | the same dict as JSON, for reading and diffing |',
    '| `launch.sh` | the per-node `corenet-train` command |',
    '',
    '## Scaling from the pilot',
    '',
    ...built.scaling.text.map((t) => `- ${t}`),
    '',
    'The recipe otherwise follows the pilot: AdamW (0.9, 0.999), weight decay without biases and norms, cosine schedule with linear warm-up, ' +
      'random resized crop + horizontal flip, BCE summed over classes and averaged over the batch (`batch_mean`).',
    '',
    '## Differences from the pilot',
    '',
    ...built.differences.map((d) => `- ${d}`),
    '',
    '## Vocabulary keys',
    '',
    'CoreNet keys synsets as `f"{pos}{offset}"` (`extract_pos_offset_info_from_synset` in ' +
      '`corenet/data/datasets/classification/wordnet_tagged_classification.py`), i.e. **unpadded**: dog.n.01 is `n2084071`, not the 8-digit ' +
      '`n02084071` of ImageNet folder names. The export follows CoreNet. Offsets are WordNet 3.0, the version NLTK ships.',
    `CoreNet keeps the first \`vocab_size\` keys in the dict's order, so the order is the class order. First entries: ${first}.`,
    ...(r.neverMatched.length
      ? [
          '',
          `${r.neverMatched.length} of ${r.vocab.length} synsets can never be a CoreNet target: its labeller only produces \`word.n.01\` of single tokens ` +
            `(e.g. ${r.neverMatched.slice(0, 5).join(', ')}). Their classifier rows will stay untrained; rebuild the vocabulary with ` +
            '`catlip-pilot vocab --mode corenet` and train the pilot on it for an exact match.',
        ]
      : []),
    '',
    '## Steps',
    '',
    '1. Install CoreNet (github.com/apple/corenet) on every node, and NLTK as its CatLIP README says: ' +
      '`python3 -m pip install nltk==3.8.1 && python3 -m nltk.downloader all`.',
    "2. Put the image–text data in CoreNet's `img_text_tar` layout (see `corenet/data/datasets/multi_modal_img_text/img_text_tar_dataset.py`): " +
      'tar.gz shards of pickled {image, text} samples and a metadata pickle with `total_tar_files`, `max_files_per_tar` and `tar_file_names`. ' +
      (r.metadataFile
        ? `The config points at \`${r.metadataFile}\`.`
        : "Then set `dataset.wordnet_tagged_classification.metadata_file` in `catlip_pretraining.yaml` (it is commented out, as in CoreNet's own config); `launch.sh` refuses to start until it is set."),
    '3. Copy this folder to every node (the config refers to `vocab.pkl` relative to it; `launch.sh` runs from the folder).',
    r.plan.nodes > 1
      ? `4. On each node, start its process: \`NODE_ID=<0…${plan.nodes - 1}> ${r.distUrl ? '' : 'DIST_URL=tcp://IP_OF_NODE0:FREEPORT '}./launch.sh\`. ` +
        'Node 0 is the one at the DIST_URL address; each process spawns one worker per local GPU. The commands, node by node:'
      : '4. Start training: `./launch.sh`, which runs:',
    '',
    '```sh',
    ...r.commands.map((c, node) => (r.plan.nodes > 1 ? `# node ${node}\n${c}` : c)),
    '```',
    '',
    "5. CoreNet writes checkpoints and logs to `results_catlip/` (relative to this folder). The paper's released weights are the EMA weights at the end of training (CoreNet projects/catlip/README-pretraining.md).",
    '',
  ];
  return `${lines.join('\n')}\n`;
}
