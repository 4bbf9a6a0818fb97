#!/usr/bin/env bash
# Starts the whole system on this machine: PostgreSQL and RabbitMQ (deploy/infra.sh), then the four
# services and the gateway as separate processes on loopback, and waits until every one is ready.
#
#   deploy/run.sh            run in the foreground; Ctrl-C or SIGTERM stops everything it started
#   deploy/run.sh --detach   start in the background and return once all are ready
#   deploy/run.sh --stop     stop what a detached run started
#
# Ports (loopback only): gateway $GATEWAY_PORT (8080), intake 5101, dispatch 5102, complaint 5103,
# callback 5104; override with INTAKE_PORT, DISPATCH_PORT, COMPLAINT_PORT, CALLBACK_PORT.
# Logs: .data/logs/<process>.log. Other settings pass through the environment (e.g. Clock__Speed=60,
# OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317 to send traces to a Jaeger).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

run_dir="$root/.data/run"
log_dir="$root/.data/logs"
mode="${1:-foreground}"

GATEWAY_PORT="${GATEWAY_PORT:-8080}"
declare -A ports=(
  [intake]="${INTAKE_PORT:-5101}" [dispatch]="${DISPATCH_PORT:-5102}"
  [complaint]="${COMPLAINT_PORT:-5103}" [callback]="${CALLBACK_PORT:-5104}"
  [gateway]="$GATEWAY_PORT")
declare -A projects=(
  [intake]=services/Intake/PowerMicro.Intake [dispatch]=services/Dispatch/PowerMicro.Dispatch
  [complaint]=services/Complaint/PowerMicro.Complaint [callback]=services/Callback/PowerMicro.Callback
  [gateway]=gateway/PowerMicro.Gateway)
order=(intake dispatch complaint callback gateway)

say() { echo "run: $*"; }

stop_processes() {
  local name pid
  for name in "${order[@]}"; do
    [ -f "$run_dir/$name.pid" ] || continue
    pid=$(cat "$run_dir/$name.pid")
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  for name in "${order[@]}"; do
    [ -f "$run_dir/$name.pid" ] || continue
    pid=$(cat "$run_dir/$name.pid")
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then say "$name did not stop in 30 s, killing it"; kill -KILL "$pid" 2>/dev/null || true; fi
    rm -f "$run_dir/$name.pid"
    say "stopped $name"
  done
  if [ -f "$run_dir/infra-started-by-run" ]; then
    rm -f "$run_dir/infra-started-by-run"
    "$root/deploy/infra.sh" stop
  fi
}

if [ "$mode" = "--stop" ]; then
  stop_processes
  exit 0
fi
if [ "$mode" != "foreground" ] && [ "$mode" != "--detach" ]; then
  echo "usage: deploy/run.sh [--detach|--stop]" >&2
  exit 2
fi

mkdir -p "$run_dir" "$log_dir"
for name in "${order[@]}"; do
  if [ -f "$run_dir/$name.pid" ] && kill -0 "$(cat "$run_dir/$name.pid")" 2>/dev/null; then
    echo "run: $name is already running (pid $(cat "$run_dir/$name.pid")); stop it first with deploy/run.sh --stop" >&2
    exit 1
  fi
done

if ! "$root/deploy/infra.sh" status >/dev/null 2>&1; then touch "$run_dir/infra-started-by-run"; fi
"$root/deploy/infra.sh" start
eval "$("$root/deploy/infra.sh" env)"

say "building (Release)"
"$root/deploy/restore.sh"
dotnet build PowerMicro.sln -c Release --no-restore --nologo -v quiet -clp:ErrorsOnly

if [ "$mode" = "foreground" ]; then
  trap 'echo; say "stopping"; stop_processes; exit 0' INT TERM
fi

export ConnectionStrings__Postgres="$POWERMICRO_POSTGRES"
export ConnectionStrings__RabbitMq="$POWERMICRO_RABBITMQ"
export Auth__DevTokens__Enabled="${Auth__DevTokens__Enabled:-true}"
# An accelerated clock (Clock__Speed=60: a real second is a minute) needs one epoch shared by all processes.
if [ -n "${Clock__Speed:-}" ]; then export Clock__Epoch="${Clock__Epoch:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}"; fi
for name in "${order[@]}"; do
  project="${projects[$name]}"
  dir="$root/$(dirname "$project")/bin/Release/net10.0"
  dll="$(basename "$project").dll"
  args=(--urls "http://127.0.0.1:${ports[$name]}")
  if [ "$name" = gateway ]; then
    args+=(--Services:Intake="http://127.0.0.1:${ports[intake]}" --Services:Dispatch="http://127.0.0.1:${ports[dispatch]}"
           --Services:Complaint="http://127.0.0.1:${ports[complaint]}" --Services:Callback="http://127.0.0.1:${ports[callback]}")
  fi
  (cd "$dir" && OTEL_SERVICE_NAME="$name" exec setsid dotnet "$dll" "${args[@]}" >>"$log_dir/$name.log" 2>&1 </dev/null) &
  echo $! >"$run_dir/$name.pid"
  say "started $name (pid $!) on http://127.0.0.1:${ports[$name]}, log .data/logs/$name.log"
done

say "waiting until every process is ready"
deadline=$((SECONDS + 180))
for name in "${order[@]}"; do
  url="http://127.0.0.1:${ports[$name]}/health/ready"
  until curl -fs -o /dev/null "$url"; do
    if ! kill -0 "$(cat "$run_dir/$name.pid")" 2>/dev/null; then
      say "$name exited; last lines of its log:"; tail -n 30 "$log_dir/$name.log"; stop_processes; exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      say "$name is not ready after 180 s; last lines of its log:"; tail -n 30 "$log_dir/$name.log"; stop_processes; exit 1
    fi
    sleep 0.5
  done
  say "$name ready ($url)"
done

cat <<MSG

PowerMicro is up: gateway http://127.0.0.1:$GATEWAY_PORT
The service-centre console: http://127.0.0.1:$GATEWAY_PORT/console/

Get a development token and call the API:
  TOKEN=\$(curl -s -X POST http://127.0.0.1:$GATEWAY_PORT/api/auth/dev-token -H 'Content-Type: application/json' -d '{"role":"agent","name":"me"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
  curl -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:$GATEWAY_PORT/api/orders
MSG

if [ "$mode" = "--detach" ]; then
  echo "Stop it with: deploy/run.sh --stop"
  exit 0
fi
echo "Press Ctrl-C to stop everything this run started."
while true; do
  for name in "${order[@]}"; do
    if ! kill -0 "$(cat "$run_dir/$name.pid")" 2>/dev/null; then
      say "$name exited unexpectedly; last lines of its log:"; tail -n 30 "$log_dir/$name.log"; stop_processes; exit 1
    fi
  done
  sleep 2 & wait $!
done
