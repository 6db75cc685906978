#!/usr/bin/env bash
# Installs what the tests need, builds in Release and runs every test project, the browser tests included, then the
# TypeScript, Python and Go SDKs' tests against the running app. The database tests run on SQLite files and on a throwaway
# PostgreSQL cluster that this script starts and always stops.
set -euo pipefail
cd "$(dirname "$0")"

# Installs Debian's packages when what they provide is missing (as root), or says how to and stops.
need() {
  local present=$1 packages=$2 purpose=$3
  if eval "$present" >/dev/null 2>&1; then return; fi
  if [ "$(id -u)" = "0" ]; then
    echo "Installing Debian's $packages for $purpose..."
    apt-get update -qq
    # shellcheck disable=SC2086 # several packages, one word each
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null
  else
    echo "$purpose need $packages. Install with: sudo apt-get install $packages" >&2
    exit 1
  fi
}
need '[ -x /usr/bin/chromium ]' chromium "the browser tests"
need 'command -v redis-server' redis-server "the Redis store tests (each test class starts its own)"
need 'command -v npm' "nodejs npm" "the TypeScript SDK's tests"
need 'command -v python3' python3 "the Python SDK's tests (3.11 or later)"
need 'command -v go' golang-go "the Go SDK's tests (1.19 or later)"
need 'command -v curl' curl "the code snippets' tests (they run the curl snippets)"
need 'compgen -G "/usr/lib/postgresql/*/bin/initdb"' postgresql "the database tests (this script starts a throwaway cluster)"

dotnet tool restore
dotnet build TrustVault.sln -c Release
dotnet format TrustVault.sln --verify-no-changes --no-restore

