#!/usr/bin/env bash
# Adds a migration with the same name to both provider sets (SQLite and PostgreSQL).
# Usage: scripts/add-migration.sh AddTimeBank
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh NAME}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet build src/Groz.Web -v q -nologo >/dev/null
for provider in Sqlite Postgres; do
  dotnet dotnet-ef migrations add "$name" --no-build --project src/Groz.Web \
    --context "${provider}GrozDbContext" --output-dir "Data/Migrations/$provider"
done
