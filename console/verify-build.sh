#!/usr/bin/env bash
# Checks that the committed build (gateway/Console/dist) is exactly what the sources in console/ build to
# with the locked packages: npm ci, vite build into a scratch folder, compare. Exit 1 names the difference.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
npm ci --no-audit --no-fund --loglevel=error >/dev/null
npx tsc --noEmit
npx vite build --logLevel error --outDir "$scratch" --emptyOutDir
if ! diff -r "$scratch" "$here/../gateway/Console/dist"; then
  echo "console: gateway/Console/dist is not what console/ builds to; run (cd console && npm ci && npm run build) and commit it." >&2
  exit 1
fi
echo "console: gateway/Console/dist matches the sources"
