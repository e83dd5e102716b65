#!/usr/bin/env bash
# Runs the whole test suite (installs prerequisites first). Usage: ./test.sh [extra dotnet test args]
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
bash scripts/setup-node.sh
dotnet build Search.sln -c Release -nologo -v q
set +e
dotnet test Search.sln -c Release --no-build -nologo "$@" 2>&1 | tee /tmp/search-test-output.txt
status=${PIPESTATUS[0]}
set -e
passed=$(grep -oE 'Passed: +[0-9]+' /tmp/search-test-output.txt | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' /tmp/search-test-output.txt | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' /tmp/search-test-output.txt | awk '{s+=$2} END {print s+0}')
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
