#!/usr/bin/env python3
"""Compare `lokinetpol flows` with IBM's network-config-analyzer (nca) for one configuration.

Inputs (all produced by lokinetpol for the same configuration):
  --policies  the rendered policies (`lokinetpol render -o yaml`: a YAML stream, maybe empty)
  --model     the §9 model's namespaces and pods (`lokinetpol flows -o model`)
  --probes    every probed connection with our verdict (`lokinetpol flows -o probes`)
  --flows     the flow matrix (`lokinetpol flows -o json`)

nca is run on a copy of the policies whose policyTypes are normalised to the order
[Ingress, Egress] (nca rejects [Egress, Ingress]). Every probe nca can express is compared:
pod-to-pod and pod-to-outside-address connections (nca reports outside addresses as IP
ranges; a pod's connection to itself is never reported by nca and is skipped). The matrix
cells must also equal the union of the allowed probes. Exit 0 when everything agrees,
1 on any disagreement, 2 on a usage or tool error.
"""
import argparse
import ipaddress
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

PROTOCOL_NUMBERS = {"TCP": 6, "UDP": 17, "SCTP": 132}


class Conn:
    """A set of connections as nca prints it: `All connections`, `All but X`, or cubes."""

    def __init__(self, text):
        text = text.strip()
        self.negated = False
        self.all = False
        self.cubes = []
        if text == "All connections":
            self.all = True
            return
        if text == "No connections":
            return
        if text.startswith("All but "):
            self.negated = True
            text = text[len("All but "):]
        bodies = re.findall(r"\{([^}]*)\}", text)
        if not bodies:
            raise ValueError(f"unrecognised connection text: {text!r}")
        for body in bodies:
            self.cubes.append(self._cube(body))

    @staticmethod
    def _cube(body):
        dims = {}
        key = None
        for token in body.split(","):
            if ":" in token:
                key, value = token.split(":", 1)
                key = key.strip()
                dims[key] = [value.strip()]
            elif key is None:
                raise ValueError(f"unrecognised cube: {body!r}")
            else:
                dims[key].append(token.strip())
        unknown = set(dims) - {"protocols", "dst_ports"}
        if unknown:
            raise ValueError(f"cube with dimensions this check cannot evaluate: {body!r}")
        return dims

    @staticmethod
    def _protocol_matches(values, protocol):
        text = ", ".join(values)
        if text == "*":
            return True
        negate = text.startswith("all but ")
        if negate:
            text = text[len("all but "):]
        names = {v.strip() for v in text.split(",") if v.strip()}
        hit = protocol in names or str(PROTOCOL_NUMBERS[protocol]) in names
        return hit != negate

    @staticmethod
    def _port_matches(values, port):
        for value in values:
            if "-" in value:
                low, high = value.split("-", 1)
                if int(low) <= port <= int(high):
                    return True
            elif value and int(value) == port:
                return True
        return False

    def allows(self, protocol, port):
        if self.all:
            return True
        hit = False
        for cube in self.cubes:
            if "protocols" in cube and not self._protocol_matches(cube["protocols"], protocol):
                continue
            if "dst_ports" in cube and not self._port_matches(cube["dst_ports"], port):
                continue
            hit = True
            break
        return hit != self.negated


def parse_endpoint(text):
    """`ns/name[Pod]` → ('pod', 'ns/name'); IP ranges → ('ip', [(low, high), ...])."""
    text = text.strip()
    match = re.fullmatch(r"(.+)\[Pod\]", text)
    if match:
        return ("pod", match.group(1))
    ranges = []
    for part in text.split(","):
        part = part.strip()
        if "-" in part:
            low, high = part.split("-", 1)
            ranges.append((ipaddress.ip_address(low), ipaddress.ip_address(high)))
        elif "/" in part:
            network = ipaddress.ip_network(part, strict=False)
            ranges.append((network[0], network[-1]))
        else:
            address = ipaddress.ip_address(part)
            ranges.append((address, address))
    return ("ip", ranges)


def endpoint_matches(parsed, reference):
    kind, value = parsed
    if kind == "pod":
        return value == reference
    try:
        address = ipaddress.ip_address(reference)
    except ValueError:
        return False
    return any(low.version == address.version and low <= address <= high for low, high in value)


