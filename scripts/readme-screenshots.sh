#!/usr/bin/env bash
# Refreshes the pictures README opens with (docs/screenshots), taken by the browser tests' ReadmeScreenshotTests on a
# freshly seeded app. Needs what ./test.sh installs for the browser tests (Debian's chromium).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
dotnet build tests/TrustVault.E2E -c Release
TRUSTVAULT_README_SCREENSHOTS="$root/docs/screenshots" \
  dotnet test tests/TrustVault.E2E -c Release --no-build --filter "FullyQualifiedName~ReadmeScreenshotTests"
echo "Written: $(ls "$root"/docs/screenshots/*.png | xargs -n1 basename | tr '\n' ' ')"
