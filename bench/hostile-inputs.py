#!/usr/bin/env python3
"""Writes the request bodies and the case list of bench/hostile-bench.sh (stdlib only).

    bench/hostile-inputs.py OUTDIR

OUTDIR gets one body file per case and `cases.tsv`, one line per case, run in order:

    name  mode  method  path  content-type  accept  body-file  what

mode: `typical` (the anchor: PUT examples/envelope.json to a new stack each time), `fresh`
(a PUT whose path has `{rep}`: a new stack each repetition, so each one creates a revision),
`repeat` (the same request each repetition), `setup` (measured once: it builds stored state
later cases read). `-` stands for "none" in the content-type, accept and body columns.

Every body is at most BODY_LIMIT bytes (the server's 1 MiB limit): lists are made as long as
fits. Some cases stay inside the list limits of issue 8 (`*-allowed`): after the fixes those
are still accepted, so they measure the bounded cost of the largest legal input (the diff work
budget, the decoded-size budget) rather than the cost of a refusal.
"""
import json
import os
import sys

BODY_LIMIT = 1_048_576
NS = "hostile"
STACKS = f"/v1/namespaces/{NS}/lokistacks"
JSON = "application/json"
YAML = "application/yaml"
DIFF = "text/x-diff"


def compact(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def envelope(spec_extra=None, ruler=None, storage=None, cluster_extra=None):
    """The typical OpenShift 4.20 stack (gateway, ruler, serviceMonitors). No metadata: a PUT fills
    the name from its path (`named` adds it for render and flows). With a `prometheus` peer the
    platform is kubernetes (on openshift the metrics policies use the cluster's own Prometheus)."""
    spec = {
        "size": "1x.small",
        "storage": {"secret": {"name": "s3", "type": "s3"}},
        "tenants": {"mode": "openshift-logging"},
        "rules": {"enabled": True},
    }
    spec.update(spec_extra or {})
    cluster = {"platform": "openshift", "openshiftVersion": "4.20", "serviceMonitors": True}
    if "prometheus" in (cluster_extra or {}):
        cluster = {"platform": "kubernetes", "serviceMonitors": True}
        spec["networkPolicies"] = {"disabled": False}
    cluster.update(cluster_extra or {})
    return {
        "lokistack": {"apiVersion": "loki.grafana.com/v1", "kind": "LokiStack", "spec": spec},
        "rulerConfig": {"spec": ruler or {"alertmanager": {"endpoints": ["https://am.example.com:9093"]}}},
        "objectStorage": storage or {"endpoint": "https://s3.example.com"},
        "cluster": cluster,
    }


def named(body):
    """The body with the LokiStack's name and namespace (render and flows have no path to take them from)."""
    if body.startswith(b"{"):
        doc = json.loads(body)
        doc["lokistack"]["metadata"] = {"name": "hostile", "namespace": NS}
        return compact(doc)
    return body.replace(b"kind: LokiStack\n", b"kind: LokiStack\nmetadata:\n  name: hostile\n  namespace: " + NS.encode() + b"\n", 1)


def largest(make, limit=BODY_LIMIT, low=1, high=None):
    """make(n) -> bytes for the largest n whose body fits in `limit` (size grows about linearly
    with n). `high`, if given, caps n; `low` is a size known to fit, for the slope."""
    def size(n):
        return len(make(n))
    base, step = low, max(low, 64)
    slope = max(1.0, (size(base + step) - size(base)) / step)
    n = base + int((limit - size(base)) / slope)
    if high is not None:
        n = min(n, high)
    while size(n) > limit:  # a few steps: the size is nearly affine in n
        n -= max(1, int((size(n) - limit) / slope))
    while n + 1 <= (high or n + 1) and size(n + 1) <= limit:
        grow = max(1, int((limit - size(n)) / slope) // 2)
        while size(n + grow) > limit:
            grow //= 2
        n += max(1, grow)
    return make(n), n


# ---- building blocks -------------------------------------------------------------------------

def label_value(i, tag, width=0):
    """A valid, distinct label value (letters, digits, '-', alphanumeric ends), padded to width."""
    core = f"{tag}{i}"
    return core if width <= len(core) else core + "x" * (width - len(core) - 1) + "z"


def prometheus_values(values):
    return {"prometheus": {"namespaceSelector": {"matchExpressions": [
        {"key": "team", "operator": "In", "values": values}]}}}


def selector_values_body(tag, count=None, wrap=lambda body: body):
    """One selector expression listing as many distinct values as fit (or `count` of them)."""
    make = lambda n: wrap(compact(envelope(cluster_extra=prometheus_values([label_value(i, tag) for i in range(n)]))))
    return (make(count), count) if count else largest(make)


def selector_allowed_body(tag):
    """The largest selector the issue-8 limits allow: 32 expressions x 256 values of 63 characters."""
    expressions = [
        {"key": f"k{e}", "operator": "In", "values": [label_value(e * 256 + i, tag, 63) for i in range(256)]}
        for e in range(32)]
    return compact(envelope(cluster_extra={"prometheus": {"namespaceSelector": {"matchExpressions": expressions}}})), 32 * 256


def am_endpoint(i):
    return f"https://am{i}.example.com:{1 + i % 65535}"


def ruler_allowed_body(shift):
    """The largest RulerConfig the limits allow: 256 endpoints in all (64 global, 192 tenants with
    one each), 256 tenants, distinct ports."""
    k = iter(range(shift, shift + 256))
    ruler = {
        "alertmanager": {"endpoints": [am_endpoint(next(k)) for _ in range(64)]},
        "overrides": {f"tenant-{t}": {"alertmanager": {"endpoints": [am_endpoint(next(k))] if t < 192 else []}}
                      for t in range(256)},
    }
    return compact(envelope(ruler=ruler)), 256


def objstore_allowed_body():
    """The largest in-cluster object storage the limits allow: 128 Service ports (the endpoint's,
    9000, targets the named port `obj`), 32 EndpointSlices x 100 ports, each slice's `obj` on
    another number."""
    service = [{"name": "s3", "port": 9000, "targetPort": "obj"}] + [
        {"name": f"p{i}", "port": 1 + i, "targetPort": 1 + i} for i in range(127)]
    slices = [endpoint_slice(i, [{"name": "obj", "port": 10_000 + i, "protocol": "TCP"}] + slice_ports(i * 100, 99))
              for i in range(32)]
    return compact(envelope(storage=in_cluster_storage(service, slices))), 128 + 3200


def in_cluster_storage(ports, slices):
    return {
        "endpoint": "https://minio.storage.svc:9000",
        "service": {"apiVersion": "v1", "kind": "Service",
                    "metadata": {"name": "minio", "namespace": "storage"},
                    "spec": {"ports": ports}},
        "endpointSlices": slices,
    }


def endpoint_slice(i, ports):
    return {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
            "metadata": {"name": f"minio-{i}", "namespace": "storage",
                         "labels": {"kubernetes.io/service-name": "minio"}},
            "addressType": "IPv4", "ports": ports}


def slice_ports(first, n):
    return [{"name": f"p{first + j}", "port": 1 + (first + j) % 65535, "protocol": "TCP"} for j in range(n)]


def yaml_stack(extra_spec_lines):
    """A bare LokiStack manifest in YAML (cluster context from the query), extra lines under spec."""
    return ("apiVersion: loki.grafana.com/v1\nkind: LokiStack\nspec:\n  size: 1x.small\n"
            "  storage:\n    secret:\n      name: s3\n      type: s3\n"
            "  tenants:\n    mode: openshift-logging\n  rules:\n    enabled: true\n" + extra_spec_lines)


def yaml_alias_flat(anchor_bytes, aliases):
    """spec.extra: an anchored scalar of anchor_bytes, then `aliases` aliases of it (flow list)."""
    return yaml_stack(f"  anchor: &a {'x' * anchor_bytes}\n  extra: [{', '.join(['*a'] * aliases)}]\n").encode()


def yaml_alias_nested(leaf_bytes, fan, levels):
    """Billion-laughs shape: l0 = leaf scalar, l(k) = fan aliases of l(k-1); fan**levels leaves."""
    lines = [f"  l0: &l0 {'y' * leaf_bytes}\n"]
    for k in range(1, levels + 1):
        lines.append(f"  l{k}: &l{k} [{', '.join([f'*l{k - 1}'] * fan)}]\n")
    return yaml_stack("".join(lines)).encode()


def nested(depth):
    value = [0]
    for _ in range(depth - 1):
        value = [value]
    return value


# ---- supplementary NetworkPolicies (issues 8, 12) ------------------------------------------------

def supplementary(n, peers=64, ports=64, shape="ip", tag=0, per_policy=24):
    """n rules of supplementary policies (at most `per_policy` rules each, half ingress, half egress),
    each selecting every pod of the stack `hostile`, each rule with `peers` peers and `ports` ports,
    all distinct (nothing can be shared): shape `ip` has /32 ipBlock peers no model address is in and
    single ports no pod listens on, the last peer every pod of every namespace and the last port 3100;
    shape `selectors` has pod + namespace selector peers and port ranges."""
    def peer(r, k):
        if k == peers - 1:
            return {"namespaceSelector": {}}
        if shape == "ip":
            return {"ipBlock": {"cidr": f"10.{tag}.{r % 256}.{k % 256}/32"}}
        return {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": f"ns-{tag}-{r}-{k}"}},
                "podSelector": {"matchLabels": {"app": f"app-{k}"}}}
    def port(r, k):
        if k == ports - 1:
            return {"port": 3100}
        number = 20_000 + (r * 64 + k) % 40_000
        return {"port": number} if shape == "ip" else {"port": number, "endPort": number + 10}
    policies = []
    for first in range(0, n, per_policy):
        rules = range(first, min(n, first + per_policy))
        policies.append({
            "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": {"name": f"supp-{tag}-{first // per_policy}"},
            "spec": {
                "podSelector": {"matchLabels": {"app.kubernetes.io/name": "lokistack", "app.kubernetes.io/instance": "hostile"}},
                "policyTypes": ["Ingress", "Egress"],
                "ingress": [{"from": [peer(r, k) for k in range(peers)], "ports": [port(r, k) for k in range(ports)]}
                            for r in rules if r % 2 == 0],
                "egress": [{"to": [peer(r, k) for k in range(peers)], "ports": [port(r, k) for k in range(ports)]}
                           for r in rules if r % 2 == 1],
            }})
    return policies


def supplementary_body(tag=0, shape="ip", storage=None, allowed=False):
    """The envelope with as many supplementary rules as fit in the body limit (past the total of
    8,192 peers and ports: a 422), or with `allowed`, as many as the total allows (64 rules)."""
    def make(n):
        doc = envelope(storage=storage)
        doc["supplementary"] = supplementary(n, shape=shape, tag=tag)
        return compact(doc)
    if allowed:
        return make(8_192 // 128), 8_192 // 128
    return largest(make, high=32 * 24)


def object_storage_policies(count, rules):
    """`count` supplementary policies of `rules` egress rules each, every rule to the object storage
    address (198.51.100.10 in the flow model) on one port, distinct."""
    return [{"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": f"objstore-{i}"},
             "spec": {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "lokistack"}},
                      "policyTypes": ["Egress"],
                      "egress": [{"to": [{"ipBlock": {"cidr": "198.51.100.0/24"}}], "ports": [{"port": 1 + i * rules + r}]}
                                 for r in range(rules)]}}
            for i in range(count)]