def load_policies(path):
    """The policies of a YAML stream: its documents, the items of a `List` or `NetworkPolicyList`."""
    documents = []
    with open(path, encoding="utf-8") as stream:
        for document in yaml.safe_load_all(stream):
            if document is None:
                continue
            if document.get("kind") in ("List", "NetworkPolicyList"):
                documents.extend(document.get("items", []))
            else:
                documents.append(document)
    return documents


def nca_allows(lines, probe):
    """nca's verdict on one probe (`lokinetpol flows -o probes`), from run_nca's lines."""
    return any(endpoint_matches(source, probe["from"]) and endpoint_matches(destination, probe["to"])
               and conn.allows(probe["protocol"], probe["port"]) for source, destination, conn in lines)


def report(label, disagreements, summary):
    """Prints the disagreements and `label: ok|FAIL: summary, N disagreements`; the exit status."""
    for line in disagreements:
        print(f"{label}: DISAGREE {line}")
    print(f"{label}: {'FAIL' if disagreements else 'ok'}: {summary}, {len(disagreements)} disagreements")
    return 1 if disagreements else 0


def run_nca(policies_path, model_path):
    documents = load_policies(policies_path)
    for document in documents:
        spec = document.get("spec", {})
        if "policyTypes" in spec:
            spec["policyTypes"] = [t for t in ("Ingress", "Egress") if t in spec["policyTypes"]]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as normalised:
        json.dump({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicyList", "items": documents}, normalised)
        normalised_path = normalised.name
    try:
        result = subprocess.run(
            ["nca", "--connectivity", normalised_path, "--pod_list", model_path, "--ns_list", model_path,
             "-o", "txt_no_fw_rules"],
            capture_output=True, text=True, check=False)
    finally:
        os.unlink(normalised_path)
    error_lines = [line for line in (result.stdout + "\n" + result.stderr).splitlines() if line.startswith("Error")]
    if result.returncode != 0 or error_lines:
        raise RuntimeError(f"nca failed ({result.returncode}): {' '.join(error_lines) or result.stderr.strip()}")
    lines = []
    for line in result.stdout.splitlines():
        if " => " not in line or " : " not in line:
            continue
        pair, conn = line.split(" : ", 1)
        source, destination = pair.split(" => ", 1)
        lines.append((parse_endpoint(source), parse_endpoint(destination), Conn(conn)))
    return lines, len(documents)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--policies", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--probes", required=True)
    parser.add_argument("--flows", required=True)
    parser.add_argument("--label", default="")
    args = parser.parse_args()

    try:
        nca_lines, policy_count = run_nca(args.policies, args.model)
        with open(args.probes, encoding="utf-8") as f:
            probes = json.load(f)
        with open(args.flows, encoding="utf-8") as f:
            flows = json.load(f)
    except (OSError, ValueError, RuntimeError, yaml.YAMLError) as error:
        print(f"{args.label}: error: {error}", file=sys.stderr)
        return 2

    disagreements = []
    compared = skipped = 0
    for probe in probes:
        if probe["from"] == probe["to"]:
            skipped += 1  # nca never reports a pod's connection to itself
            continue
        ours = probe["allowed"]
        theirs = nca_allows(nca_lines, probe)
        compared += 1
        if ours != theirs:
            disagreements.append(
                f"{probe['direction']} {probe['component']}/{probe['class']}: {probe['from']} -> {probe['to']} "
                f"{probe['protocol']}/{probe['port']}: lokinetpol {'allows' if ours else 'denies'}, "
                f"nca {'allows' if theirs else 'denies'}")

    # The matrix cells are the union of the allowed probes.
    for direction, key in (("ingress", "from"), ("egress", "to")):
        for row in flows[direction]:
            for flow_class, cell in row[key].items():
                expected = sorted(
                    {(p["port"], p["protocol"]) for p in probes
                     if p["direction"] == direction and p["component"] == row["component"]
                     and p["class"] == flow_class and p["allowed"]})
                actual = sorted((p["port"], p["protocol"]) for p in cell)
                if expected != actual:
                    disagreements.append(
                        f"flows -o json {direction} {row['component']}/{flow_class}: {actual} but probes allow {expected}")

    return report(args.label, disagreements, f"{policy_count} policies, {compared} probes compared with nca, "
                  f"{skipped} self-connections skipped")


if __name__ == "__main__":
    sys.exit(main())
