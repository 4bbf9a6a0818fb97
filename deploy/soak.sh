#!/usr/bin/env bash
# The long run (not in CI): two instances of every service on a PostgreSQL and RabbitMQ of its own (started under
# .data/, stopped at the end), a steady mix of whole lifecycles through the gateway, and on a schedule a fault in
# turn: SIGKILL of a service instance and its restart, RabbitMQ stopped 30 s, PostgreSQL stopped 30 s. It prints each
# fault with the seconds until a new repair was accepted and dispatched, the lifecycles completed and interrupted,
# and ends with the invariant checker (deploy/check.sh's checks): exit 0 only when it finds no violation.
#
#   deploy/soak.sh [--minutes 60] [--fault-every 5] [--rate 1] [--no-build]
#
# The test is tests/PowerMicro.EndToEnd.Tests/Soak; the shared test servers are never touched.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

minutes=60 fault_every=5 rate=1 build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift ;;
    --fault-every) fault_every="$2"; shift ;;
    --rate) rate="$2"; shift ;;
    --no-build) build=0 ;;
    *) echo "usage: deploy/soak.sh [--minutes 60] [--fault-every 5] [--rate 1] [--no-build]" >&2; exit 2 ;;
  esac
  shift
done

if [ "$build" = 1 ]; then
  deploy/restore.sh >/dev/null
  dotnet build PowerMicro.sln -c Release --no-restore -v quiet -clp:ErrorsOnly
fi
# The shared servers of deploy/infra.sh hold the test's base settings; the soak itself runs on servers of its own.
eval "$(deploy/infra.sh env)"
export POWERMICRO_SOAK_MINUTES="$minutes" POWERMICRO_SOAK_FAULT_EVERY="$fault_every" POWERMICRO_SOAK_RATE="$rate"
exec dotnet test tests/PowerMicro.EndToEnd.Tests -c Release --no-build \
  --filter "FullyQualifiedName~When_the_system_runs_for_an_hour_under_faults" --logger "console;verbosity=detailed"
