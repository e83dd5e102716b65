#!/usr/bin/env bash
# Main job: install prerequisites, build, index corpus/ if needed and serve the search page.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
dotnet build src/Search.Cli -c Release -nologo -v q
exec dotnet src/Search.Cli/bin/Release/net10.0/Search.Cli.dll serve "$@"
