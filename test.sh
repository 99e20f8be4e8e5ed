#!/usr/bin/env bash
# Runs every test: the Solidity suite (forge) and all .NET test projects, then prints one summary line.
# The .NET build installs the pinned npm tools itself (build/ensure-node-modules.mjs); doing it first here keeps
# forge from running before node_modules exists on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")"

node build/ensure-node-modules.mjs "$PWD"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== forge test (contracts) =="
(cd contracts && ../node_modules/@foundry-rs/forge-linux-amd64/bin/forge test) 2>&1 | tee -a "$log"

echo "== dotnet test =="
dotnet test Interop.sln --nologo "$@" 2>&1 | tee -a "$log"

# forge: "N tests passed, M failed"; dotnet: "Failed:     M, Passed:    N" per test project.
passed=$(( $(grep -oE '[0-9]+ tests passed' "$log" | awk '{s+=$1} END {print s+0}') + $(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}') ))
failed=$(( $(grep -oE 'passed, [0-9]+ failed' "$log" | awk '{s+=$2} END {print s+0}') + $(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}') ))
echo "$passed passed, $failed failed"
