import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * What electron-builder would put into the app archive, measured without building it (and without the
 * Electron binary): the app's own files matched by electron-builder.yml's `files`, plus every production
 * dependency (dependencies and installed optionalDependencies, transitively, resolved as Node resolves them)
 * minus electron-builder's default exclusions and the `files` exclusions. Patterns are matched with Node's
 * glob matcher (the same minimatch syntax electron-builder uses); `${platform}` / `${arch}` are expanded.
 */
export interface PackageSizes {
  appBytes: number;
  /** Bytes per dependency package (its own files, not its nested node_modules), largest first. */
  packages: { name: string; dir: string; bytes: number }[];
  totalBytes: number;
}

/** electron-builder's default exclusions for every file (its documented `files` defaults). */
export const DEFAULT_EXCLUDES = [
  '**/node_modules/*/{CHANGELOG.md,README.md,README,readme.md,readme}',
  '**/node_modules/*/{test,__tests__,tests,powered-test,example,examples}/**',
  '**/node_modules/*.d.ts',
  '**/node_modules/.bin/**',
  '**/*.{iml,o,hprof,orig,pyc,pyo,rbc,swp,csproj,sln,xproj}',
  '**/._*',
  '**/{.DS_Store,.git,.hg,.svn,CVS,RCS,SCCS,.gitignore,.gitattributes}',
  '**/{__pycache__,thumbs.db,.flowconfig,.idea,.vs,.nyc_output}',
  '**/{appveyor.yml,.travis.yml,circle.yml}',
  '**/{npm-debug.log,yarn.lock,.yarn-integrity,.yarn-metadata.json}',
];

type Glob = (file: string, pattern: string) => boolean;

export function expandMacros(pattern: string, platform: string, arch: string): string {
  return pattern
    .replaceAll('${platform}', platform)
    .replaceAll('${arch}', arch)
    .replaceAll('${os}', platform === 'darwin' ? 'mac' : platform === 'win32' ? 'win' : platform);
}

export function measurePackage(options: {
  root: string;
  files: string[];
  /** dependency names the app declares (dependencies + optionalDependencies) */
  dependencies: string[];
  platform?: string;
  arch?: string;
  glob: Glob;
}): PackageSizes {
  const { root, glob } = options;
  const expand = (p: string) => expandMacros(p, options.platform ?? process.platform, options.arch ?? process.arch);
  const includes = options.files.filter((p) => !p.startsWith('!')).map(expand);
  const excludes = [
    ...DEFAULT_EXCLUDES,
    ...options.files.filter((p) => p.startsWith('!')).map((p) => expand(p.slice(1))),
  ];
  const excluded = (rel: string) => excludes.some((p) => glob(rel, p));

  let appBytes = 0;
  for (const rel of walk(root, '', (rel) => rel === 'node_modules' || rel.startsWith('.') || excluded(rel))) {
    if (includes.some((p) => glob(rel, p))) appBytes += statSync(path.join(root, rel)).size;
  }

  const packages: PackageSizes['packages'] = [];
  const seen = new Set<string>();
  const queue = options.dependencies.map((name) => ({ name, from: root }));
  while (queue.length > 0) {
    const { name, from } = queue.shift()!;
    const dir = resolvePackageDir(name, from, root);
    if (!dir || seen.has(dir)) continue;
    seen.add(dir);
    const relDir = path.relative(root, dir).split(path.sep).join('/');
    let bytes = 0;
    // nested node_modules hold other packages, measured when a dependency resolves to them
    for (const rel of walk(
      dir,
      '',
      (rel) => rel === 'node_modules' || rel.endsWith('/node_modules') || excluded(`${relDir}/${rel}`),
    )) {
      bytes += statSync(path.join(dir, rel)).size;
    }
    packages.push({ name, dir: relDir, bytes });
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }))
      queue.push({ name: dep, from: dir });
  }
  packages.sort((a, b) => b.bytes - a.bytes);
  return { appBytes, packages, totalBytes: appBytes + packages.reduce((s, p) => s + p.bytes, 0) };
}

/** Node's lookup: node_modules/<name> in the requiring package's folder, then each folder above, up to root. */
function resolvePackageDir(name: string, from: string, root: string): string | null {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root || path.dirname(dir) === dir) return null; // not installed (an optional dependency)
    dir = path.dirname(dir);
  }
}

/** Every file below dir (relative, '/'-separated), skipping folders and files `skip` names. Links are followed. */
function* walk(dir: string, rel: string, skip: (rel: string) => boolean): Generator<string> {
  for (const name of readdirSync(path.join(dir, rel))) {
    const child = rel ? `${rel}/${name}` : name;
    if (skip(child)) continue;
    const info = statSync(path.join(dir, child));
    if (info.isDirectory()) yield* walk(dir, child, skip);
    else yield child;
  }
}
