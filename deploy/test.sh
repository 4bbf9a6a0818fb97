#!/usr/bin/env bash
# Runs every test on real PostgreSQL and RabbitMQ: starts the project's own loopback servers (installing
# them on a fresh Debian/Ubuntu machine), restores, builds, runs `dotnet test PowerMicro.sln`, and ends
# with one line "N passed, N failed[, N skipped]". Exit code is non-zero when anything failed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/deploy/infra.sh" start
eval "$("$root/deploy/infra.sh" env)"
"$root/deploy/browser.sh"
"$root/console/verify-build.sh"

"$root/deploy/restore.sh"
dotnet build PowerMicro.sln -c Release --no-restore --nologo -v quiet -clp:ErrorsOnly

results="$root/.data/test-results"
rm -rf "$results"
set +e
dotnet test PowerMicro.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" \
  --blame-hang-timeout 10m "$@"
status=$?
set -e

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  value() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(value total); executed=$(value executed); p=$(value passed); f=$(value failed)
  e=$(value error); t=$(value timeout); a=$(value aborted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done
# The failures again, just above the summary, so a log that keeps only its tail still names them.
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  # Each failed test's name and the first lines of its message, so the log says why as well as what.
  awk '
    /<UnitTestResult / && /outcome="(Failed|Error|Timeout|Aborted)"/ {
      name = $0; sub(/.* testName="/, "", name); sub(/".*/, "", name)
      outcome = $0; sub(/.* outcome="/, "", outcome); sub(/".*/, "", outcome)
      print "  " outcome ": " name; failing = 1; lines = 0; next
    }
    failing && /<Message>/ { inmessage = 1; sub(/.*<Message>/, "") }
    failing && inmessage {
      end = sub(/<\/Message>.*/, "")
      gsub(/&lt;/, "<"); gsub(/&gt;/, ">"); gsub(/&quot;/, "\""); gsub(/&apos;/, "\047"); gsub(/&amp;/, "\\&")
      if (lines < 8 && length($0) > 0) { print "      " substr($0, 1, 300); lines++ }
      if (end) { inmessage = 0; failing = 0 }
    }
    /<\/UnitTestResult>/ { failing = 0; inmessage = 0 }
  ' "$trx" || true
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $status without a failed test: counting the run as one failure." >&2
  failed=1
fi
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
