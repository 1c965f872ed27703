#!/usr/bin/env node
// Stops a command early, with a clear message, when this Node.js is older than the command needs.
// `npm run dist` runs electron-builder 26, whose @electron/rebuild and node-abi declare Node >= 22.12 and fail
// deep inside the packager on older versions; everything else (npm ci, npm test, serve, the CLI) runs on the
// Node versions package.json's `engines` names.
// Usage: node resources/build/check-node-version.mjs MIN_VERSION "what needs it"
const [min = '0.0.0', what = 'this command'] = process.argv.slice(2);
const parse = (v) =>
  v
    .replace(/^v/, '')
    .split('.')
    .map((n) => Number.parseInt(n, 10) || 0);
const have = parse(process.env.CATLIP_NODE_VERSION_FOR_TEST ?? process.versions.node);
const need = parse(min);
const older = need.some((n, i) => (have.slice(0, i).every((h, j) => h === need[j]) ? (have[i] ?? 0) < n : false));
if (older) {
  process.stderr.write(
    `${what} needs Node.js ${min} or newer; this is Node.js ${have.join('.')}.\n` +
      `Install Node.js ${need[0]} LTS (for example with nvm: \`nvm install ${need[0]}\`), then run it again.\n`,
  );
  process.exit(1);
}
