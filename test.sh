#!/usr/bin/env bash
# Installs what the tests need, builds in Release and runs every test project, the browser tests included.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installing Debian's chromium for the browser tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Chromium at /usr/bin/chromium. Install it with: sudo apt-get install chromium" >&2
    exit 1
  fi
fi

dotnet tool restore
dotnet build TrustVault.sln -c Release
dotnet format TrustVault.sln --verify-no-changes --no-restore

results=$(mktemp -d)
status=0
for project in tests/TrustVault.Tests tests/TrustVault.E2E; do
  dotnet test "$project" -c Release --no-build --logger "trx;LogFileName=$(basename "$project").trx" --results-directory "$results" || status=1
done

# One closing line over all projects, counted from the test results files.
passed=0
failed=0
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  passed=$((passed + $(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")))
  failed=$((failed + $(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")))
done
echo "tests: $passed passed, $failed failed"
exit $status
