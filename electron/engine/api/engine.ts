import path from 'node:path';
import type { Channel, RequestInput, Response } from '../../shared/channels.js';
import { invoke, type Handlers } from '../../shared/invoke.js';
import { listDatasets } from '../datasets/dataset-repository.js';
import { importDataset } from '../datasets/import-dataset.js';
import { prepareDemo } from '../demo/prepare-demo.js';
import { openSource } from '../datasets/sources/open-source.js';
import { createLabeler } from '../labeling/labeler.js';
import { openDatabase, type Db } from '../store/database.js';
import { buildVocabulary } from '../vocab/vocabulary.js';
import { EngineEvents } from './engine-events.js';

/**
 * The engine behind every transport: owns the database of one home directory and implements each channel
 * of the shared map. Pure Node — never imports electron.
 */
export class Engine {
  readonly db: Db;
  readonly events = new EngineEvents();
  readonly handlers: Handlers;

  constructor(readonly home: string) {
    this.db = openDatabase(home);
    this.handlers = {
      'datasets:import': async (req) => {
        const source = await openSource(path.resolve(req.path), req.format);
        return importDataset(this.db, this.home, source, {
          name: req.name,
          imageSize: req.imageSize,
          maxPixels: req.maxPixels,
          onProgress: (p) => this.events.emit('import:progress', p),
        });
      },
      'datasets:list': async () => listDatasets(this.db),
      'labels:caption': async (req) => ({ synsets: createLabeler(req.mode).label(req.caption) }),
      'demo:prepare': async (req) => prepareDemo(this.db, this.home, req.mode, (p) => this.events.emit('import:progress', p)),
      'vocab:build': async (req) => buildVocabulary(this.db, req),
    };
  }

  /** Validated call through the channel map: what IPC, HTTP and the CLI all use. */
  invoke<C extends Channel>(channel: C, request: RequestInput<C>): Promise<Response<C>> {
    return invoke(this.handlers, channel, request);
  }

  close(): void {
    this.db.close();
  }
}
