#!/usr/bin/env bash
# Regenerates EF's compiled models (src/Rectify/Data/CompiledModels), one per provider, after any change to the
# model (an entity, a configuration, a migration). Tests/Storage/CompiledModelTests fails while they are stale.
# They cut about 0.4 s off every command's start (bench/cli.md).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  rm -rf "src/Rectify/Data/CompiledModels/$provider"
  dotnet ef dbcontext optimize --project src/Rectify --context "${provider}RectifyDb" \
    --output-dir "Data/CompiledModels/$provider" --namespace "Rectify.Data.CompiledModels.$provider"
done
