#!/usr/bin/env bash
# Installs what the console's browser tests need, when missing: Debian's Chromium (the tests drive
# /usr/bin/chromium through Playwright; no browser is ever downloaded) and a CJK font, so the Chinese
# screens render legibly in the screenshots. Needs root (apt-get), as deploy/infra.sh does.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy" || missing+=(fonts-wqy-zenhei)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "browser: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
