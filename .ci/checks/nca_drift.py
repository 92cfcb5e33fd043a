#!/usr/bin/env python3
"""Compare the `flows` of `lokinetpol drift` with network-config-analyzer (nca) for one scenario.

Inputs (files):
  --expected  the expected policies (`lokinetpol render -o yaml` of the stack's input)
  --live      the live policies as `kubectl get networkpolicy -o yaml` prints them
  --model     the §9 model's namespaces and pods (`lokinetpol flows -o model`)
  --probes    every probed connection (`lokinetpol flows -o probes`): the probe list
  --drift     our drift report (`lokinetpol drift LIVE INPUT [--all]`)
  --stack     the stack's name; --all when the report was made with --all

nca evaluates the expected set and the live policies drift compares (names the expected set
has or the stack's app.kubernetes.io/instance label; every policy of the namespace with --all)
with `nca --connectivity`; every probe gets nca's verdict under each set, and the cells whose
allowed ports differ must be exactly the report's `flows`, with the same old and new ports.
Exit status: 0 agreement, 1 disagreement, 2 a tool failed.
"""

import argparse
import json
import os
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nca_compare import load_policies, nca_allows, report, run_nca  # noqa: E402


def verdicts(policies, model, probes):
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False, encoding="utf-8") as f:
        yaml.safe_dump({"apiVersion": "v1", "kind": "List", "items": policies}, f)
        path = f.name
    try:
        lines, _ = run_nca(path, model)
    finally:
        os.unlink(path)
    cells = {}
    for probe in probes:
        if probe["from"] == probe["to"]:
            continue
        key = (probe["direction"], probe["component"], probe["class"])
        cells.setdefault(key, set())
        if nca_allows(lines, probe):
            cells[key].add((probe["port"], probe["protocol"]))
    return cells


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for name in ("expected", "live", "model", "probes", "drift", "stack"):
        parser.add_argument("--" + name, required=True)
    parser.add_argument("--all", action="store_true")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    try:
        expected = load_policies(args.expected)
        names = {p["metadata"]["name"] for p in expected}
        namespace = expected[0]["metadata"]["namespace"]
        live = [p for p in load_policies(args.live)
                if p["metadata"].get("namespace") == namespace
                and (args.all or p["metadata"]["name"] in names
                     or (p["metadata"].get("labels") or {}).get("app.kubernetes.io/instance") == args.stack)]
        with open(args.probes, encoding="utf-8") as f:
            probes = json.load(f)
        with open(args.drift, encoding="utf-8") as f:
            drift = json.load(f)
        before = verdicts(expected, args.model, probes)
        after = verdicts(live, args.model, probes)
    except (OSError, ValueError, KeyError, IndexError, RuntimeError, yaml.YAMLError) as error:
        print(f"{args.label}: error: {error}", file=sys.stderr)
        return 2
    theirs = {key: (sorted(before[key]), sorted(after.get(key, set())))
              for key in before if before[key] != after.get(key, set())}
    ours = {(c["direction"], c["component"], c["class"]):
            (sorted((p["port"], p["protocol"]) for p in c["old"]), sorted((p["port"], p["protocol"]) for p in c["new"]))
            for c in drift["flows"]}
    disagreements = [f"{' '.join(key)}: lokinetpol {ours.get(key)}, nca {theirs.get(key)}"
                     for key in sorted(set(ours) | set(theirs)) if ours.get(key) != theirs.get(key)]
    return report(args.label, disagreements, f"{len(live)} live policies, {len(ours)} changed cells")


if __name__ == "__main__":
    sys.exit(main())
