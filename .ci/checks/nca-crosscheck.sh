#!/usr/bin/env bash
# Cross-checks `lokinetpol flows` against IBM's network-config-analyzer (PyPI
# `network-config-analyzer`, command `nca`).
#
# For every golden configuration (Tests/PolicyCoreTests/Golden/*/input.yaml) and every
# input in .ci/checks/nca-inputs/, renders the policies and the flow matrix, writes the
# §9 model's namespaces and pods as Kubernetes manifests (`lokinetpol flows -o model`),
# runs `nca --connectivity` on them with the policies (policyTypes normalised to the
# order nca accepts, on a copy) and compares nca's verdict with ours for every probed
# pod-to-pod and pod-to-outside connection (`lokinetpol flows -o probes`), and the
# matrix (`flows -o json`) with the probes. See nca_compare.py.
#
# Usage: .ci/checks/nca-crosscheck.sh            (builds lokinetpol in debug if needed)
#        LOKINETPOL=path/to/lokinetpol .ci/checks/nca-crosscheck.sh
# Exit status: 0 when nca agrees everywhere, 1 on any disagreement, 2 when a tool fails.
set -euo pipefail

check=nca-crosscheck
. "$(dirname "$0")/lib/nca.sh"

shopt -s nullglob
inputs=(Tests/PolicyCoreTests/Golden/*/input.yaml .ci/checks/nca-inputs/*.yaml)
if [ ${#inputs[@]} -eq 0 ]; then
    echo "nca-crosscheck: no inputs found" >&2
    exit 2
fi

status=0
checked=0
for input in "${inputs[@]}"; do
    label=${input#"$root"/}
    if ! "$bin" render -f "$input" -o yaml >"$work/policies.yaml" 2>"$work/stderr" \
        || ! "$bin" flows -f "$input" -o json >"$work/flows.json" 2>>"$work/stderr" \
        || ! "$bin" flows -f "$input" -o probes >"$work/probes.json" 2>>"$work/stderr" \
        || ! "$bin" flows -f "$input" -o model >"$work/model.json" 2>>"$work/stderr"; then
        echo "$label: lokinetpol failed:" >&2
        cat "$work/stderr" >&2
        status=2
        continue
    fi
    rc=0
    python3 .ci/checks/nca_compare.py --label "$label" --policies "$work/policies.yaml" \
        --model "$work/model.json" --probes "$work/probes.json" --flows "$work/flows.json" || rc=$?
    if [ "$rc" -ne 0 ] && [ "$status" -ne 2 ]; then status=$rc; fi
    checked=$((checked + 1))
done

if [ "$status" -eq 0 ]; then
    echo "nca-crosscheck: nca agrees with lokinetpol flows on all $checked configurations"
else
    echo "nca-crosscheck: FAILED (status $status) over $checked configurations" >&2
fi
exit "$status"
