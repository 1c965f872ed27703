#!/usr/bin/env bash
# What a newcomer does right after the README's set-up (`npm ci` on a clean clone), before any other build:
# open the app with `npx catlip-pilot serve` and run `npx catlip-pilot demo`. Fails when serve answers with
# anything but the app's page (e.g. "The UI is not built here") or when the demo does not complete.
# .ci/run calls it between `npm ci` and `npm test`.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
pid=
# serve runs in its own process group (setsid) so that stopping it also stops the node process npx started
cleanup() { [ -n "$pid" ] && kill -- "-$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

setsid npx catlip-pilot serve --home "$work/serve-home" >"$work/serve.log" 2>&1 &
pid=$!
url=
for _ in $(seq 1 240); do
  url=$(grep -o 'http://[^ ]*' "$work/serve.log" | head -1 || true)
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log"; echo "newcomer check: catlip-pilot serve exited" >&2; exit 1; }
  sleep 0.5
done
[ -n "$url" ] || { cat "$work/serve.log"; echo "newcomer check: catlip-pilot serve printed no URL" >&2; exit 1; }
# the app's page: an HTML document that loads the renderer's bundle
node -e '
  fetch(process.argv[1]).then(async (r) => {
    const body = await r.text();
    const ok = r.ok && /text\/html/.test(r.headers.get("content-type") ?? "") && /<script[^>]+type="module"[^>]+src="[^"]*assets\/main-/.test(body);
    if (!ok) { console.error(`newcomer check: serve answered ${r.status} ${r.headers.get("content-type")}:\n${body.slice(0, 400)}`); process.exit(1); }
    console.log(`newcomer check: serve shows the app page (${body.length} bytes of HTML)`);
  }, (e) => { console.error(`newcomer check: ${e.message}`); process.exit(1); });
' "$url"
kill -- "-$pid"; wait "$pid" 2>/dev/null || true; pid=

started=$(date +%s)
npx catlip-pilot demo --home "$work/demo-home" --steps 10 >"$work/demo.log" 2>&1 || { cat "$work/demo.log"; echo "newcomer check: catlip-pilot demo failed" >&2; exit 1; }
grep -q 'measured speed-up of CatLIP over CLIP' "$work/demo.log" || { cat "$work/demo.log"; echo "newcomer check: the demo printed no comparison" >&2; exit 1; }
echo "newcomer check: catlip-pilot demo completed in $(( $(date +%s) - started )) s"
