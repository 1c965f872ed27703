import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../fixtures/fixture-paths.js';
import { measurePackage } from './package-files.js';

function write(root: string, rel: string, bytes: number) {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), Buffer.alloc(bytes));
}
function pkg(root: string, dir: string, deps: Record<string, string> = {}) {
  mkdirSync(path.join(root, dir), { recursive: true });
  writeFileSync(path.join(root, dir, 'package.json'), JSON.stringify({ name: path.basename(dir), dependencies: deps }));
}

/** The packaging filters as electron-builder.yml has them. */
const files = (parse(readFileSync(path.join(projectRoot, 'electron-builder.yml'), 'utf8')) as { files: string[] })
  .files;

describe('what the packager would bundle', () => {
  it('counts app files and production dependencies, transitively and nested, minus the filters', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'catlip-pack-'));
    for (const dir of [
      'node_modules/webgpu',
      'node_modules/emoji-datasource-google/node_modules/helper',
      'node_modules/@tensorflow/tfjs-core',
      'node_modules/dev-only-tool',
    ])
      pkg(root, dir);
    pkg(root, 'node_modules/emoji-datasource-google', { helper: '1' });
    const tree: [string, number][] = [
      ['dist/electron/main/index.js', 1000],
      ['dist/electron/main/index.js.map', 5000],
      ['test/big-fixture.bin', 9000],
      ['node_modules/webgpu/dist/linux-x64/dawn.node', 300],
      ['node_modules/webgpu/dist/win32-x64/dawn.node', 7000],
      ['node_modules/webgpu/dist/darwin-universal/dawn.node', 7000],
      ['node_modules/emoji-datasource-google/img/google/64/1f436.png', 50],
      ['node_modules/emoji-datasource-google/img/google/sheets-clean/64.png', 8000],
      ['node_modules/emoji-datasource-google/README.md', 8000],
      ['node_modules/emoji-datasource-google/node_modules/helper/index.js', 20],
      ['node_modules/emoji-datasource-google/node_modules/helper/index.d.ts', 900],
      ['node_modules/@tensorflow/tfjs-core/dist/tf-core.node.js', 400],
      ['node_modules/@tensorflow/tfjs-core/dist/tf-core.es2017.min.js', 9000],
      ['node_modules/@tensorflow/tfjs-core/dist/ops/add.js', 9000],
      ['node_modules/dev-only-tool/index.js', 99999],
    ];
    for (const [rel, bytes] of tree) write(root, rel, bytes);

    const sizes = measurePackage({
      root,
      files,
      dependencies: ['webgpu', 'emoji-datasource-google', '@tensorflow/tfjs-core', 'not-installed'],
      platform: 'linux',
      arch: 'x64',
      glob: path.matchesGlob,
    });
    // package.json files are written as JSON: count them as they are
    const json = (dir: string) => readFileSync(path.join(root, dir, 'package.json')).length;
    expect(sizes.appBytes).toBe(1000);
    expect(Object.fromEntries(sizes.packages.map((p) => [p.dir, p.bytes]))).toEqual({
      'node_modules/webgpu': 300 + json('node_modules/webgpu'),
      'node_modules/emoji-datasource-google': 50 + json('node_modules/emoji-datasource-google'),
      'node_modules/emoji-datasource-google/node_modules/helper':
        20 + json('node_modules/emoji-datasource-google/node_modules/helper'),
      'node_modules/@tensorflow/tfjs-core': 400 + json('node_modules/@tensorflow/tfjs-core'),
    });
    expect(sizes.totalBytes).toBe(sizes.appBytes + sizes.packages.reduce((s, p) => s + p.bytes, 0));
  });

  it("keeps macOS's universal webgpu build when packaging for macOS", () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'catlip-pack-'));
    pkg(root, 'node_modules/webgpu');
    write(root, 'node_modules/webgpu/dist/darwin-universal/dawn.node', 700);
    write(root, 'node_modules/webgpu/dist/linux-x64/dawn.node', 300);
    const sizes = measurePackage({
      root,
      files,
      dependencies: ['webgpu'],
      platform: 'darwin',
      arch: 'arm64',
      glob: path.matchesGlob,
    });
    expect(sizes.packages[0]!.bytes).toBe(
      700 + readFileSync(path.join(root, 'node_modules/webgpu/package.json')).length,
    );
  });
});
