#!/usr/bin/env bash
# Runs every test: the Solidity suite (forge) and all .NET test projects.
# The .NET build installs the pinned npm tools itself (build/ensure-node-modules.mjs).
set -euo pipefail
cd "$(dirname "$0")"

node build/ensure-node-modules.mjs "$PWD"

if [ -d contracts/test ]; then
  echo "== forge test (contracts) =="
  (cd contracts && ../node_modules/@foundry-rs/forge-linux-amd64/bin/forge test)
fi

echo "== dotnet test =="
dotnet test Interop.sln --nologo "$@"
