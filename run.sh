#!/usr/bin/env bash
# Main job: install prerequisites, build, index corpus/ if needed and serve the search page.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
# A ReadyToRun build: our code, Lucene.Net and ML.NET arrive precompiled, so a process answers its first request without
# JIT-compiling them first (cold start figures: docs/BENCHMARKS.md).
rid=$(dotnet --info | awk '/RID:/ {print $2; exit}')
out=src/Search.Cli/bin/Release/net10.0/$rid/publish
dotnet publish src/Search.Cli -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$out" -nologo -v q
# Promote hot code to optimised tiers without the runtime's 100 ms quiet period (it shortens a long index build).
export DOTNET_TC_CallCountingDelayMs="${DOTNET_TC_CallCountingDelayMs:-0}"
exec dotnet "$out/Search.Cli.dll" serve "$@"
