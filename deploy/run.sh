#!/usr/bin/env bash
# Starts the whole system on this machine: PostgreSQL and RabbitMQ (deploy/infra.sh), then the four
# services and the gateway as separate processes on loopback, and waits until every one is ready.
#
#   deploy/run.sh                    run in the foreground; Ctrl-C or SIGTERM stops everything it started
#   deploy/run.sh --detach           start in the background and return once all are ready
#     --instances N                  N instances of every service (default 1), the gateway balancing across them
#     --no-build                     use what was built before (tests and scripts that already built)
#   deploy/run.sh --stop             stop what a detached run started
#   deploy/run.sh --stop NAME        stop one process of a run (it stays stopped until --start)
#   deploy/run.sh --start NAME       start it again, with the run's environment, and wait until it is ready
#   deploy/run.sh --restart NAME     stop and start, one instance after the other
# NAME: gateway; a service (intake, dispatch, complaint, callback: all its instances); or one instance,
# e.g. dispatch-2.
#
# Ports (loopback only): gateway $GATEWAY_PORT (8080), intake 5101, dispatch 5102, complaint 5103,
# callback 5104; override with INTAKE_PORT, DISPATCH_PORT, COMPLAINT_PORT, CALLBACK_PORT. Instance i of a
# service listens on its port + 10 * (i - 1) (intake-2 on 5111).
# Logs: .data/logs/<process>.log, with several instances .data/logs/<service>-<i>.log.
# Other settings pass through the environment (e.g. Clock__Speed=60, OTEL_EXPORTER_OTLP_ENDPOINT=
# http://127.0.0.1:4317 to send traces to a Jaeger); --start and --restart reuse the environment the run
# was started with. A service asked to stop first reports not ready for Health__DrainOnStop (3 s) while it
# keeps serving, so the gateway stops routing to it before it goes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

run_dir="$root/.data/run"
log_dir="$root/.data/logs"

usage() {
  cat >&2 <<'USAGE'
usage: deploy/run.sh [--detach] [--instances N] [--no-build]
       deploy/run.sh --stop [NAME]
       deploy/run.sh --start NAME | --restart NAME
NAME: gateway, intake, dispatch, complaint, callback (all instances) or one instance such as dispatch-2
USAGE
  exit 2
}

mode=foreground
target=""
instances=1
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --detach) mode=detach ;;
    --no-build) build=0 ;;
    --instances) [ $# -ge 2 ] || usage; instances="$2"; shift ;;
    --instances=*) instances="${1#*=}" ;;
    --stop) mode=stop; if [ $# -ge 2 ] && [[ "$2" != --* ]]; then target="$2"; shift; fi ;;
    --start|--restart) mode="${1#--}"; [ $# -ge 2 ] || usage; target="$2"; shift ;;
    *) usage ;;
  esac
  shift
done
[[ "$instances" =~ ^[1-9]$ ]] || { echo "run: --instances takes 1 to 9, got '$instances'" >&2; exit 2; }

services=(intake dispatch complaint callback)
declare -A projects=(
  [intake]=services/Intake/PowerMicro.Intake [dispatch]=services/Dispatch/PowerMicro.Dispatch
  [complaint]=services/Complaint/PowerMicro.Complaint [callback]=services/Callback/PowerMicro.Callback
  [gateway]=gateway/PowerMicro.Gateway)

say() { echo "run: $*"; }

# The settings of a run, saved when it starts so that --start and --restart use the same ones.
load_run() {
  [ -f "$run_dir/env.sh" ] || { echo "run: no run to act on (start one with deploy/run.sh --detach)" >&2; exit 1; }
  set +e
  # shellcheck disable=SC1091
  . "$run_dir/env.sh" 2>/dev/null
  set -e
  instances="$(cat "$run_dir/instances" 2>/dev/null || echo 1)"
}

set_ports() {
  GATEWAY_PORT="${GATEWAY_PORT:-8080}"
  INTAKE_PORT="${INTAKE_PORT:-5101}" DISPATCH_PORT="${DISPATCH_PORT:-5102}"
  COMPLAINT_PORT="${COMPLAINT_PORT:-5103}" CALLBACK_PORT="${CALLBACK_PORT:-5104}"
  declare -gA base_ports=([intake]="$INTAKE_PORT" [dispatch]="$DISPATCH_PORT" [complaint]="$COMPLAINT_PORT"
    [callback]="$CALLBACK_PORT" [gateway]="$GATEWAY_PORT")
}

# A process's label (its pid and log file name): the service's name with one instance, name-i with several.
label_of() { if [ "$1" = gateway ] || [ "$instances" = 1 ]; then echo "$1"; else echo "$1-$2"; fi; }
port_of() { echo $(( ${base_ports[$1]} + 10 * ($2 - 1) )); }

# Every process of the run as "name instance label", services first, the gateway last.
all_processes() {
  local name i
  for name in "${services[@]}"; do
    for ((i = 1; i <= instances; i++)); do echo "$name $i $(label_of "$name" "$i")"; done
  done
  echo "gateway 1 gateway"
}

