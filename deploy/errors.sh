#!/usr/bin/env bash
# Lists and re-drives the messages in the services' error queues (RabbitMQ queues named <queue>_error,
# where MassTransit puts a message its consumer could not handle).
#
#   deploy/errors.sh list [queue]      every error queue of the virtual host and its messages: time of the
#                                      fault, message type, order id, message id, exception (messages stay)
#   deploy/errors.sh redrive [queue]   send the messages back to the queue they failed in, one at a time
#                                      (published with the broker's confirm before the original is removed)
#
# Works on the virtual host of POWERMICRO_RABBIT_VHOST (default /), on the servers deploy/infra.sh finds.
# Fix the cause first (see the README's operator's runbook): a message that fails again returns to its
# error queue. Add --no-build to skip building the tool.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

build=1
args=()
for a in "$@"; do
  if [ "$a" = --no-build ]; then build=0; else args+=("$a"); fi
done
case "${args[0]:-}" in
  list|redrive) ;;
  *) echo "usage: deploy/errors.sh list|redrive [queue] [--no-build]" >&2; exit 2 ;;
esac

eval "$("$root/deploy/infra.sh" env)"
tool="$root/tools/PowerMicro.ErrorQueues/bin/Release/net10.0/PowerMicro.ErrorQueues.dll"
if [ "$build" = 1 ] || [ ! -f "$tool" ]; then
  "$root/deploy/restore.sh" >/dev/null
  dotnet build tools/PowerMicro.ErrorQueues -c Release --no-restore --nologo -v quiet -clp:ErrorsOnly >/dev/null
fi
exec dotnet "$tool" "${args[@]}"
