#!/usr/bin/env bash
# PowerMicro local infrastructure without systemd and without a Docker engine:
# the project's own PostgreSQL 15 cluster and RabbitMQ 3.10 node, bound to 127.0.0.1 only.
#
#   deploy/infra.sh start    install missing Debian packages, start both (idempotent)
#   deploy/infra.sh stop     stop both (idempotent, data kept)
#   deploy/infra.sh status   print state; exit 0 only if both are up
#   deploy/infra.sh env      print export lines:  eval "$(deploy/infra.sh env)"
#   start and stop take an optional postgres|rabbitmq to act on one server (fault tests stop one for real)
#
# Data lives under <repo>/.data/ (git-ignored):
#   .data/postgres   the cluster (or /var/lib/powermicro/<hash>/postgres when the postgres
#                    user cannot reach the repo, e.g. a checkout under /root)
#   .data/rabbitmq   mnesia, logs, config, enabled_plugins, pid files, HOME with the Erlang cookie
#   .data/logs       postgres.log, rabbitmq.out.log (console output of the node)
#
# Environment: POWERMICRO_PG_PORT (5433), POWERMICRO_RABBIT_PORT (5672),
# POWERMICRO_RABBIT_MGMT_PORT (15672), POWERMICRO_INFRA_TIMEOUT (90 s, per server),
# POWERMICRO_RABBIT_NODENAME (powermicro@localhost; change it to run a second checkout's node).
# POWERMICRO_DATA (<repo>/.data: where the servers keep their data; another directory gives another
# pair of servers, with other ports), POWERMICRO_PG_DB (powermicro) and POWERMICRO_RABBIT_VHOST (/):
# another database and virtual host keep a second system apart on the same servers.
# POWERMICRO_PG_MAX_CONNECTIONS (500: five services with their connection pools, plus parallel tests).
# The Erlang distribution port is POWERMICRO_RABBIT_PORT + 20000.
# Runs as root (as CI does); never prompts.
# If another checkout's PowerMicro servers (same script, other directory; e.g. a developer's while
# CI runs in a fresh clone on the same machine) already serve these ports, 'start' and 'status'
# use them and say so, and 'stop' leaves them alone.
#
# LOCAL DEVELOPMENT ONLY: PostgreSQL uses trust authentication and RabbitMQ the default
# guest/guest user; both listen on the loopback interface only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
DATA="${POWERMICRO_DATA:-$ROOT/.data}"
LOGS="$DATA/logs"
RDIR="$DATA/rabbitmq"

PG_PORT="${POWERMICRO_PG_PORT:-5433}"
RABBIT_PORT="${POWERMICRO_RABBIT_PORT:-5672}"
MGMT_PORT="${POWERMICRO_RABBIT_MGMT_PORT:-15672}"
TIMEOUT="${POWERMICRO_INFRA_TIMEOUT:-90}"
for _v in PG_PORT RABBIT_PORT MGMT_PORT TIMEOUT; do
  [[ "${!_v}" =~ ^[0-9]+$ ]] || { echo "infra: $_v must be a number, got '${!_v}'" >&2; exit 2; }
done
DIST_PORT=$((RABBIT_PORT + 20000))

