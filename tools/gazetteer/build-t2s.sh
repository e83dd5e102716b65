#!/usr/bin/env bash
# Regenerates src/Search/Ingest/Data/t2s.tsv, a Traditional→Simplified character table used to match
# Traditional documents against the (simplified) gazetteer and type keywords. Source: OpenCC's
# TSCharacters dictionary as shipped in the npm package opencc-js (dictionary data Apache-2.0).
set -euo pipefail
VERSION="${1:-1.4.2}"
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="$HERE/../../src/Search/Ingest/Data/t2s.tsv"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack "opencc-js@$VERSION" --silent >/dev/null && tar xzf opencc-js-*.tgz)
node -e '
const fs = require("fs");
const [dictFile, out, version] = process.argv.slice(1);
const src = fs.readFileSync(dictFile, "utf8");
const body = src.slice(src.indexOf("\"") + 1, src.lastIndexOf("\""));
// Each pair is "T S [S2 …]"; the first simplified form is the standard one.
const lines = body.split("|").map(p => p.split(" ")).filter(p => p.length >= 2 && [...p[0]].length === 1 && [...p[1]].length === 1 && p[0] !== p[1]).map(p => p[0] + "\t" + p[1]);
fs.writeFileSync(out, [`# source: npm opencc-js@${version} dist/esm-lib/dict/TSCharacters.js (OpenCC data, Apache-2.0)`, "# columns: traditional, simplified", ...lines].join("\n") + "\n");
' "$WORK/package/dist/esm-lib/dict/TSCharacters.js" "$OUT" "$VERSION"
echo "wrote $OUT ($(grep -vc '^#' "$OUT") characters)"
