#!/usr/bin/env bash
# Benchmark commands against a running system (start it with deploy/run.sh --detach):
#   deploy/bench.sh gateway [--path /api/orders?page=1] [-n 20000] [-c 64] [--warmup 5000]
#   deploy/bench.sh availability [--seconds 30] [-c 2] [--rate 40] (answers through the gateway while you restart things)
#   deploy/bench.sh console [--gateway http://127.0.0.1:8080] [-n 10]   (page weight, first render; needs deploy/browser.sh)
#   deploy/bench.sh lifecycle [--steps 5,10,20,...] [--step-seconds 20] [--concurrency 16]   (README: Benchmarks)
# Builds tests/PowerMicro.Benchmarks (Release) and runs the command. Every target is on loopback;
# each command sends a bounded number of requests and stops.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
project=tests/PowerMicro.Benchmarks/PowerMicro.Benchmarks.csproj
"$root/deploy/restore.sh" >/dev/null
dotnet build "$project" -c Release --no-restore --nologo -v quiet -clp:ErrorsOnly >/dev/null
# the servers' addresses, database and vhost of this checkout (POWERMICRO_PG_DB, POWERMICRO_RABBIT_VHOST), unless set
if [ -z "${POWERMICRO_POSTGRES:-}" ]; then eval "$("$root/deploy/infra.sh" env)"; fi
export POWERMICRO_ROOT="$root"
exec dotnet "$root/tests/PowerMicro.Benchmarks/bin/Release/net10.0/PowerMicro.Benchmarks.dll" "$@"
