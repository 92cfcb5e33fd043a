#!/usr/bin/env bash
# End-to-end checks of `lokinetpol render`: output formats, exit codes (0 rendered, 1 invalid
# input, 2 usage error), warnings on stderr, and that a Secret's credentials are never printed.
# Usage: .ci/checks/cli-render.sh [path/to/lokinetpol]   (default: builds and uses .build/debug)
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
bin="${1:-}"
if [ -z "$bin" ]; then
    swift build --product lokinetpol >/dev/null || exit 1
    bin="$root/.build/debug/lokinetpol"
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

check() {  # check NAME EXPECTED_EXIT ACTUAL_EXIT [extra condition result]
    local name="$1" expected="$2" actual="$3" extra="${4:-0}"
    if [ "$actual" = "$expected" ] && [ "$extra" = 0 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL $name (exit $actual, expected $expected)"
    fi
}

"$bin" render -f examples/envelope.json >"$tmp/out.yaml" 2>"$tmp/err"
check "yaml from a JSON envelope" 0 $? "$( [ "$(grep -c '^---$' "$tmp/out.yaml")" = 8 ]; echo $?)"

"$bin" render -f examples/envelope.json -o json >"$tmp/out.json" 2>/dev/null
check "render result JSON" 0 $? "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["enabled"] and d["digest"].startswith("sha256:") and len(d["policies"]["items"]) == 8 else 1)' "$tmp/out.json"; echo $?)"

"$bin" render -o list <examples/lokistack.yaml >"$tmp/list.json" 2>/dev/null
check "List from stdin" 0 $? "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["kind"] == "List" else 1)' "$tmp/list.json"; echo $?)"

"$bin" render -f examples/stream.yaml -o json >"$tmp/stream.json" 2>"$tmp/stream.err"
check "stream with a Secret" 0 $? "$(! grep -q -e EXAMPLEACCESSKEY -e example-secret-key "$tmp/stream.json" "$tmp/stream.err"; echo $?)"

printf 'lokistack:\n  metadata: {name: Bad_Name}\n' | "$bin" render >/dev/null 2>"$tmp/bad.err"
check "invalid input exits 1 with pointer lines" 1 $? "$(grep -q '^/lokistack/metadata/name: ' "$tmp/bad.err" && grep -q '^error: input rejected' "$tmp/bad.err"; echo $?)"

"$bin" render --platform mars <examples/lokistack.yaml >/dev/null 2>&1
check "bad --platform is a usage error" 2 $?

"$bin" render --no-such-flag >/dev/null 2>&1
check "unknown flag is a usage error" 2 $?

"$bin" render -f "$tmp/does-not-exist" >/dev/null 2>&1
check "missing file exits 1" 1 $?

"$bin" render -f Tests/PolicyCoreTests/Golden/edge-s3-service-warning/input.yaml >/dev/null 2>"$tmp/warn.err"
check "warnings on stderr" 0 $? "$(grep -q '^warning: /objectStorage/endpoint: ' "$tmp/warn.err"; echo $?)"

"$bin" render -f Tests/PolicyCoreTests/Golden/edge-disabled-explicitly/input.yaml >"$tmp/disabled.yaml" 2>/dev/null
check "disabled renders zero bytes" 0 $? "$( [ ! -s "$tmp/disabled.yaml" ]; echo $?)"

head -c 3000 /dev/urandom | "$bin" render >/dev/null 2>&1
status=$?
check "random bytes are rejected, not a crash" 1 "$status"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
