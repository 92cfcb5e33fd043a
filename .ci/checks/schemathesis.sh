#!/usr/bin/env bash
# Property-based API check: starts `lokinetpol serve` on a temporary database and runs
# schemathesis (PyPI, 4.x) with every check except use_after_free (a deleted stack's history
# stays readable by design) and positive_data_acceptance (a schema-valid body whose name
# disagrees with the path is a 422 by design), on bounded examples. Fails on any failure.
# Authentication is on: the server reads a tokens file with one `*` token (read, write) that
# schemathesis sends as a bearer token; its `ignored_auth` check (none or a wrong token) runs
# last, on its own, as the wrong tokens exhaust the address's failed-authentication bucket.
#
#   .ci/checks/schemathesis.sh            # release binary if built, else debug (built if missing)
#   MAX_EXAMPLES=50 .ci/checks/schemathesis.sh
#   LOKINETPOL_BINARY=path/to/lokinetpol OPENAPI_DOCUMENT=candidate.yaml .ci/checks/schemathesis.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

MAX_EXAMPLES="${MAX_EXAMPLES:-100}"
SEED="${SEED:-20251125}"

if ! command -v schemathesis >/dev/null 2>&1; then
  python3 -m pip install --quiet 'schemathesis>=4,<5'
fi

check=schemathesis
. .ci/checks/lib/live-server.sh

# A fresh token: the first line is the secret, the rest its tokens-file entry.
"$binary" token new schemathesis --scopes read write --namespaces '*' >"$work/token.txt"
secret="$(head -1 "$work/token.txt")"
{ echo "tokens:"; tail -n +3 "$work/token.txt"; } >"$work/tokens.yaml"

start_server --tokens "$work/tokens.yaml"
echo "schemathesis: $binary listening on 127.0.0.1:$port"

status=0
root="$(pwd)"
run_schemathesis() {
  # Run from the temporary directory: schemathesis keeps its cache in ./.schemathesis.
  (cd "$work" && schemathesis --config-file "$root/.ci/checks/schemathesis.toml" run "${OPENAPI_DOCUMENT:-$root/openapi/openapi.yaml}" \
    --url "http://127.0.0.1:$port" \
    -H "Authorization: Bearer $secret" \
    --max-examples "$MAX_EXAMPLES" --seed "$SEED" \
    --generation-database none --no-color \
    --report junit --report-dir "$work/report" "$@") || status=$?
}
# Every check but ignored_auth first: ignored_auth sends wrong tokens, which empty the
# address's failed-authentication bucket (10, then 429 for every request with credentials).
run_schemathesis --phases examples,coverage,fuzzing,stateful \
  --checks all --exclude-checks use_after_free,positive_data_acceptance,ignored_auth
# Then ignored_auth on its own: without or with a wrong token nothing may succeed.
run_schemathesis --phases examples,coverage,fuzzing --checks ignored_auth

if grep -q '"level":"error"' "$work/server.log" || grep -q '"level":"critical"' "$work/server.log"; then
  echo "schemathesis: the server logged errors:" >&2
  grep -E '"level":"(error|critical)"' "$work/server.log" | head -20 >&2
  status=1
fi
if grep -qF "$secret" "$work/server.log"; then
  echo "schemathesis: the server logged the bearer secret" >&2
  status=1
fi
exit "$status"
