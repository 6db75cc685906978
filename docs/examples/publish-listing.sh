#!/usr/bin/env bash
# Publishes a new version of a TrustVault listing from a provider's CI pipeline: imports the OpenAPI document, sets the
# listing's version, submits it for review and waits for the decision. A draft or rejected listing goes into review; a
# live listing keeps serving as it is while its changes wait for an administrator (docs/decisions/0008).
#
#   TRUSTVAULT_URL=https://trustvault.example.com TRUSTVAULT_TOKEN=tvp_… \
#     docs/examples/publish-listing.sh <listing-id> <openapi.yaml> <version>
#
# The token is a personal access token with the write scope of an Owner or Developer of the provider organization;
# TRUSTVAULT_ORG picks the organization when the token's user has several. Needs the trustvault command
# (dotnet tool install --global TrustVault.Cli) and jq.
#
# Exits 0 once the changes are approved, 1 when they are rejected or refused (the reason on standard error), 2 on a
# wrong command line, and 75 when no decision came within TRUSTVAULT_REVIEW_TIMEOUT seconds (default 3600; 0 only
# submits): the changes stay in review, and running the script again picks up where it was.
set -euo pipefail

if [ "$#" -ne 3 ]; then
  echo "usage: $0 <listing-id> <openapi-document> <version>" >&2
  exit 2
fi
listing_id=$1
document=$2
version=$3
: "${TRUSTVAULT_URL:?Set TRUSTVAULT_URL to where TrustVault runs.}"
: "${TRUSTVAULT_TOKEN:?Set TRUSTVAULT_TOKEN to a personal access token (tvp_…) with the write scope.}"
timeout=${TRUSTVAULT_REVIEW_TIMEOUT:-3600}
interval=${TRUSTVAULT_POLL_SECONDS:-30}
trustvault=${TRUSTVAULT_CLI:-trustvault}

# The login lives in a folder of this run's own, so a shared CI machine keeps no token behind.
config=$(mktemp -d)
trap 'rm -rf "$config"' EXIT
export TRUSTVAULT_CONFIG_DIR="$config"
login=(login --token "$TRUSTVAULT_TOKEN" --url "$TRUSTVAULT_URL")
if [ -n "${TRUSTVAULT_ORG:-}" ]; then login+=(--org "$TRUSTVAULT_ORG"); fi
"$trustvault" "${login[@]}" >/dev/null

# An invalid document changes nothing: the CLI prints each error at its place in the document and exits 1.
"$trustvault" listings import "$listing_id" "$document"
"$trustvault" listings update "$listing_id" --version "$version"
"$trustvault" listings submit "$listing_id"

deadline=$(( $(date +%s) + timeout ))
while :; do
  review=$("$trustvault" listings status "$listing_id" --json)
  if [ "$(jq -r .isInReview <<<"$review")" = "false" ]; then
    break
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "Still in review after ${timeout}s; run again later to wait for the decision." >&2
    exit 75
  fi
  sleep "$interval"
done

# Decided: a draft is Published or Rejected; a live listing's latest revision is Approved or Rejected.
status=$(jq -r .status <<<"$review")
revision=$(jq -r '.revision.status // empty' <<<"$review")
if [ "$status" = "Rejected" ] || [ "$revision" = "Rejected" ] || [ "$revision" = "Withdrawn" ]; then
  echo "Not published: $(jq -r '.revision.reason // .statusReason // "no reason given"' <<<"$review")" >&2
  exit 1
fi
echo "Published version $version of $(jq -r .slug <<<"$review")."
