import { MAX_UPLOAD_BYTES } from '../../../electron/shared/models.ts';

/**
 * An image the user dropped or picked in the page, as `predict:image` carries it: base64 in the request (serve
 * mode's engine cannot read the user's disk; the desktop app's dialog sends a path instead). Checked against
 * the upload limit here, so a too-large photo is refused before it is read and sent.
 */
export { MAX_UPLOAD_BYTES };

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // in chunks: String.fromCharCode with millions of arguments overflows the stack
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function tooLargeToUpload(file: Blob): boolean {
  return file.size > MAX_UPLOAD_BYTES;
}

/** The file's bytes as base64 (Blob.arrayBuffer, with FileReader where a test DOM lacks it). */
export async function fileToBase64(file: Blob): Promise<string> {
  if (typeof file.arrayBuffer === 'function') return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(bytesToBase64(new Uint8Array(reader.result as ArrayBuffer)));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(file);
  });
}