def open_everything_policies(count):
    """`count` supplementary policies letting every stack pod reach any address on any port (no ports)."""
    return [{"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": f"open-{i}"},
             "spec": {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "lokistack"}},
                      "policyTypes": ["Egress"], "egress": [{"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}]}]}}
            for i in range(count)]


CLUSTER_QUERY = "platform=openshift&openshiftVersion=4.20&serviceMonitors=true"


# ---- the cases ---------------------------------------------------------------------------------

def main(out):
    os.makedirs(out, exist_ok=True)
    rows = []

    def case(name, mode, method, path, ctype="-", accept="-", body=None, what=""):
        body_file = "-"
        if body is not None:
            assert len(body) <= BODY_LIMIT, (name, len(body))
            body_file = os.path.join(out, name + ".body")
            with open(body_file, "wb") as f:
                f.write(body)
        rows.append([name, mode, method, path, ctype, accept, body_file, what])

    here = os.path.dirname(os.path.abspath(__file__))
    typical = open(os.path.join(here, "..", "examples", "envelope.json"), "rb").read()
    # examples/envelope.json names its stack; the PUT path must agree, so the name is dropped.
    typical_doc = json.loads(typical)
    del typical_doc["lokistack"]["metadata"]
    case("typical-put", "typical", "PUT", STACKS + "/typical-{rep}", JSON, "-", compact(typical_doc),
         "examples/envelope.json (the anchor)")

    # -- PUT: every list, at the body limit (a new stack each repetition) --
    body, n = selector_values_body("v")
    case("put.selector-values", "fresh", "PUT", STACKS + "/sv-{rep}", JSON, "-", body,
         f"cluster.prometheus: 1 expression, {n:,} values")
    body, n = selector_allowed_body("a")
    case("put.selector-allowed", "fresh", "PUT", STACKS + "/sa-{rep}", JSON, "-", body,
         f"32 expressions x 256 values x 63 chars ({n:,} values, inside the limits)")
    body, n = largest(lambda n: compact(envelope(cluster_extra={"prometheus": {"namespaceSelector": {
        "matchLabels": {f"k{i}": "v" for i in range(n)}}}})))
    case("put.match-labels", "fresh", "PUT", STACKS + "/ml-{rep}", JSON, "-", body, f"matchLabels: {n:,} keys")
    body, n = largest(lambda n: compact(envelope(cluster_extra={"prometheus": {"namespaceSelector": {
        "matchExpressions": [{"key": f"k{i}", "operator": "Exists"} for i in range(n)]}}})))
    case("put.match-expressions", "fresh", "PUT", STACKS + "/me-{rep}", JSON, "-", body, f"{n:,} expressions")
    body, n = largest(lambda n: compact(envelope(ruler={"alertmanager": {"endpoints": [am_endpoint(i) for i in range(n)]}})))
    case("put.am-endpoints", "fresh", "PUT", STACKS + "/am-{rep}", JSON, "-", body,
         f"{n:,} Alertmanager endpoints, distinct ports")
    body, n = largest(lambda n: compact(envelope(ruler={"alertmanager": {"endpoints": [am_endpoint(0)]}, "overrides": {
        f"t{i}": {"alertmanager": {"endpoints": [am_endpoint(i + 1)]}} for i in range(n)}})))
    case("put.override-tenants", "fresh", "PUT", STACKS + "/ot-{rep}", JSON, "-", body,
         f"{n:,} tenants in overrides, one endpoint each")
    body, n = ruler_allowed_body(0)
    case("put.ruler-allowed", "fresh", "PUT", STACKS + "/ra-{rep}", JSON, "-", body,
         f"64 + 192 tenants x 1 endpoint, 256 tenants ({n:,} in all, inside the limits)")
    body, n = largest(lambda n: compact(envelope(storage=in_cluster_storage(
        [{"name": f"p{i}", "port": 1 + i % 65535, "targetPort": 1 + i % 65535} for i in range(n)], []))))
    case("put.service-ports", "fresh", "PUT", STACKS + "/sp-{rep}", JSON, "-", body, f"Service with {n:,} ports")
    body, n = largest(lambda n: compact(envelope(storage=in_cluster_storage(
        [{"name": "s3", "port": 9000, "targetPort": "p9"}], [endpoint_slice(i, slice_ports(i * 100, 100)) for i in range(n)]))))
    case("put.endpoint-slices", "fresh", "PUT", STACKS + "/es-{rep}", JSON, "-", body,
         f"{n:,} EndpointSlices x 100 ports")
    body, n = largest(lambda n: compact(envelope(storage=in_cluster_storage(
        [{"name": "s3", "port": 9000, "targetPort": "p9"}], [endpoint_slice(0, slice_ports(0, n))]))))
    case("put.slice-ports", "fresh", "PUT", STACKS + "/spp-{rep}", JSON, "-", body, f"1 EndpointSlice, {n:,} ports")
    body, n = largest(lambda n: compact(envelope(spec_extra={"tenants": {"mode": "openshift-logging", "authentication": [
        {"tenantName": f"tenant-{i}", "tenantId": f"id-{i}",
         "oidc": {"secret": {"name": f"oidc-{i}"}, "issuerURL": f"https://idp{i}.example.com"}} for i in range(n)]}})))
    case("put.tenants", "fresh", "PUT", STACKS + "/tn-{rep}", JSON, "-", body, f"spec.tenants.authentication: {n:,} tenants")
    body, n = largest(lambda n: compact(envelope(spec_extra={"extra": {f"k{i}": i for i in range(n)}})))
    case("put.unknown-keys", "fresh", "PUT", STACKS + "/uk-{rep}", JSON, "-", body, f"unknown spec field: {n:,} keys")
    body, n = largest(lambda n: compact(envelope(spec_extra={"extra": [nested(56) for _ in range(n)]})))
    case("put.deep-nesting", "fresh", "PUT", STACKS + "/dn-{rep}", JSON, "-", body,
         f"unknown spec field: {n:,} arrays nested to depth 60 (limit 64)")
    body, n = largest(lambda n: compact(envelope(spec_extra={"extra": "\\u00e9" * n})).replace(b"\\\\", b"\\"))
    case("put.escapes", "fresh", "PUT", STACKS + "/esc-{rep}", JSON, "-", body, f"a string of {n:,} \\u escapes")
    body, n = largest(lambda n: compact(envelope(spec_extra={"extra": 0})).replace(b'"extra":0', b'"extra":1' + b"0" * n))
    case("put.long-number", "fresh", "PUT", STACKS + "/num-{rep}", JSON, "-", body, f"a number of {n:,} digits")
    body, n = largest(lambda n: compact(envelope(cluster_extra=prometheus_values([f"-bad-{i}-" for i in range(n)]))))
    case("put.many-errors", "fresh", "PUT", STACKS + "/err-{rep}", JSON, "-", body,
         f"{n:,} invalid label values (one error each)")
    body, n = largest(lambda n: yaml_stack("  extra:\n" + "".join(f"    k{i}: {i}\n" for i in range(n))).encode())
    case("put.yaml-keys", "fresh", "PUT", STACKS + "/yk-{rep}?" + CLUSTER_QUERY, YAML, "-", body,
         f"YAML: unknown spec field, {n:,} keys")
    body = yaml_alias_flat(10_240, 1_000)
    case("put.yaml-alias", "fresh", "PUT", STACKS + "/ya-{rep}?" + CLUSTER_QUERY, YAML, "-", body,
         "YAML: 10 KB anchor, 1,000 aliases (10 MB expanded)")
    body = yaml_alias_nested(1_024, 16, 4)
    case("put.yaml-alias-nested", "fresh", "PUT", STACKS + "/yn-{rep}?" + CLUSTER_QUERY, YAML, "-", body,
         "YAML: nested aliases, 16^4 leaves of 1 KB (64 MB expanded)")
    # At the body limit: a ~600 KB anchor and 100,000 aliases (today's alias bound counts values,
    # so this is accepted) ask for ~60 GB. The bench runs the server under a memory limit.
    body, n = largest(lambda n: yaml_alias_flat(n, 100_000), low=1_000, high=BODY_LIMIT)
    case("put.yaml-alias-max", "fresh", "PUT", STACKS + "/yx-{rep}?" + CLUSTER_QUERY, YAML, "-", body,
         f"YAML: {n // 1024:,} KB anchor, 100,000 aliases ({n * 100_000 / 1e9:,.0f} GB expanded)")
    body, n = largest(lambda n: yaml_stack("  extra: []\n").encode() + b"---\n{}\n" * n)
    case("put.yaml-documents", "fresh", "PUT", STACKS + "/yd-{rep}?" + CLUSTER_QUERY, YAML, "-", body,
         f"YAML stream of {n:,} documents")

    # -- POST render / flows: stateless (named: there is no path to take the name from) --
    body, n = selector_values_body("v", wrap=named)
    case("render.selector-values", "repeat", "POST", "/v1/render", JSON, JSON, body, f"{n:,} selector values, JSON out")
    case("render.selector-values.yaml", "repeat", "POST", "/v1/render", JSON, YAML, body, f"{n:,} selector values, YAML out")
    case("flows.selector-values", "repeat", "POST", "/v1/flows", JSON, JSON, body, f"{n:,} selector values")
    body, n = selector_allowed_body("a")
    case("render.selector-allowed.yaml", "repeat", "POST", "/v1/render", JSON, YAML, named(body),
         f"{n:,} values of 63 chars (inside the limits), YAML out")
    body, n = largest(lambda n: named(compact(envelope(ruler={"alertmanager": {"endpoints": [am_endpoint(i) for i in range(n)]}}))))
    case("render.am-endpoints", "repeat", "POST", "/v1/render", JSON, JSON, body, f"{n:,} Alertmanager endpoints")
    case("flows.am-endpoints", "repeat", "POST", "/v1/flows", JSON, JSON, body, f"{n:,} Alertmanager endpoints")
    body, n = ruler_allowed_body(0)
    case("flows.ruler-allowed", "repeat", "POST", "/v1/flows", JSON, JSON, named(body), f"{n:,} endpoints (inside the limits)")
    body, n = objstore_allowed_body()
    case("flows.objstore-allowed", "repeat", "POST", "/v1/flows", JSON, JSON, named(body),
         f"128 Service ports + 32 EndpointSlices x 100 ports ({n:,}, inside the limits)")
    body, n = largest(lambda n: named(compact(envelope(cluster_extra=prometheus_values([f"-bad-{i}-" for i in range(n)])))))
    case("render.many-errors", "repeat", "POST", "/v1/render", JSON, JSON, body, f"{n:,} invalid label values")
    case("render.yaml-alias", "repeat", "POST", "/v1/render?" + CLUSTER_QUERY, YAML, YAML, named(yaml_alias_flat(10_240, 1_000)),
         "10 KB anchor x 1,000 aliases")
    body, n = largest(lambda n: named(yaml_stack("  extra:\n" + "".join(f"    k{i}: {i}\n" for i in range(n))).encode()))
    case("render.yaml-keys", "repeat", "POST", "/v1/render?" + CLUSTER_QUERY, YAML, JSON, body, f"YAML: {n:,} keys")

    # -- supplementary policies (issues 8, 12): render (lint), flows, and a stored stack --
    body, n = supplementary_body()
    what = f"{n:,} supplementary rules x 64 ipBlock peers x 64 ports ({(n + 23) // 24} policies, past the total)"
    case("put.supplementary", "fresh", "PUT", STACKS + "/supp-{rep}", JSON, "-", body, what)
    case("render.supplementary", "repeat", "POST", "/v1/render", JSON, JSON, named(body), what)
    case("flows.supplementary", "repeat", "POST", "/v1/flows", JSON, JSON, named(body), what)
    body, n = supplementary_body(allowed=True)
    what = f"{n:,} supplementary rules x 64 ipBlock peers x 64 ports ({(n + 23) // 24} policies; 8,192, the total allowed)"
    case("put.supplementary-allowed", "fresh", "PUT", STACKS + "/suppa-{rep}", JSON, "-", body, what)
    case("render.supplementary-allowed", "repeat", "POST", "/v1/render", JSON, JSON, named(body), what)
    case("flows.supplementary-allowed", "repeat", "POST", "/v1/flows", JSON, JSON, named(body), what)
    body, n = supplementary_body(shape="selectors", allowed=True)
    case("flows.supplementary-selectors", "repeat", "POST", "/v1/flows", JSON, JSON, named(body),
         f"{n:,} supplementary rules x 64 pod+namespace selector peers x 64 port ranges (the total allowed)")
    storage = json.loads(objstore_allowed_body()[0])["objectStorage"]
    doc = envelope(storage=storage)
    doc["supplementary"] = object_storage_policies(32, 64)
    case("flows.supplementary-objstore", "repeat", "POST", "/v1/flows", JSON, JSON, named(compact(doc)),
         "32 x 64 rules to the object storage address, one port each, + 3,328 object storage ports probed")
    doc["supplementary"] = open_everything_policies(32)
    case("flows.supplementary-attributed", "repeat", "POST", "/v1/flows", JSON, JSON, named(compact(doc)),
         "32 policies opening all egress + 3,328 object storage ports (32 names on every port of every row)")

    # -- stored state: two maximal revisions per stack, then every reading endpoint --
    pairs = [
        ("max", lambda t: selector_values_body(t), "1 expression, {n:,} values, all different"),
        ("d20k", lambda t: selector_values_body(t, 20_000), "the issue's case: {n:,} values each"),
        ("allowed", lambda t: selector_allowed_body(t), "{n:,} values of 63 chars each (inside the limits)"),
        ("ruler", lambda t: ruler_allowed_body({"a": 0, "b": 20_000, "c": 40_000}[t]),
         "{n:,} endpoints each (inside the limits), other ports"),
    ]
    for stack, make, what in pairs:
        base = f"{STACKS}/{stack}"
        body_a, n = make("a")
        body_b, _ = make("b")
        body_c, _ = make("c")
        case(f"{stack}.put-1", "setup", "PUT", base, JSON, "-", body_a, "revision 1: " + what.format(n=n))
        case(f"{stack}.put-2", "setup", "PUT", base, JSON, "-", body_b, "revision 2: other values (change summary)")
        case(f"{stack}.diff.text", "repeat", "GET", base + "/diff?from=1&to=2", "-", DIFF, None, "text diff 1 -> 2")
        case(f"{stack}.diff.json", "repeat", "GET", base + "/diff?from=1&to=2", "-", JSON, None, "JSON diff 1 -> 2")
        case(f"{stack}.diff.flows", "repeat", "GET", base + "/diff?from=1&to=2&view=flows", "-", JSON, None,
             "JSON diff + flows 1 -> 2")
        case(f"{stack}.plan.json", "repeat", "POST", base + "/plan", JSON, JSON, body_c, "plan: a third value set")
        case(f"{stack}.plan.text", "repeat", "POST", base + "/plan", JSON, DIFF, body_c, "plan, text")
        if stack in ("max", "ruler"):
            case(f"{stack}.policies.json", "repeat", "GET", base + "/policies", "-", JSON, None, "current policies")
            case(f"{stack}.policies.yaml", "repeat", "GET", base + "/policies", "-", YAML, None, "current policies, YAML")
            case(f"{stack}.flows", "repeat", "GET", base + "/flows", "-", JSON, None, "flow matrix of the current revision")
            case(f"{stack}.stack", "repeat", "GET", base, "-", JSON, None, "the stack with its inputs")
            case(f"{stack}.revision-1", "repeat", "GET", base + "/revisions/1", "-", JSON, None, "revision 1 with inputs")
            case(f"{stack}.revision-1.policies", "repeat", "GET", base + "/revisions/1/policies", "-", YAML, None,
                 "revision 1 policies, YAML")
            case(f"{stack}.revisions", "repeat", "GET", base + "/revisions?limit=500", "-", JSON, None, "history page")

    # A stack with the largest supplementary policies allowed: flows, diff and plan flows, drift.
    base = f"{STACKS}/supp"
    body_a, n = supplementary_body(tag=1, allowed=True)
    body_b, _ = supplementary_body(tag=2, allowed=True)
    body_c, _ = supplementary_body(tag=3, allowed=True)
    case("supp.put-1", "setup", "PUT", base, JSON, "-", body_a, f"revision 1: {n:,} supplementary rules x 64 peers x 64 ports")
    case("supp.put-2", "setup", "PUT", base, JSON, "-", body_b, "revision 2: other peers and ports")
    case("supp.flows", "repeat", "GET", base + "/flows", "-", JSON, None, "flow matrix of the current revision")
    case("supp.diff.flows", "repeat", "GET", base + "/diff?from=1&to=2&view=flows", "-", JSON, None,
         "JSON diff + flows 1 -> 2")
    case("supp.plan.flows", "repeat", "POST", base + "/plan?view=flows", JSON, JSON, body_c, "plan + flows: a third set")
    live = compact({"apiVersion": "v1", "kind": "List",
                    "items": [dict(p, metadata=dict(p["metadata"], namespace=NS)) for p in json.loads(body_c)["supplementary"]]})
    case("supp.drift", "repeat", "POST", base + "/drift", JSON, JSON, live,
         "drift: the third set live (changed and missing policies, flows twice)")
    body_max, n = supplementary_body(tag=4)
    live = compact({"apiVersion": "v1", "kind": "List",
                    "items": [dict(p, metadata=dict(p["metadata"], namespace=NS)) for p in json.loads(body_max)["supplementary"]]})
    case("supp.drift-max", "repeat", "POST", base + "/drift", JSON, JSON, live,
         f"drift: {n:,} live rules x 64 peers x 64 ports (live policies are not held to the supplementary total)")

    # An alias-expanded revision read back.
    case("alias.put", "setup", "PUT", f"{STACKS}/alias?{CLUSTER_QUERY}", YAML, "-", yaml_alias_flat(10_240, 1_000),
         "10 KB anchor x 1,000 aliases, stored")
    case("alias.stack", "repeat", "GET", f"{STACKS}/alias", "-", JSON, None, "the stored inputs read back")
    case("alias.revision-1", "repeat", "GET", f"{STACKS}/alias/revisions/1", "-", JSON, None, "revision 1 read back")
    case("lokistacks.list", "repeat", "GET", "/v1/lokistacks?limit=500", "-", JSON, None, "list, 500 per page")
    case("typical-put.again", "typical", "PUT", STACKS + "/typical2-{rep}", JSON, "-", compact(typical_doc),
         "the anchor again, at the end")

    with open(os.path.join(out, "cases.tsv"), "w") as f:
        for row in rows:
            f.write("\t".join(row) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        sys.exit(__doc__)
    main(sys.argv[1])
