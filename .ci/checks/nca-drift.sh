#!/usr/bin/env bash
# Cross-checks the semantic part of `lokinetpol drift` (its `flows`) against IBM's
# network-config-analyzer (`nca --connectivity` on the expected and on the live policies).
#
# Scenarios, made from Tests/PolicyCoreTests/Fixtures/drift (a stack with a supplementary policy,
# and what `kubectl get networkpolicy -o yaml` prints once it is applied): unchanged; a policy
# missing; a supplementary port changed (a change without a flow); an egress rule removed; and
# `--all` with the namespace's unrelated allow-all policy. See nca_drift.py.
#
# Usage: .ci/checks/nca-drift.sh   (LOKINETPOL=path/to/lokinetpol to use another binary)
# Exit status: 0 when nca agrees on every scenario, 1 on a disagreement, 2 when a tool fails.
set -euo pipefail

check=nca-drift
. "$(dirname "$0")/lib/nca.sh"
fixtures=Tests/PolicyCoreTests/Fixtures/drift
input=$fixtures/input.yaml
"$bin" render -f "$input" -o yaml >"$work/expected.yaml" 2>/dev/null
"$bin" flows -f "$input" -o model >"$work/model.json" 2>/dev/null
"$bin" flows -f "$input" -o probes >"$work/probes.json" 2>/dev/null

# scenario name → a Python edit of the live List `doc` (items in `items`).
python3 - "$fixtures/live.yaml" "$work" <<'PY'
import sys, yaml
source, work = sys.argv[1], sys.argv[2]
edits = {
    "unchanged": lambda items: items,
    "missing": lambda items: [p for p in items if p["metadata"]["name"] != "lokistack-dev-gateway-allow-metrics"],
    "port-changed": lambda items: [
        {**p, "spec": {**p["spec"], "egress": [{**r, "ports": [{**q, "port": 9094} for q in r["ports"]]} for r in p["spec"]["egress"]]}}
        if p["metadata"]["name"] == "custom-alertmanager-egress" else p for p in items],
    "rule-removed": lambda items: [
        {**p, "spec": {**p["spec"], "egress": p["spec"]["egress"][:-1]}}
        if p["metadata"]["name"] == "lokistack-dev-loki-allow" else p for p in items],
}
with open(source, encoding="utf-8") as f:
    doc = yaml.safe_load(f)
for name, edit in edits.items():
    with open(f"{work}/live-{name}.yaml", "w", encoding="utf-8") as f:
        yaml.safe_dump({**doc, "items": edit(doc["items"])}, f)
PY

status=0
run() {
    local name=$1 live=$2; shift 2
    local rc=0
    "$bin" drift "$@" "$live" "$input" >"$work/drift.json" 2>"$work/stderr" || rc=$?
    if [ "$rc" -gt 1 ]; then
        echo "$name: lokinetpol drift failed:" >&2
        cat "$work/stderr" >&2
        status=2
        return
    fi
    rc=0
    python3 .ci/checks/nca_drift.py --label "$name" --expected "$work/expected.yaml" --live "$live" \
        --model "$work/model.json" --probes "$work/probes.json" --drift "$work/drift.json" \
        --stack lokistack-dev "$@" || rc=$?
    if [ "$rc" -ne 0 ] && [ "$status" -ne 2 ]; then status=$rc; fi
}
for name in unchanged missing port-changed rule-removed; do
    run "$name" "$work/live-$name.yaml"
done
run all "$work/live-unchanged.yaml" --all

if [ "$status" -eq 0 ]; then
    echo "nca-drift: nca agrees with lokinetpol drift on every scenario"
else
    echo "nca-drift: FAILED (status $status)" >&2
fi
exit "$status"
