/**
 * The error messages users meet (import, vocabulary, training start, evaluation, compare/report, export), each
 * under an id with an English template whose `{name}` parts the engine fills in (`noteError` in errors.ts).
 * They join the engine-note catalogue (engine-notes.ts), so the renderer shows them in Japanese by the same
 * typed record; the CLI and the API keep the English text. Errors that only a bug can cause keep a plain
 * message: the UI summarises them by their code.
 */
export const ENGINE_ERROR_NOTES = {
  'import.pathNotFound': 'Dataset path not found: {path}',
  'import.cannotRead': 'Cannot read {path}: {detail}',
  'import.notAFile': '{path} is not a file',
  'import.notAFolder': '{path} is not a folder',
  'import.imageRoot': 'image root {root}: {reason}',
  'import.notCocoJson':
    '{file} is not a COCO captions file (no "images" or "annotations" key near its start). For one JSON object per line, name it .jsonl. Use --format with one of: {formats}.',
  'import.unknownExtension':
    'Cannot tell the dataset format of {file} from its extension (.{ext}). Use --format with one of: {formats}.',
  'import.undetectedFolder':
    'Cannot detect the dataset format of folder {dir}: found {found}. Expected annotations/captions_*.json (coco), .tar shards (webdataset) or one sub-folder of images per class (imagefolder); for jsonl or csv give the .jsonl/.csv file itself. Use --format with one of: {formats}.',
  'import.emojiHasNoPath': 'The emoji demo set is built in and not read from a path: prepare it with the demo command.',
  'import.unknownFormat': 'Unknown dataset format {format}. Formats: {formats}, auto.',
  'import.noCocoCaptions': 'No COCO captions file in {root}: expected annotations/captions_<split>.json',
  'import.cocoNotObject': '{file} is not a COCO captions file: it is not a JSON object (it starts with {start})',
  'import.cocoNoAnnotations': '{file} has no "annotations" array: not a COCO captions file',
  'import.jsonTopLevel': 'the top level is not a JSON object',
  'import.jsonUnreadable': '{file} could not be read as JSON ({detail})',
  'import.csvEmpty': '{file} is empty: expected a header row',
  'import.csvHeaderProblem': '{file}:{line}: header row is {problem}',
  'import.csvHeaderUnparsable': '{file}:{line}: cannot parse the header row',
  'import.csvMissingColumn':
    '{file}: the header row has no {column} column (expected one of: {aliases}); found columns: {found}',
  'import.noShards': 'No .tar shards in {dir}',
  'import.noShardMatch': 'No files in {dir} match {pattern}',
  'import.running': 'an import into "{dataset}" is already running; wait for it or cancel it',
  'import.cancelled': 'import into "{dataset}" cancelled',
  'dataset.notFound': 'no dataset named "{name}" (have: {names})',
  'dataset.noneImported': 'no dataset named "{name}" (none imported yet)',
  'dataset.invalidName':
    "invalid dataset name \"{name}\": use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit",
  'dataset.kindConflict':
    'dataset "{name}" holds {existing} data; this source is {kind}: import it under another --name',
  'dataset.sizeConflict':
    'dataset "{name}" is cached at {size} px; re-import with --image-size {size} or use another --name',
  'dataset.labelledQuality': 'dataset "{name}" is labelled; data quality is about its captions',
  'view.exists': 'dataset "{name}" already has a view "{view}" (views are immutable: pick another name)',
  'view.empty': 'the filters keep no training item of "{name}"; loosen them',
  'view.notFound': 'dataset "{name}" has no view "{view}" (its views: {views})',
  'view.noneYet':
    'dataset "{name}" has no view "{view}" (it has none; create one with catlip-pilot datasets view create)',
  'view.labelled': 'dataset "{name}" is labelled; views filter caption datasets',
  'vocab.curveLabelled': 'dataset "{name}" is labelled; vocabularies come from captions',
  'vocab.labelled': 'dataset "{name}" is a labelled (class-folder) set; a vocabulary is built from image–caption data',
  'vocab.notFound': 'no vocabulary {id} (catlip-pilot vocab --dataset NAME lists the one it builds)',
  'vocab.noSynset': 'no WordNet noun synset named "{ref}" (names look like car.n.01)',
  'vocab.noClass':
    '"{ref}" names no single class: give a synset (car.n.01) or a class key (ja:戸棚, en:ourbrand, custom:NAME)',
  'train.labelled': 'dataset "{name}" is labelled; pre-train on an image–caption dataset',
  'train.batchTooLarge':
    'batch {batch} is larger than the {items} training items of "{name}"; use --batch {max} or less',
  'train.batchTooLargeView':
    'batch {batch} is larger than the {items} training items of view "{view}" of "{name}"; use --batch {max} or less',
  'train.stepsOrEpochs': 'give steps or epochs, not both',
  'train.patchSize': 'image size {size} is not a multiple of patch size {patch}',
  'train.vocabNotOfDataset': 'vocabulary {vocabulary} is not a vocabulary of "{name}" (see catlip-pilot vocab)',
  'train.vocabEmpty': 'vocabulary {vocabulary} of "{name}" is empty; lower --min-count with catlip-pilot vocab',
  'train.pinnedDevice':
    'a run pinned to device "{device}" needs the backend that device was found on (webgpu, tensorflow or cpu), not auto',
  'train.alreadyRunning': 'run {run} is already running',
  'train.alreadyCompleted': 'run {run} is already completed',
  'train.noTrainer': 'run {run} has no trainer running in this app',
  'train.batchOverItems': 'batch size {batch} is larger than the {count} training items; use --batch {max} or less',
  'train.labelledSet': 'dataset "{name}" is a labelled set; pre-training needs image–caption data',
  'train.noItems': 'dataset "{name}" has no training items',
  'train.noItemsInView': 'dataset "{name}" (view "{view}") has no training items',
  'train.vocabNotBelong': 'vocabulary {vocabulary} does not belong to dataset "{name}"',
  'train.wasmHeap':
    "{objective} at batch {batch} needs about {gib} GiB of activations, more than the wasm backend's 4 GiB heap holds; use a batch of {max} or less, or another backend",
  'run.notFound': 'no run {id}',
  'eval.captionDataset': 'dataset "{name}" holds image–caption data; evaluation needs a labelled (ImageFolder) dataset',
  'eval.fewClasses': 'dataset "{name}" has {count} class(es); classification needs at least 2',
  'eval.noTrainItems': 'dataset "{name}" has no \'train\' items',
  'eval.noTestItems': "dataset \"{name}\" has no 'test' (or 'val') items to measure on",
  'eval.vocabGone': 'vocabulary {id} no longer exists',
  'eval.notFound': 'no evaluation {id}',
  'eval.noCheckpoint': 'run {run} has no checkpoint yet (status {status}); train or resume it first',
  'eval.runVocabGone': 'vocabulary {vocabulary} of run {run} no longer exists',
  'eval.lossDiverged': 'fine-tune loss became {loss} at step {step}; lower --lr',
  'eval.misplacedOption': '{method} takes no --{option}',
  'eval.zeroShotInit': 'zero-shot trains no head, so it takes no --init',
  'eval.zeroShotFraction': 'zero-shot uses no training items, so it takes no --fraction',
  'eval.needsInit': '{method} trains a new head: --init random or transfer',
  'eval.zeroShotSave': 'zero-shot trains nothing to save: --save takes finetune or linear-probe',
  'eval.nameWithoutSave': '--name names a saved model: give --save too',
  'model.nameTaken': 'a saved model is already named "{name}"; choose another --name',
  'eval.correctionNotCatlip': "--zero-shot-correction corrects CatLIP's synset scores; run {run} is a {objective} run",
  'eval.transferNotCatlip':
    "Transfer Init starts the head from CatLIP's synset classifier; run {run} is a {objective} run (use --init random)",
  'eval.noClassMatches':
    'no class of "{name}" matches a synset of run {run}\'s vocabulary, so CatLIP cannot score any zero-shot',
  'eval.noClassTokens': 'no class name of "{name}" has a token the run\'s tokenizer knows',
  'model.notFound': 'no saved model {id} (see catlip-pilot models)',
  'model.otherRun': 'saved model {model} was trained from run {trainedFrom}, not run {run}',
  'model.weightsUnreadable': "the saved model's weights file {file} cannot be read ({detail})",
  'model.weightsChanged': "the saved model's weights file {file} changed after saving (sha256 mismatch)",
  'model.notAModel': '{file} is not a saved model',
  'predict.tooLarge': 'image: {bytes} bytes, above the {limit} MiB upload limit',
  'predict.fileTooLarge': '{file} is {bytes} bytes, above the {limit} MiB limit for an image',
  'predict.cannotRead': 'cannot read {file} ({detail})',
  'predict.badImage': 'image: {detail}',
  'compare.sameRun': 'give two different runs (got run {run} twice)',
  'compare.hardware':
    "runs {catlip} (catlip) and {baseline} ({objective}) trained on different hardware ({catlipHardware} vs {baselineHardware}): their speed-up would mix hardware and objective; train both on one device (a pilot pins its first run's device), or compare anyway with --allow-mismatch",
  'compare.objectives':
    'compare needs one CatLIP run and one CLIP or SuperClass run; runs {a} and {b} are {objectiveA} and {objectiveB}',
  'compare.unfinished': 'compare needs completed runs: {runs}',
  'compare.runRunning': 'run {run} is running ({done}/{total} steps)',
  'compare.runNotDone': 'run {run} is {status} ({done}/{total} steps; catlip-pilot resume --run {run})',
  'compare.notComparable':
    'runs {catlip} (catlip) and {baseline} ({objective}) are not comparable: {differences}; train both with the same --model, --image-size, --patch-size, --dataset, --view and --batch',
  'compare.noSteps': 'run {run} recorded no training steps or compute time',
  'projection.noMemory':
    "the {objective} network of run {run} needs about {gib} GiB per GPU even at one image per step; the plan's GPU has {memory} GiB (--plan-gpu-memory)",
  'repeats.twice': 'run {run} is named twice among the compared runs and their repeats',
  'report.uneven':
    "report: each seed's repeat runs must match the runs in number and order ({count}: CatLIP, CLIP[, SuperClass]); got {got}",
  'report.twice': 'report: give different runs (run {run} is named twice)',
  'report.unfinished': 'report: needs finished runs: {runs}',
  'report.runState': 'run {run} is {status} ({done}/{total} steps)',
  'report.notFound': 'no report {id}',
  'report.fileGone': 'report {id}: its file {path} no longer exists',
  'export.notCatlip': 'run {run} is a {objective} run; the CoreNet export is of CatLIP runs',
  'export.vocabEmpty': 'vocabulary {id} is empty',
  'export.vocabGone': 'vocabulary {id} does not exist',
  'export.planGpus': 'give the GPUs: --plan-gpus K (with --nodes N), or --nodes N --gpus-per-node G',
  'export.gpuSplit':
    "the plan's {gpus} GPUs do not split into {nodes} nodes × {perNode} GPUs; give --nodes and --gpus-per-node whose product is {gpus}",
  'export.cannotWrite': 'export weights: cannot write to {out}: {detail}',
  'browse.outside': '{path} is not inside the folders this server may show ({roots})',
  'browse.cannotList': 'cannot list {dir}: {detail}',
  'report.fileGoneServe': "report {id}'s file is gone ({file}); export it again",
  'archive.missing': 'files[{index}]: {file} does not exist (any more); export again',
  'archive.notFile': 'files[{index}]: {file} is not a regular file',
  'archive.tooLarge': 'files: more than {limit} MiB in all; download them another way',
  'archive.sameName': 'files[{index}]: a second file named {name}',
  'compare.diffEncoders': 'different image encoders ({encoders})',
  'compare.diffModel': 'model {a} vs {b}',
  'compare.diffImageSize': 'image size {a} vs {b}',
  'compare.diffPatchSize': 'patch size {a} vs {b}',
  'compare.diffDatasets': 'different datasets ({a} vs {b})',
  'compare.diffBatch': 'different batch sizes ({a} vs {b})',
  'compare.diffViews': 'different training data ({a} vs {b})',
  'compare.wholeDataset': 'the whole dataset',
  'compare.view': 'view "{view}"',
  'repeats.notRepeat':
    'runs {catlip},{baseline} are not a repeat of {firstCatlip},{firstBaseline} with another seed: {why}',
  'repeats.objective': 'run {run} is {objective}, run {first} {firstObjective}',
  'repeats.setting': "run {run}'s {key} differs from run {first}'s",
  'repeats.hardware': 'run {run} trained on {backend} on {device}, run {first} on {firstBackend} on {firstDevice}',
  'export.vitMode':
    'model {model} has no CoreNet ViT mode (CoreNet has {modes}; vit-s16 = small, vit-b16 = base); choose the full-scale model with --vit-mode',
  'store.newerSchema':
    'database schema version {current} is newer than this app understands ({latest}); update CatLIP Pilot',
  'export.japaneseCaptions':
    'run {run} trained on "{dataset}", which has Japanese captions; CoreNet\'s own labeller reads English only and would give them no classes. Export precomputed per-sample labels instead, which CoreNet reads instead of labelling captions itself (catlip-pilot export corenet --labels precomputed; request field labels: "precomputed").',
  'export.lemmaClasses':
    'vocabulary {id} has {count} lemma classes ({lemmas}) that CoreNet\'s own English labeller cannot reproduce: it maps caption words to WordNet synsets only. Build the vocabulary without lemma classes (catlip-pilot vocab --no-lemma-classes, or map the terms to synsets) and train on it to export. Or export precomputed per-sample labels, which CoreNet reads instead of labelling captions itself (catlip-pilot export corenet --labels precomputed; request field labels: "precomputed").',
  'export.editedVocabulary':
    'vocabulary {id} is an edited business version ({edits} edits) that CoreNet\'s own labeller cannot reproduce: it labels captions without the edits. Or export precomputed per-sample labels, which CoreNet reads instead of labelling captions itself (catlip-pilot export corenet --labels precomputed; request field labels: "precomputed").',
  'export.planMissing': 'the full-scale plan needs {missing} (or save them with catlip-pilot compare … --save)',
  'report.orderCatlip':
    'report: the first run must be the CatLIP run, but run {run} is {objective}; order the runs CatLIP, CLIP[, SuperClass] (e.g. --runs 3,4)',
  'report.orderClip':
    'report: the second run must be its CLIP baseline, but run {run} is {objective}; order the runs CatLIP, CLIP[, SuperClass] (e.g. --runs 3,4)',
  'report.orderSuperclass':
    'report: the third run must be a SuperClass baseline, but run {run} is {objective}; order the runs CatLIP, CLIP[, SuperClass] (e.g. --runs 3,4)',
} as const;

export type EngineErrorNoteId = keyof typeof ENGINE_ERROR_NOTES;
