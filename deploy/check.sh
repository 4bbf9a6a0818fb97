#!/usr/bin/env bash
# The invariant checker: reads a running system's event streams and read models from PostgreSQL and its error
# queues from the RabbitMQ management API, prints what it checked and every violation with its order id, and
# ends with "N checked, N violations"; exit 1 on any violation (2 when it cannot run). See the README,
# "Checking a running system".
#
#   deploy/check.sh [--settle 30s] [--wait 60s] [--no-build] [--schema SERVICE=SCHEMA]... [--callback-url URL|none]
#
# Servers: ConnectionStrings__Postgres or POWERMICRO_POSTGRES (else `deploy/infra.sh env`), POWERMICRO_PG_DB,
# POWERMICRO_RABBITMQ_MANAGEMENT, POWERMICRO_RABBIT_VHOST, CALLBACK_PORT, as deploy/run.sh uses them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

build=1
args=()
for arg in "$@"; do
  if [ "$arg" = "--no-build" ]; then build=0; else args+=("$arg"); fi
done

if [ -z "${ConnectionStrings__Postgres:-}${POWERMICRO_POSTGRES:-}" ] || [ -z "${POWERMICRO_RABBITMQ_MANAGEMENT:-}" ]; then
  eval "$("$root/deploy/infra.sh" env)"
fi

project=deploy/Check/PowerMicro.Check.csproj
if [ "$build" = 1 ]; then
  "$root/deploy/restore.sh" >/dev/null
  dotnet build "$project" -c Release --no-restore --nologo -v quiet -clp:ErrorsOnly >/dev/null
fi
exec dotnet "$root/deploy/Check/bin/Release/net10.0/PowerMicro.Check.dll" "${args[@]}"
