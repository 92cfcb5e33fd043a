#!/usr/bin/env bash
# Validates every golden policies.yaml against the Kubernetes 1.30 OpenAPI schema in
# strict mode (unknown fields rejected) with kubernetes-validate (PyPI).
# Usage: .ci/checks/kubernetes-validate.sh   (from anywhere; exits non-zero on any failure)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
golden="$root/Tests/PolicyCoreTests/Golden"
version="${KUBERNETES_VERSION:-1.30.0}"

if ! command -v kubernetes-validate >/dev/null 2>&1; then
    python3 -m pip install --quiet kubernetes-validate
fi

files=()
empty=0
for f in "$golden"/*/policies.yaml; do
    if [ -s "$f" ]; then files+=("$f"); else empty=$((empty + 1)); fi
done
if [ "${#files[@]}" -eq 0 ]; then
    echo "kubernetes-validate: no golden policies.yaml found under $golden" >&2
    exit 1
fi

# One run per file so that a failure names its case; --quiet prints only problems.
failed=0
for f in "${files[@]}"; do
    if ! out="$(kubernetes-validate -k "$version" --strict --quiet "$f" 2>&1)"; then
        echo "FAIL ${f#"$root"/}"
        echo "$out"
        failed=$((failed + 1))
    fi
done
passed=$(( ${#files[@]} - failed ))
echo "kubernetes-validate $version --strict: ${#files[@]} files ($empty disabled cases with no policies skipped)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
