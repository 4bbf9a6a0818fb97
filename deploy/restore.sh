#!/usr/bin/env bash
# Packs the local Patched.DistributedLock.Core shim into build/local-feed, then restores the solution.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if ! ls build/local-feed/patched.distributedlock.core.1.0.11.nupkg >/dev/null 2>&1 \
   && ! ls build/local-feed/Patched.DistributedLock.Core.1.0.11.nupkg >/dev/null 2>&1; then
  dotnet pack build/Patched.DistributedLock.Core/Patched.DistributedLock.Core.csproj \
    -c Release -o build/local-feed --nologo -v quiet
fi
dotnet restore PowerMicro.sln --nologo -v quiet
