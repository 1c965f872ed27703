/**
 * What every dataset source (JSONL/CSV, WebDataset tar, COCO, ImageFolder, emoji demo) yields.
 * Sources only read and validate *their own* format; decoding images, hashing, de-duplication and
 * storage happen once, in the import pipeline (../import-dataset.ts), for every format alike.
 */
export type DatasetFormat = 'jsonl' | 'csv' | 'webdataset' | 'coco' | 'imagefolder' | 'emoji';

/** Where the image bytes of one record come from. */
export type ImageRef =
  /** A file on disk, already resolved to an absolute path and checked to lie inside the source root. */
  | { path: string }
  /** Bytes read out of a container (a tar member); `name` is the member name, for messages. */
  | { bytes: Buffer; name: string };

export type SourceRecord =
  | {
      kind: 'item';
      /** Human-readable origin for messages: `captions.jsonl:17`, `shard-000.tar:000123.jpg`, `daisy/1.jpg`. */
      source: string;
      image: ImageRef;
      /** Caption of an image–caption pair (already trimmed, non-empty). */
      caption?: string;
      /** Class name of a labelled (downstream) item, e.g. the ImageFolder sub-folder. */
      label?: string;
      split?: 'train' | 'val' | 'test';
    }
  | {
      kind: 'skip';
      source: string;
      /** Specific reason: "line 17: invalid JSON (Unexpected token } at column 12)", "not valid UTF-8", … */
      reason: string;
    };

export interface DatasetSource {
  format: DatasetFormat;
  /** Absolute path the user gave (file or folder). */
  root: string;
  /** True when items carry `label` (ImageFolder) rather than `caption`. */
  labelled: boolean;
  /** Streams records; must never hold the whole dataset in memory. Stops early when `signal` aborts. */
  records(signal?: AbortSignal): AsyncIterable<SourceRecord>;
  /** Share of the source read so far (0..1), if the source can tell (bytes of a file, files of a folder): drives the ETA. */
  fractionRead?(): number | undefined;
  /** What the source declared while it was read (licences, hosts) and the files it read; absent: nothing declared. */
  provenance?(): SourceProvenance;
}

/** A licence a source declares about its own data (COCO `licenses`, a WebDataset sample's `license`, a LICENSE file). */
export interface DeclaredLicence {
  /** SPDX id where one is recognised, else the source's own words. */
  name: string;
  url?: string;
  /** Where it was declared: "captions_train2017.json licenses", "WebDataset .json license", "LICENSE". */
  declaredIn: string;
  /** Items that named it, where the source says per item (WebDataset). */
  items?: number;
}

/** What a source declared about where its data came from, and the files it read (hashed by the import). */
export interface SourceProvenance {
  licences: DeclaredLicence[];
  /** Hosts the data was downloaded from, as the source's URLs name them (a few, not every URL). */
  hosts: string[];
  /** Data files read (annotation files, shards): hashed into the import's record. */
  files: string[];
}
