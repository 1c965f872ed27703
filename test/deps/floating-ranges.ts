/**
 * Floating dependency ranges in the resolved tree. `npm ci` installs exactly what package-lock.json holds,
 * but only while every declared range is still satisfied by the lock: a package that declares a dependency as
 * a dist-tag (`"tar": "latest"`) stops matching the day a new major is published, and every clean install
 * fails from then on. The same holds for `*`, an empty range, URLs and git references, which name no fixed
 * release. So each such declaration must be pinned by an `overrides` entry of the root package.json that names
 * an exact version, and the root's own dependencies are exact versions.
 */

export interface LockFile {
  packages: Record<string, LockEntry>;
}
interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}
export interface RootManifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  overrides?: Record<string, string | Record<string, string>>;
}

export interface FloatingRange {
  /** The package that declares it ("(root)" for package.json itself). */
  package: string;
  dependency: string;
  spec: string;
  field: string;
}

const EXACT = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const URL_OR_GIT = /^(?:git\+|git:|github:|gitlab:|bitbucket:|gist:|https?:|file:|link:)|^[\w.-]+\/[\w.-]+(?:#.*)?$/;

/** True for a spec that names no fixed set of releases: dist-tags, `*`, empty, URLs and git references. */
export function isFloating(spec: string): boolean {
  const s = spec.trim();
  if (s.startsWith('npm:')) return isFloating(s.slice(s.lastIndexOf('@') + 1) || '');
  if (s === '' || s === '*' || s === 'x' || s === 'X') return true;
  if (URL_OR_GIT.test(s)) return true;
  // a dist-tag: a name that is no semver range (ranges start with a digit, an operator, `v`, `=`, `~`, `^`)
  return /^[A-Za-z]/.test(s) && !/^v?\d/.test(s);
}

/** Every floating declaration in the lock that no exact override pins, and every inexact root dependency. */
export function findFloatingRanges(lock: LockFile, root: RootManifest): FloatingRange[] {
  const found: FloatingRange[] = [];
  const overrides = root.overrides ?? {};
  const rootSpec = (name: string) =>
    root.dependencies?.[name] ?? root.devDependencies?.[name] ?? root.optionalDependencies?.[name];
  const exact = (value: string | undefined): boolean => {
    if (value === undefined) return false;
    if (value.startsWith('$')) return EXACT.test(rootSpec(value.slice(1)) ?? '');
    return EXACT.test(value);
  };
  const pinned = (pkg: string, dep: string): boolean => {
    const nested = overrides[pkg];
    if (typeof nested === 'object' && exact(nested[dep])) return true;
    const top = overrides[dep];
    return typeof top === 'string' && exact(top);
  };

  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies'] as const) {
    for (const [dep, spec] of Object.entries(root[field] ?? {})) {
      if (!EXACT.test(spec))
        found.push({ package: '(root)', dependency: dep, spec, field: `${field} (not an exact version)` });
    }
  }
  for (const [location, entry] of Object.entries(lock.packages)) {
    if (location === '') continue;
    const name = location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies'] as const) {
      for (const [dep, spec] of Object.entries(entry[field] ?? {})) {
        if (!isFloating(spec) || pinned(name, dep)) continue;
        // an optional peer that nothing installed is never fetched
        if (
          field === 'peerDependencies' &&
          entry.peerDependenciesMeta?.[dep]?.optional &&
          !installed(lock, location, dep)
        )
          continue;
        found.push({ package: `${name}@${entry.version ?? '?'}`, dependency: dep, spec, field });
      }
    }
  }
  return found;
}

/** Whether `dep` resolves from `location` the way Node looks it up (own node_modules, then each parent's). */
function installed(lock: LockFile, location: string, dep: string): boolean {
  let base = location;
  for (;;) {
    if (lock.packages[`${base ? `${base}/` : ''}node_modules/${dep}`]) return true;
    if (!base) return false;
    const i = base.lastIndexOf('/node_modules/');
    base = i < 0 ? '' : base.slice(0, i);
  }
}

export function describe(f: FloatingRange): string {
  return `${f.package} declares ${f.field} "${f.dependency}": "${f.spec}"`;
}
