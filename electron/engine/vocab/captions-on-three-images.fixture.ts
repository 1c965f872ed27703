import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixture } from '../../../test/fixtures/fixture-paths.js';
import type { Engine } from '../api/engine.js';

/**
 * Imports every caption on each of the three fixture images as dataset `name`, so each class a caption gives
 * is seen 3 times (6 when two captions give it): small vocabularies with known counts.
 */
export async function importCaptionsOnThreeImages(
  engine: Engine,
  home: string,
  name: string,
  captions: readonly string[],
): Promise<void> {
  const images = ['red.jpg', 'green.png', 'blue.jpg'].map((f) => fixture('captions', 'images', f));
  const manifest = path.join(home, `${name}.jsonl`);
  writeFileSync(
    manifest,
    images.flatMap((image) => captions.map((caption) => JSON.stringify({ image, caption }))).join('\n'),
  );
  await engine.invoke('datasets:import', {
    path: manifest,
    name,
    imageSize: 16,
    imageRoots: [fixture('captions', 'images')],
  });
}
