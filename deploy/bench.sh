#!/usr/bin/env bash
# Benchmark commands against a running system (start it with deploy/run.sh --detach):
#   deploy/bench.sh gateway [--path /api/orders?page=1] [-n 20000] [-c 64] [--warmup 5000]
#   deploy/bench.sh availability [--seconds 30] [-c 2] [--rate 40] (answers through the gateway while you restart things)
# Builds tests/PowerMicro.Benchmarks (Release) and runs the command. Every target is on loopback;
# each command sends a bounded number of requests and stops.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
project=tests/PowerMicro.Benchmarks/PowerMicro.Benchmarks.csproj
"$root/deploy/restore.sh" >/dev/null
dotnet build "$project" -c Release --no-restore --nologo -v quiet -clp:ErrorsOnly >/dev/null
exec dotnet "$root/tests/PowerMicro.Benchmarks/bin/Release/net10.0/PowerMicro.Benchmarks.dll" "$@"