# The processes NAME stands for.
resolve() {
  local name="$1" service instance
  if [ "$name" = gateway ]; then echo "gateway 1 gateway"; return; fi
  for service in "${services[@]}"; do
    if [ "$name" = "$service" ]; then all_processes | grep "^$service "; return; fi
    if [[ "$name" =~ ^$service-([0-9]+)$ ]]; then
      instance="${BASH_REMATCH[1]}"
      if [ "$instance" -ge 1 ] && [ "$instance" -le "$instances" ]; then echo "$service $instance $(label_of "$service" "$instance")"; return; fi
    fi
  done
  echo "run: '$name' is not a process of this run (gateway, ${services[*]}, or <service>-1..$instances)" >&2
  exit 2
}

pid_of() { cat "$run_dir/$1.pid" 2>/dev/null || true; }
# Alive and still one of ours (a pid file can outlive its process, and the number be reused).
ours() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q 'PowerMicro\.'; }
running() { ours "$(pid_of "$1")"; }

launch() {  # name instance label
  local name="$1" i="$2" label="$3" project dir dll port s list
  project="${projects[$name]}"
  dir="$root/$(dirname "$project")/bin/Release/net10.0"
  dll="$(basename "$project").dll"
  [ -f "$dir/$dll" ] || { echo "run: $dir/$dll is missing; build first (or leave out --no-build)" >&2; exit 1; }
  port="$(port_of "$name" "$i")"
  # Another process's answer must not pass for this one's readiness.
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "run: port 127.0.0.1:$port for $label is taken by another process; choose other ports (see the top of deploy/run.sh)" >&2
    return 1
  fi
  local args=(--urls "http://127.0.0.1:$port")
  if [ "$name" = gateway ]; then
    for s in "${services[@]}"; do
      list=""
      for ((n = 1; n <= instances; n++)); do list+="${list:+,}http://127.0.0.1:$(port_of "$s" "$n")"; done
      args+=("--Services:${s^}=$list")
    done
  else
    args+=("--Health:DrainOnStop=${Health__DrainOnStop:-00:00:03}")
  fi
  (cd "$dir" && OTEL_SERVICE_NAME="$name" exec setsid dotnet "$dll" "${args[@]}" >>"$log_dir/$label.log" 2>&1 </dev/null) &
  echo $! >"$run_dir/$label.pid"
  say "started $label (pid $!) on http://127.0.0.1:$port, log .data/logs/$label.log"
}

wait_ready() {  # name instance label
  local url="http://127.0.0.1:$(port_of "$1" "$2")/health/ready" deadline=$((SECONDS + 180))
  until curl -fs -o /dev/null --max-time 5 "$url"; do
    if ! running "$3"; then say "$3 exited; last lines of its log:"; tail -n 30 "$log_dir/$3.log"; return 1; fi
    if [ $SECONDS -ge $deadline ]; then say "$3 is not ready after 180 s; last lines of its log:"; tail -n 30 "$log_dir/$3.log"; return 1; fi
    sleep 0.5
  done
  say "$3 ready ($url)"
}

stop_one() {  # label
  local label="$1" pid
  pid="$(pid_of "$label")"
  if ours "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 175); do ours "$pid" || break; sleep 0.2; done
    if ours "$pid"; then say "$label did not stop in 35 s, killing it"; kill -KILL "$pid" 2>/dev/null || true; fi
    say "stopped $label"
  elif [ -n "$pid" ]; then
    say "$label was not running"
  fi
  rm -f "$run_dir/$label.pid"
}