# A PostgreSQL cluster of this run's own: a temp folder, a free loopback port, a random password, stopped on any exit.
# PostgreSQL refuses to run as root, so as root it runs as the postgres user that Debian's package creates.
pg_bin=$(dirname "$(compgen -G "/usr/lib/postgresql/*/bin/initdb" | sort -V | tail -n 1)")
pg_dir=$(mktemp -d)
pg_started=0
as_postgres() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
stop_postgres() {
  if [ "$pg_started" = "1" ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null || true
    pg_started=0
  fi
  rm -rf "$pg_dir"
}
trap stop_postgres EXIT
trap 'exit 130' INT TERM
if [ "$(id -u)" = "0" ]; then chown postgres "$pg_dir"; fi
pg_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
as_postgres sh -c 'umask 077 && printf "%s\n" "$1" > "$2"' _ "$pg_password" "$pg_dir/password"
as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --pwfile="$pg_dir/password" -A scram-sha-256 --no-sync >"$pg_dir/initdb.log"
pg_port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')
as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c max_connections=300" start >/dev/null
pg_started=1
export TRUSTVAULT_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=$pg_password"

# The browser tests check every page with axe-core, which they inject from the npm package this installs.
(cd tests/TrustVault.E2E && npm ci --no-audit --no-fund)

results=$(mktemp -d)
status=0
export TRUSTVAULT_E2E_LOGS="$results/e2e-logs"
for project in tests/TrustVault.Tests tests/TrustVault.E2E; do
  dotnet test "$project" -c Release --no-build --logger "trx;LogFileName=$(basename "$project").trx" --results-directory "$results" || status=1
done
# When a journey failed, what the app logged as an error is the first thing to read: print it with the failure.
if [ "$status" != "0" ] && [ -d "$TRUSTVAULT_E2E_LOGS" ]; then
  echo "Errors the app logged during the browser tests:" >&2
  grep -h -A 12 -E "^(fail|crit):" "$TRUSTVAULT_E2E_LOGS"/*.log | head -n 300 >&2 || true
fi

# The SDKs' tests call the real app: started once from the Release build on a free loopback port, with a fresh
# database that the demo seed fills (its customer's token and key are public, see README), and always stopped again.
# The SDKs run one after the other against it, so their calls never race for the demo plan's per-second limit.
app_dir=$(mktemp -d)
app_pid=""
stop_app() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$app_pid" 2>/dev/null || true
  fi
  rm -rf "$app_dir"
}
trap 'stop_app; stop_postgres' EXIT

ts_report="$results/sdk-typescript.json"
py_report="$results/sdk-python.json"
go_report="$results/sdk-go.json"
port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')
base_url="http://127.0.0.1:$port"
(
  cd src/TrustVault.Web
  ASPNETCORE_ENVIRONMENT=Development Database__ConnectionString="Data Source=$app_dir/trustvault.db" Database__MigrateOnStart=true \
    Seed__DemoData=true exec dotnet bin/Release/net10.0/TrustVault.Web.dll --urls "$base_url"
) >"$app_dir/app.log" 2>&1 &
app_pid=$!
ready=0
for _ in $(seq 180); do
  kill -0 "$app_pid" 2>/dev/null || break
  # Node.js 18 warns on every use of its still experimental fetch; the probe's output says nothing either way.
  if node --no-warnings -e 'fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$base_url/health/ready"; then
    ready=1
    break
  fi
  sleep 0.5
done
if [ "$ready" = "1" ]; then
  (cd sdk/typescript && npm ci --no-audit --no-fund && npm run build && \
    TRUSTVAULT_BASE_URL="$base_url" npm test -- --reporter=default --reporter=json --outputFile.json="$ts_report") || status=1
  (cd sdk/python && TRUSTVAULT_BASE_URL="$base_url" python3 -m tests.run "$py_report") || status=1
  # The Go SDK uses the standard library only: nothing to download, so the module proxy is off, and the build cache
  # and module folder live in this run's temp folder, which a clean clone on any user can write.
  (cd sdk/go && TRUSTVAULT_BASE_URL="$base_url" GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local \
    GOCACHE="$results/go-cache" GOPATH="$results/go-path" go test -json -count=1 ./... >"$go_report") || status=1
  python3 -c 'import json, sys; sys.stdout.write("".join(json.loads(l).get("Output", "") for l in open(sys.argv[1]) if l.startswith("{")))' "$go_report"
else
  echo "The app did not become ready for the SDKs' tests:" >&2
  tail -n 50 "$app_dir/app.log" >&2
  status=1
fi
stop_app

# One closing line over all projects, counted from the test results files.
passed=0
failed=0
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  passed=$((passed + $(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")))
  failed=$((failed + $(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")))
done
if [ -f "$ts_report" ]; then
  read -r sdk_passed sdk_failed < <(node -e 'const r = require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests || (r.success ? 0 : 1));' "$ts_report")
  passed=$((passed + sdk_passed))
  failed=$((failed + sdk_failed))
else
  # The SDK did not install, build or type-check, or the app did not start: count that as one failure.
  failed=$((failed + 1))
fi
if [ -f "$py_report" ]; then
  read -r sdk_passed sdk_failed < <(python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(r["passed"], r["failed"])' "$py_report")
  passed=$((passed + sdk_passed))
  failed=$((failed + sdk_failed))
else
  # The Python tests did not get to run (the app did not start, or the runner itself broke): one failure.
  failed=$((failed + 1))
fi
if [ -f "$go_report" ]; then
  # Tests, not their subtests, are counted; a package that failed with no test failing (it did not build) is one.
  read -r sdk_passed sdk_failed < <(python3 -c '
import json, sys
events = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
tests = [e for e in events if "/" not in e.get("Test", "/")]
passed = sum(e["Action"] == "pass" for e in tests)
failed = sum(e["Action"] == "fail" for e in tests)
built = any(e["Action"] == "pass" and "Test" not in e for e in events)
print(passed, failed or (0 if built else 1))' "$go_report")
  passed=$((passed + sdk_passed))
  failed=$((failed + sdk_failed))
else
  # The Go tests did not get to run (the app did not start): one failure.
  failed=$((failed + 1))
fi
# CI keeps only the end of this output: name each failed test there, with the first lines of its message.
if [ "$failed" != "0" ]; then
  python3 - "$results" <<'PY' >&2
import glob, json, os, sys
import xml.etree.ElementTree as ET
results = sys.argv[1]
print("Failed tests:")
for trx in sorted(glob.glob(os.path.join(results, "*.trx"))):
    for node in ET.parse(trx).getroot().iter():
        if node.tag.endswith("UnitTestResult") and node.get("outcome") == "Failed":
            message = next((m.text or "" for m in node.iter() if m.tag.endswith("Message")), "")
            print(f"  {os.path.basename(trx)}: {node.get('testName')}")
            for line in message.strip().splitlines()[:4]:
                print(f"      {line[:300]}")
            # Where it was thrown: the first frames in our own code say more than the message of a library's exception.
            trace = next((t.text or "" for t in node.iter() if t.tag.endswith("StackTrace")), "")
            for line in [l.strip() for l in trace.splitlines() if "TrustVault" in l][:4]:
                print(f"        {line[:300]}")
def report(name):
    path = os.path.join(results, name)
    return path if os.path.exists(path) else None
if path := report("sdk-typescript.json"):
    for suite in json.load(open(path)).get("testResults", []):
        for test in suite.get("assertionResults", []):
            if test.get("status") == "failed":
                print(f"  TypeScript SDK: {test.get('fullName')}")
                for line in "".join(test.get("failureMessages", [])).strip().splitlines()[:4]:
                    print(f"      {line[:300]}")
if path := report("sdk-python.json"):
    for name in json.load(open(path)).get("failures", []):
        print(f"  Python SDK: {name}")
if path := report("sdk-go.json"):
    for line in open(path):
        if line.startswith("{"):
            event = json.loads(line)
            if event.get("Action") == "fail" and "Test" in event:
                print(f"  Go SDK: {event['Test']}")
PY
fi
echo "tests: $passed passed, $failed failed"
exit $status
