#!/usr/bin/env bash
# Main job: install prerequisites, build, index corpus/ if needed and serve the search page.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
# A ReadyToRun build: our code, Lucene.Net and ML.NET arrive precompiled, so a process answers its first request without
# JIT-compiling them first (cold start at 46,000 documents 2.05 -> 1.6 s; docs/BENCHMARKS.md, session 11).
rid=$(dotnet --info | awk '/RID:/ {print $2; exit}')
out=src/Search.Cli/bin/Release/net10.0/$rid/publish
dotnet publish src/Search.Cli -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$out" -nologo -v q
# Promote hot code to optimised tiers without the runtime's 100 ms quiet period (index build 55 -> 43 s at 10k documents).
export DOTNET_TC_CallCountingDelayMs="${DOTNET_TC_CallCountingDelayMs:-0}"
exec dotnet "$out/Search.Cli.dll" serve "$@"