PG_DB="${POWERMICRO_PG_DB:-powermicro}"
[[ "$PG_DB" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "infra: POWERMICRO_PG_DB must be a plain lower-case name, got '$PG_DB'" >&2; exit 2; }
VHOST="${POWERMICRO_RABBIT_VHOST:-/}"
[[ "$VHOST" == / || "$VHOST" =~ ^[a-z0-9_-]+$ ]] || { echo "infra: POWERMICRO_RABBIT_VHOST must be / or a plain name, got '$VHOST'" >&2; exit 2; }
PG_BIN=/usr/lib/postgresql/15/bin
RABBIT_BIN=/usr/lib/rabbitmq/bin
NODE="${POWERMICRO_RABBIT_NODENAME:-powermicro@localhost}"

say() { printf 'infra: %s\n' "$*"; }
warn() { printf 'infra: %s\n' "$*" >&2; }
die() { printf 'infra: ERROR: %s\n' "$*" >&2; exit 1; }

# Is something accepting TCP connections on 127.0.0.1:$1?
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Print the last lines of each given log file that exists (to stderr).
show_logs() {
  local f
  for f in "$@"; do
    [[ -s "$f" ]] || continue
    printf '\n----- last 40 lines of %s -----\n' "$f" >&2
    tail -n 40 "$f" >&2 || true
  done
  printf '\n' >&2
}

# ---------------------------------------------------------------------------------------------
# Debian packages
# ---------------------------------------------------------------------------------------------
POLICY_RC=/usr/sbin/policy-rc.d
POLICY_CREATED=0
remove_policy_rc() {
  if ((POLICY_CREATED)); then rm -f "$POLICY_RC"; POLICY_CREATED=0; fi
}

ensure_packages() {
  local missing=()
  [[ -x "$PG_BIN/initdb" && -x "$PG_BIN/pg_ctl" ]] || missing+=(postgresql-15)
  [[ -x "$PG_BIN/psql" && -x "$PG_BIN/pg_isready" ]] || missing+=(postgresql-client-15)
  [[ -x "$RABBIT_BIN/rabbitmq-server" ]] || missing+=(rabbitmq-server)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  ((${#missing[@]})) || return 0

  say "installing Debian packages: ${missing[*]}"
  # Keep the packages' init scripts from starting system-wide servers during installation.
  if [[ ! -e "$POLICY_RC" ]]; then
    printf '#!/bin/sh\n# created by PowerMicro deploy/infra.sh for the duration of an install\nexit 101\n' >"$POLICY_RC"
    chmod 755 "$POLICY_RC"
    POLICY_CREATED=1
    trap remove_policy_rc EXIT
  fi
  local apt=(apt-get -q -y -o DPkg::Lock::Timeout=300)
  export DEBIAN_FRONTEND=noninteractive
  "${apt[@]}" update >"$LOGS/apt.log" 2>&1 || { show_logs "$LOGS/apt.log"; die "apt-get update failed"; }
  "${apt[@]}" install "${missing[@]}" >>"$LOGS/apt.log" 2>&1 \
    || { show_logs "$LOGS/apt.log"; die "apt-get install ${missing[*]} failed"; }
  remove_policy_rc
  say "installed: ${missing[*]} (log: $LOGS/apt.log)"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------
# Run a command as the postgres user from a directory it can read (the caller's cwd may be /root).
as_postgres() { (cd / && runuser -u postgres -- "$@"); }

PG_FALLBACK_BASE="/var/lib/powermicro/$(printf '%s' "$DATA" | sha256sum | cut -c1-12)"

# Sets PG_DATA and PG_LOG. With "create", picks and prepares a location for a new cluster;
# without it, returns 1 when no cluster exists yet.
resolve_pg() {
  if [[ -f "$DATA/postgres/PG_VERSION" ]]; then
    PG_DATA="$DATA/postgres"; PG_LOG="$LOGS/postgres.log"
  elif [[ -f "$PG_FALLBACK_BASE/postgres/PG_VERSION" ]]; then
    PG_DATA="$PG_FALLBACK_BASE/postgres"; PG_LOG="$PG_FALLBACK_BASE/postgres.log"
  elif [[ "${1:-}" == create ]]; then
    if as_postgres test -x "$DATA" -a -x "$LOGS" 2>/dev/null; then
      PG_DATA="$DATA/postgres"; PG_LOG="$LOGS/postgres.log"
    else
      mkdir -p "$PG_FALLBACK_BASE"
      chmod 755 /var/lib/powermicro "$PG_FALLBACK_BASE"
      PG_DATA="$PG_FALLBACK_BASE/postgres"; PG_LOG="$PG_FALLBACK_BASE/postgres.log"
      say "postgres: user 'postgres' cannot traverse $DATA; the cluster goes to $PG_DATA instead"
      printf '%s\n' "$PG_DATA" >"$DATA/postgres-location.txt"
    fi
  else
    PG_DATA=""; PG_LOG=""
    return 1
  fi
}

pg_running() {  # postmaster alive for our cluster
  [[ -n "${PG_DATA:-}" ]] && as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}
pg_ready() {    # accepting connections on our port
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -t 3
}
pg_psql() {
  PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"
}

# When another checkout's PowerMicro cluster (e.g. the developer's, while CI runs in a fresh clone
# on the same machine) already serves our port, print its data directory and succeed.
pg_foreign() {
  local dir
  dir="$(pg_psql -d postgres -tAc 'SHOW data_directory' 2>/dev/null)" || return 1
  [[ -n "$dir" && "$dir" != "${PG_DATA:-}" ]] || return 1
  [[ "$dir" == */.data/postgres || "$dir" == /var/lib/powermicro/*/postgres ]] || return 1
  printf '%s\n' "$dir"
}

pg_ensure_db() {
  if [[ "$(pg_psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]]; then
    pg_psql -d postgres -c "CREATE DATABASE $PG_DB"
    say "postgres: created database '$PG_DB'"
  fi
}

pg_start() {
  resolve_pg create
  if pg_running; then
    local i
    for ((i = 0; i < 10; i++)); do
      if pg_ready; then
        pg_ensure_db
        say "postgres: already running on 127.0.0.1:$PG_PORT (data $PG_DATA), nothing to do"
        return 0
      fi
      sleep 1
    done
    die "postgres: the cluster in $PG_DATA is running but does not answer on 127.0.0.1:$PG_PORT (started with another port?); run '$0 stop' first"
  fi
  local other
  if other="$(pg_foreign)"; then
    pg_ensure_db
    say "postgres: 127.0.0.1:$PG_PORT is already served by another checkout's PowerMicro cluster ($other); using it"
    return 0
  fi
  if port_open "$PG_PORT"; then
    die "postgres: port 127.0.0.1:$PG_PORT is taken by another process; set POWERMICRO_PG_PORT to a free port"
  fi

  if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
    say "postgres: initialising a new cluster in $PG_DATA"
    mkdir -p "$PG_DATA"
    chown postgres:postgres "$PG_DATA"
    chmod 700 "$PG_DATA"
    as_postgres "$PG_BIN/initdb" -D "$PG_DATA" --auth=trust -U postgres \
      --encoding=UTF8 --locale=C.UTF-8 >"$LOGS/initdb.log" 2>&1 \
      || { show_logs "$LOGS/initdb.log"; die "postgres: initdb failed"; }
    cat >>"$PG_DATA/postgresql.conf" <<EOF

# --- PowerMicro local-development instance (deploy/infra.sh) ---
# Loopback TCP only, no Unix socket (the port is also passed on each start).
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = ''
EOF
  fi

  # pg_ctl opens the log as the postgres user.
  touch "$PG_LOG"
  chown postgres:postgres "$PG_LOG"
  say "postgres: starting on 127.0.0.1:$PG_PORT (log $PG_LOG)"
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$TIMEOUT" \
    -o "-c port=$PG_PORT -c listen_addresses=127.0.0.1 -c max_connections=${POWERMICRO_PG_MAX_CONNECTIONS:-500} -c shared_preload_libraries=pg_stat_statements" start >/dev/null \
    || { show_logs "$PG_LOG"; die "postgres: did not start within ${TIMEOUT}s"; }
  pg_ready || { show_logs "$PG_LOG"; die "postgres: started but does not accept connections on 127.0.0.1:$PG_PORT"; }
  pg_ensure_db
  say "postgres: up on 127.0.0.1:$PG_PORT, database '$PG_DB'"
}

pg_stop() {
  if ! resolve_pg || ! pg_running; then
    local other
    if other="$(pg_foreign)"; then
      say "postgres: not running here (127.0.0.1:$PG_PORT is another checkout's cluster, $other; left alone)"
    else
      say "postgres: not running"
    fi
    return 0
  fi
  say "postgres: stopping (data $PG_DATA)"
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t "$TIMEOUT" stop >/dev/null \
    || { show_logs "$PG_LOG"; die "postgres: did not stop within ${TIMEOUT}s"; }
  say "postgres: stopped"
}

pg_status() {  # prints one line; returns 0 when up
  local other
  if ! resolve_pg; then
    if other="$(pg_foreign)"; then
      say "postgres: UP   127.0.0.1:$PG_PORT database '$PG_DB' (another checkout's cluster: $other)"
      return 0
    fi
    say "postgres: DOWN (no cluster yet; run '$0 start')"
    return 1
  fi
  if pg_running && pg_ready; then
    say "postgres: UP   127.0.0.1:$PG_PORT database '$PG_DB' (data $PG_DATA)"
    return 0
  elif ! pg_running && other="$(pg_foreign)"; then
    say "postgres: UP   127.0.0.1:$PG_PORT database '$PG_DB' (another checkout's cluster: $other)"
    return 0
  elif pg_running; then
    say "postgres: DOWN (process running in $PG_DATA but not accepting connections on 127.0.0.1:$PG_PORT)"
  else
    say "postgres: DOWN"
  fi
  return 1
}

# ---------------------------------------------------------------------------------------------
# RabbitMQ
# ---------------------------------------------------------------------------------------------
RABBIT_OUT="$LOGS/rabbitmq.out.log"
RABBIT_LOG="$RDIR/log/$NODE.log"
RABBIT_LAUNCHER_PID="$RDIR/launcher.pid"   # pid of the rabbitmq-server script we started
RABBIT_NODE_PID="$RDIR/rabbitmq.pid"       # pid of the Erlang VM, written by the node itself
LOOPBACK_DIST="-kernel inet_dist_use_interface {127,0,0,1}"

# Everything the server and the CLI tools need; the same HOME (Erlang cookie) for both, and no
# system-wide file under /etc/rabbitmq or /var/lib/rabbitmq is read or written.
RABBIT_ENV=(
  "HOME=$RDIR/home"
  "RABBITMQ_NODENAME=$NODE"
  "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1"
  "RABBITMQ_NODE_PORT=$RABBIT_PORT"
  "RABBITMQ_DIST_PORT=$DIST_PORT"
  "ERL_EPMD_ADDRESS=127.0.0.1"
  "RABBITMQ_CONF_ENV_FILE=$RDIR/rabbitmq-env.conf"
  "RABBITMQ_CONFIG_FILE=$RDIR/rabbitmq.conf"
  "RABBITMQ_ADVANCED_CONFIG_FILE=$RDIR/advanced.config"
  "RABBITMQ_ENABLED_PLUGINS_FILE=$RDIR/enabled_plugins"
  "RABBITMQ_MNESIA_BASE=$RDIR/mnesia"
  "RABBITMQ_LOG_BASE=$RDIR/log"
  "RABBITMQ_PID_FILE=$RABBIT_NODE_PID"
  "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=$LOOPBACK_DIST"
  "RABBITMQ_CTL_ERL_ARGS=$LOOPBACK_DIST"
)
rabbit_cli() {  # rabbit_cli rabbitmqctl|rabbitmq-diagnostics|rabbitmq-plugins ARGS...
  local tool=$1; shift
  (cd "$RDIR" && env "${RABBIT_ENV[@]}" timeout 60 "$RABBIT_BIN/$tool" "$@")
}

rabbit_installed() { [[ -x "$RABBIT_BIN/rabbitmq-server" ]]; }
# Is our node registered with epmd? Asking epmd directly never starts one, whereas any CLI tool
# would start a (lingering) epmd, so the CLI is only used once the node is registered.
rabbit_registered() {
  rabbit_installed && [[ -f "$RDIR/home/.erlang.cookie" ]] \
    && ERL_EPMD_ADDRESS=127.0.0.1 epmd -names 2>/dev/null | grep -q "^name ${NODE%@*} at port "
}
rabbit_alive() {   # the node answers (may still be booting)
  rabbit_registered && rabbit_cli rabbitmq-diagnostics -n "$NODE" -q ping >/dev/null 2>&1
}
mgmt_ready() {
  curl -fsS -o /dev/null --max-time 5 -u guest:guest "http://127.0.0.1:$MGMT_PORT/api/overview" 2>/dev/null
}
rabbit_ready() {   # AMQP listener up and the management API answering
  rabbit_registered \
    && rabbit_cli rabbitmq-diagnostics -n "$NODE" -q check_port_connectivity >/dev/null 2>&1 \
    && mgmt_ready
}

# When another checkout's PowerMicro node already serves our ports, print its config directory.
rabbit_foreign() {
  local conf
  conf="$(curl -fsS --max-time 5 -u guest:guest "http://127.0.0.1:$MGMT_PORT/api/nodes" 2>/dev/null \
    | grep -o '"config_files":\["[^"]*' | head -n 1 | sed 's/.*\["//')" || return 1
  [[ "$conf" == */.data/rabbitmq/rabbitmq.conf && "$conf" != "$RDIR/rabbitmq.conf" ]] || return 1
  port_open "$RABBIT_PORT" || return 1
  printf '%s\n' "${conf%/rabbitmq.conf}"
}

# pid from file $1 if that process is alive and its command line contains $2
live_pid() {
  local pid
  [[ -f "$1" ]] || return 1
  pid="$(tr -dc '0-9' <"$1")"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$2" || return 1
  printf '%s\n' "$pid"
}
launcher_running() {  # the process we launched has not ended: bash, setsid, env, the script, or the VM it became
  local pid state
  [[ -f "$RABBIT_LAUNCHER_PID" ]] || return 1
  pid="$(tr -dc '0-9' <"$RABBIT_LAUNCHER_PID")"
  [[ -n "$pid" && -r "/proc/$pid/stat" ]] || return 1
  state="$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)"
  [[ -n "$state" && "$state" != Z ]]
}
rabbit_pids() {  # our launcher and VM processes, if alive
  live_pid "$RABBIT_LAUNCHER_PID" rabbitmq-server || true
  live_pid "$RABBIT_NODE_PID" beam || true
}

rabbit_write_config() {
  mkdir -p "$RDIR/home" "$RDIR/mnesia" "$RDIR/log"
  chmod 700 "$RDIR/home"
  cat >"$RDIR/rabbitmq.conf" <<EOF
# Generated by deploy/infra.sh on each start; edit the script, not this file.
# LOCAL DEVELOPMENT ONLY: loopback listeners, default guest/guest user (loopback-only by default).
listeners.tcp.default = 127.0.0.1:$RABBIT_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $MGMT_PORT
loopback_users.guest = true
EOF
  [[ -f "$RDIR/rabbitmq-env.conf" ]] \
    || printf '# Empty on purpose: deploy/infra.sh sets the environment (keeps /etc/rabbitmq/rabbitmq-env.conf out).\n' >"$RDIR/rabbitmq-env.conf"
  if ! grep -q rabbitmq_management "$RDIR/enabled_plugins" 2>/dev/null; then
    say "rabbitmq: enabling the management plugin (offline)"
    rabbit_cli rabbitmq-plugins -n "$NODE" --offline enable rabbitmq_management >"$LOGS/rabbitmq-plugins.log" 2>&1 \
      || { show_logs "$LOGS/rabbitmq-plugins.log"; die "rabbitmq: could not enable rabbitmq_management"; }
  fi
}

# A virtual host of its own (POWERMICRO_RABBIT_VHOST) keeps a second system on the same node apart.
rabbit_ensure_vhost() {
  [[ "$VHOST" == / ]] && return 0
  curl -fsS -o /dev/null -u guest:guest -X PUT "http://127.0.0.1:$MGMT_PORT/api/vhosts/$VHOST" \
    && curl -fsS -o /dev/null -u guest:guest -X PUT -H 'content-type: application/json' \
      -d '{"configure":".*","write":".*","read":".*"}' "http://127.0.0.1:$MGMT_PORT/api/permissions/$VHOST/guest" \
    || die "rabbitmq: could not create virtual host '$VHOST'"
}

rabbit_start() {
  rabbit_start_node
  rabbit_ensure_vhost
}

rabbit_start_node() {
  if rabbit_ready; then
    say "rabbitmq: already running as $NODE on 127.0.0.1:$RABBIT_PORT (management :$MGMT_PORT), nothing to do"
    return 0
  fi
  if [[ -n "$(rabbit_pids)" ]] || rabbit_alive; then
    say "rabbitmq: node $NODE is running but not ready yet; waiting"
  else
    local other
    if other="$(rabbit_foreign)"; then
      say "rabbitmq: 127.0.0.1:$RABBIT_PORT/:$MGMT_PORT are already served by another checkout's PowerMicro node ($other); using it"
      return 0
    fi
    if ERL_EPMD_ADDRESS=127.0.0.1 epmd -names 2>/dev/null | grep -q "^name ${NODE%@*} at port "; then
      die "rabbitmq: another Erlang node named $NODE is running (another checkout?); stop it or set POWERMICRO_RABBIT_NODENAME"
    fi
    local p
    for p in "$RABBIT_PORT" "$MGMT_PORT" "$DIST_PORT"; do
      port_open "$p" && die "rabbitmq: port 127.0.0.1:$p is taken by another process; set POWERMICRO_RABBIT_PORT / POWERMICRO_RABBIT_MGMT_PORT"
    done
    rabbit_write_config
    say "rabbitmq: starting $NODE on 127.0.0.1:$RABBIT_PORT, management 127.0.0.1:$MGMT_PORT, distribution 127.0.0.1:$DIST_PORT"
    printf '\n===== %s deploy/infra.sh start =====\n' "$(date -Is)" >>"$RABBIT_OUT"
    # Detached: own session, no terminal, stdin from /dev/null, output to a log; survives this script.
    (cd "$RDIR" && exec setsid nohup env "${RABBIT_ENV[@]}" "$RABBIT_BIN/rabbitmq-server" \
      >>"$RABBIT_OUT" 2>&1 </dev/null) &
    printf '%s\n' "$!" >"$RABBIT_LAUNCHER_PID"
    disown "$!" 2>/dev/null || true
  fi

  local deadline=$((SECONDS + TIMEOUT))
  until rabbit_ready; do
    # The launcher's command line says rabbitmq-server only once its exec chain got there, and the VM writes its
    # pid file only later in boot: in between (long under load) only "the launched process has not ended" tells.
    if [[ -z "$(rabbit_pids)" ]] && ! launcher_running && ! rabbit_alive; then
      show_logs "$RABBIT_OUT" "$RABBIT_LOG"
      die "rabbitmq: the server exited during start-up (logs above)"
    fi
    if ((SECONDS >= deadline)); then
      show_logs "$RABBIT_OUT" "$RABBIT_LOG"
      die "rabbitmq: not ready within ${TIMEOUT}s (logs above; '$0 stop' ends the half-started node)"
    fi
    sleep 1
  done
  say "rabbitmq: up on 127.0.0.1:$RABBIT_PORT, management http://127.0.0.1:$MGMT_PORT/ (log $RABBIT_LOG)"
}

rabbit_stop() {
  local pids other
  pids="$(rabbit_pids | tr '\n' ' ')"
  if ! rabbit_alive; then
    if [[ -z "${pids// /}" ]]; then
      if other="$(rabbit_foreign)"; then
        say "rabbitmq: not running here (127.0.0.1:$RABBIT_PORT is another checkout's node, $other; left alone)"
      else
        say "rabbitmq: not running"
      fi
      return 0
    fi
    # Booting or hung without answering the CLI: ask the VM to stop via SIGTERM.
    say "rabbitmq: node does not answer; sending SIGTERM to pid(s) $pids"
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null || true
  else
    say "rabbitmq: stopping $NODE"
    rabbit_cli rabbitmqctl -n "$NODE" -q shutdown >/dev/null 2>&1 \
      || warn "rabbitmq: 'rabbitmqctl shutdown' reported an error; waiting for the processes anyway"
  fi
  local deadline=$((SECONDS + TIMEOUT))
  while [[ -n "$(rabbit_pids)" ]]; do
    ((SECONDS < deadline)) || die "rabbitmq: still running after ${TIMEOUT}s (pid(s) $(rabbit_pids | tr '\n' ' '))"
    sleep 0.5
  done
  rm -f "$RABBIT_LAUNCHER_PID" "$RABBIT_NODE_PID"
  # The node started epmd (loopback only); end it if no Erlang node is registered any more.
  if ! ERL_EPMD_ADDRESS=127.0.0.1 epmd -names 2>/dev/null | grep -q '^name '; then
    ERL_EPMD_ADDRESS=127.0.0.1 epmd -kill >/dev/null 2>&1 || true
  fi
  say "rabbitmq: stopped"
}

rabbit_status() {
  local other
  if ! rabbit_installed; then
    say "rabbitmq: DOWN (rabbitmq-server not installed; '$0 start' installs it)"
    return 1
  fi
  if rabbit_ready; then
    say "rabbitmq: UP   $NODE amqp 127.0.0.1:$RABBIT_PORT, management 127.0.0.1:$MGMT_PORT"
    return 0
  elif rabbit_alive || [[ -n "$(rabbit_pids)" ]]; then
    say "rabbitmq: DOWN (node process running but not ready)"
  elif other="$(rabbit_foreign)"; then
    say "rabbitmq: UP   amqp 127.0.0.1:$RABBIT_PORT, management 127.0.0.1:$MGMT_PORT (another checkout's node: $other)"
    return 0
  else
    say "rabbitmq: DOWN"
  fi
  return 1
}

# ---------------------------------------------------------------------------------------------
print_env() {
  cat <<EOF
# PowerMicro local-development infrastructure (deploy/infra.sh). LOCAL DEVELOPMENT ONLY:
# PostgreSQL uses trust authentication on 127.0.0.1 (the password is ignored); RabbitMQ guest/guest.
export POWERMICRO_POSTGRES='Host=127.0.0.1;Port=$PG_PORT;Database=$PG_DB;Username=postgres;Password=postgres'
export POWERMICRO_RABBITMQ='amqp://guest:guest@127.0.0.1:$RABBIT_PORT/$([[ "$VHOST" == / ]] || printf '%s' "$VHOST")'
export POWERMICRO_RABBITMQ_MANAGEMENT='http://guest:guest@127.0.0.1:$MGMT_PORT/'
EOF
}

need_root() {
  [[ "$(id -u)" == 0 ]] || die "'$1' needs root (runuser, apt-get); run it as root or with sudo"
}

usage() {
  echo "usage: $0 start|stop|status|env [postgres|rabbitmq]" >&2
  exit 2
}

main() {
  (($# == 1 || $# == 2)) || usage
  local which="${2:-both}"
  [[ "$which" == both || "$which" == postgres || "$which" == rabbitmq ]] || usage
  case "$1" in
    start)
      need_root start
      mkdir -p "$DATA" "$LOGS" "$RDIR"
      chmod 755 "$DATA" "$LOGS"   # the postgres user must traverse these
      ensure_packages
      [[ "$which" == rabbitmq ]] || pg_start
      [[ "$which" == postgres ]] || rabbit_start
      ;;
    stop)
      need_root stop
      local rc=0
      # subshells: a failure of one still lets the other stop
      if [[ "$which" != rabbitmq ]]; then (pg_stop) || rc=1; fi
      if [[ "$which" != postgres ]]; then (rabbit_stop) || rc=1; fi
      return "$rc"
      ;;
    status)
      need_root status
      local rc=0
      pg_status || rc=1
      rabbit_status || rc=1
      return "$rc"
      ;;
    env) print_env ;;
    -h | --help | help) echo "usage: $0 start|stop|status|env [postgres|rabbitmq]"; ;;
    *) usage ;;
  esac
}

main "$@"