stop_processes() {
  local file pid label n
  local labels=() pids=()
  for file in "$run_dir"/*.pid; do
    [ -f "$file" ] || continue
    pid="$(cat "$file")"
    if ours "$pid"; then kill -TERM "$pid" 2>/dev/null || true; labels+=("$(basename "$file" .pid)"); pids+=("$pid"); fi
  done
  for n in "${!pids[@]}"; do
    pid="${pids[$n]}" label="${labels[$n]}"
    for _ in $(seq 1 175); do ours "$pid" || break; sleep 0.2; done
    if ours "$pid"; then say "$label did not stop in 35 s, killing it"; kill -KILL "$pid" 2>/dev/null || true; fi
    say "stopped $label"
  done
  rm -f "$run_dir"/*.pid
  rm -f "$run_dir"/*.stopped "$run_dir"/*.restarting "$run_dir/env.sh" "$run_dir/instances"
  if [ -f "$run_dir/infra-started-by-run" ]; then
    rm -f "$run_dir/infra-started-by-run"
    "$root/deploy/infra.sh" stop
  fi
}

case "$mode" in
  stop)
    if [ -z "$target" ]; then stop_processes; exit 0; fi
    load_run; set_ports
    processes="$(resolve "$target")"
    while read -r name i label; do
      touch "$run_dir/$label.stopped"
      stop_one "$label"
    done <<<"$processes"
    exit 0 ;;
  start|restart)
    load_run; set_ports
    mkdir -p "$log_dir"
    processes="$(resolve "$target")"
    while read -r name i label; do
      if [ "$mode" = start ] && running "$label"; then say "$label is already running (pid $(pid_of "$label"))"; continue; fi
      touch "$run_dir/$label.restarting"
      [ "$mode" = restart ] && stop_one "$label"
      if ! launch "$name" "$i" "$label"; then rm -f "$run_dir/$label.restarting"; exit 1; fi
      if ! wait_ready "$name" "$i" "$label"; then rm -f "$run_dir/$label.restarting"; exit 1; fi
      rm -f "$run_dir/$label.restarting" "$run_dir/$label.stopped"
    done <<<"$processes"
    exit 0 ;;
esac

mkdir -p "$run_dir" "$log_dir"
for file in "$run_dir"/*.pid; do
  [ -f "$file" ] || continue
  if ours "$(cat "$file")"; then
    echo "run: $(basename "$file" .pid) is already running (pid $(cat "$file")); stop it first with deploy/run.sh --stop" >&2
    exit 1
  fi
  rm -f "$file"
done
rm -f "$run_dir"/*.stopped "$run_dir"/*.restarting

if ! "$root/deploy/infra.sh" status >/dev/null 2>&1; then touch "$run_dir/infra-started-by-run"; fi
"$root/deploy/infra.sh" start
eval "$("$root/deploy/infra.sh" env)"
# Queues an earlier version consumed and this one does not: nothing reads them, so they would only fill up.
# (Each service's first-trace recorder: only callback keeps one; the others remember the trace where they consume
# OrderReceived or take the order.)
vhost_path="$(printf '%s' "${POWERMICRO_RABBIT_VHOST:-/}" | sed 's|/|%2F|g')"
for queue in intake-order-first-trace-recorder dispatch-order-first-trace-recorder complaint-order-first-trace-recorder; do
  curl -fsS -o /dev/null -X DELETE "${POWERMICRO_RABBITMQ_MANAGEMENT%/}/api/queues/$vhost_path/$queue" 2>/dev/null \
    && say "removed the obsolete queue $queue"
done

if [ "$build" = 1 ]; then
  say "building (Release)"
  "$root/deploy/restore.sh"
  dotnet build PowerMicro.sln -c Release --no-restore --nologo -v quiet -clp:ErrorsOnly
fi

if [ "$mode" = foreground ]; then
  trap 'echo; say "stopping"; stop_processes; exit 0' INT TERM
fi

set_ports
export GATEWAY_PORT INTAKE_PORT DISPATCH_PORT COMPLAINT_PORT CALLBACK_PORT
export ConnectionStrings__Postgres="$POWERMICRO_POSTGRES"
export ConnectionStrings__RabbitMq="$POWERMICRO_RABBITMQ"
export Auth__DevTokens__Enabled="${Auth__DevTokens__Enabled:-true}"
# An accelerated clock (Clock__Speed=60: a real second is a minute) needs one epoch shared by all processes.
if [ -n "${Clock__Speed:-}" ]; then export Clock__Epoch="${Clock__Epoch:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}"; fi
echo "$instances" >"$run_dir/instances"
# As export lines: sourced inside a function, "declare -x" would make them local to it.
export -p | sed 's/^declare -x /export /' >"$run_dir/env.sh"

while read -r name i label; do launch "$name" "$i" "$label" || { stop_processes; exit 1; }; done < <(all_processes)

say "waiting until every process is ready"
while read -r name i label; do
  wait_ready "$name" "$i" "$label" || { stop_processes; exit 1; }
done < <(all_processes)

cat <<MSG

PowerMicro is up: gateway http://127.0.0.1:$GATEWAY_PORT ($instances instance(s) of each service)
The service-centre console: http://127.0.0.1:$GATEWAY_PORT/console/

Get a development token and call the API:
  TOKEN=\$(curl -s -X POST http://127.0.0.1:$GATEWAY_PORT/api/auth/dev-token -H 'Content-Type: application/json' -d '{"role":"agent","name":"me"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
  curl -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:$GATEWAY_PORT/api/orders
MSG

if [ "$mode" = detach ]; then
  echo "Stop it with: deploy/run.sh --stop (one process: --stop, --start or --restart NAME)"
  exit 0
fi
echo "Press Ctrl-C to stop everything this run started."
while true; do
  while read -r name i label; do
    # A process stopped or being restarted on purpose (--stop/--restart NAME) is not a crash.
    [ -f "$run_dir/$label.stopped" ] || [ -f "$run_dir/$label.restarting" ] && continue
    if ! running "$label"; then
      say "$label exited unexpectedly; last lines of its log:"; tail -n 30 "$log_dir/$label.log"; stop_processes; exit 1
    fi
  done < <(all_processes)
  sleep 2 & wait $!
done
