import path from 'node:path';

/**
 * File extensions treated as images when a format has no other way to tell (ImageFolder files, WebDataset
 * members). All are formats sharp decodes; whether the bytes really are such an image is the import
 * pipeline's job, which decodes every image anyway.
 */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  'jpg',
  'jpeg',
  'png',
  'webp',
  'gif',
  'tif',
  'tiff',
  'avif',
]);

/** Lower-case extension without the dot (`Photo.JPG` → `jpg`), '' when there is none. */
export function extensionOf(name: string): string {
  return path.extname(name).slice(1).toLowerCase();
}

export function hasImageExtension(name: string): boolean {
  return IMAGE_EXTENSIONS.has(extensionOf(name));
}
