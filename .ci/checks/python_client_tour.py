#!/usr/bin/env python3
"""Drives the README's tour through a client generated from openapi/openapi.yaml.

Run by .ci/checks/python-client.sh, which generates the client (openapi-python-client) as the
package `lokinetpol_client` on PYTHONPATH and starts `lokinetpol serve`. Every call goes through
the generated functions and models, so a document that a generator misreads (a missing
operation, a model that cannot read a real response) fails here.

Usage: python_client_tour.py BASE_URL EXAMPLES_DIR
"""

import copy
import json
import sys

from lokinetpol_client import Client
from lokinetpol_client.api.revisions import diff_revisions, get_revision, get_revision_policies, list_revisions
from lokinetpol_client.api.stacks import get_stack, get_stack_flows, get_stack_policies, list_all_stacks, plan_stack, put_stack
from lokinetpol_client.api.stateless import flows, render
from lokinetpol_client.models import (
    Diff,
    DiffView,
    Envelope,
    FlowMatrix,
    NamedEnvelope,
    Plan,
    Platform,
    Problem,
    Reason,
    RenderResult,
    RevisionList,
    RevisionPolicies,
    Stack,
    StackList,
    StackWriteResult,
)

checks = 0


def check(condition, what):
    global checks
    if not condition:
        raise AssertionError(what)
    checks += 1


def main():
    base_url, examples = sys.argv[1], sys.argv[2]
    with open(f"{examples}/envelope.json", encoding="utf-8") as f:
        envelope = json.load(f)
    meta = envelope["lokistack"]["metadata"]
    ns, name = meta["namespace"], meta["name"]
    client = Client(base_url=base_url, raise_on_unexpected_status=True)

    # Stateless: render and flows (nothing stored).
    rendered = render.sync(client=client, body=NamedEnvelope.from_dict(envelope))
    check(isinstance(rendered, RenderResult), f"render: {rendered!r}")
    check(rendered.enabled and rendered.reason == Reason.ENABLED_BY_DEFAULT_ON_OPENSHIFT_4_20_OR_LATER, "render: enabled")
    check(len(rendered.policies.items) == 8, f"render: 8 policies, got {len(rendered.policies.items)}")
    check(rendered.digest.startswith("sha256:"), "render: digest")
    matrix = flows.sync(client=client, body=NamedEnvelope.from_dict(envelope))
    check(isinstance(matrix, FlowMatrix), f"flows: {matrix!r}")
    check([row.component.value for row in matrix.ingress][-1] == "gateway", "flows: gateway row last")
    check(len(matrix.ingress) == 8 and len(matrix.egress) == 8, "flows: eight rows each way")
    check(matrix.ingress[-1].from_.gateway == [], "flows: the gateway does not reach itself")

    # Store the stack: revision 1.
    created = put_stack.sync_detailed(ns, name, client=client, body=Envelope.from_dict(envelope))
    check(created.status_code == 201, f"PUT: 201, got {created.status_code}")
    result = created.parsed
    check(isinstance(result, StackWriteResult), f"PUT: {result!r}")
    check(result.revision_created and result.current_revision.number == 1, "PUT: revision 1 created")
    check(result.current_revision.change_summary == "created: 8 policies", result.current_revision.change_summary)
    check(result.current_revision.digest == rendered.digest, "PUT: same digest as render")
    etag = created.headers["ETag"]

    # Read it back; a conditional GET with the current ETag is a 304.
    stack = get_stack.sync(ns, name, client=client)
    check(isinstance(stack, Stack) and stack.namespace == ns and stack.name == name, f"GET stack: {stack!r}")
    check(stack.inputs.lokistack["spec"]["size"] == envelope["lokistack"]["spec"]["size"], "GET stack: inputs kept")
    unchanged = get_stack.sync_detailed(ns, name, client=client, if_none_match=etag)
    check(unchanged.status_code == 304, f"GET stack If-None-Match: 304, got {unchanged.status_code}")
    policies = get_stack_policies.sync(ns, name, client=client)
    check(isinstance(policies, RevisionPolicies) and policies.revision == 1, f"policies: {policies!r}")
    check([p.metadata.name for p in policies.policies.items] == [p.metadata.name for p in rendered.policies.items],
          "policies: as rendered")

    # Change the spec, cluster context as a query parameter: revision 2.
    changed = copy.deepcopy(envelope)
    changed["lokistack"]["spec"]["tenants"]["mode"] = "openshift-network"
    replaced = put_stack.sync_detailed(
        ns, name, client=client, body=Envelope.from_dict(changed), platform=Platform.OPENSHIFT, if_match=etag)
    check(replaced.status_code == 200, f"PUT changed: 200, got {replaced.status_code}")
    check(replaced.parsed.revision_created and replaced.parsed.current_revision.number == 2, "PUT changed: revision 2")
    stale = put_stack.sync_detailed(ns, name, client=client, body=Envelope.from_dict(changed), if_match=etag)
    check(stale.status_code == 412 and isinstance(stale.parsed, Problem), f"stale If-Match: 412, got {stale.status_code}")

    # History, newest first, one page at a time.
    page = list_revisions.sync(ns, name, client=client, limit=1)
    check(isinstance(page, RevisionList) and [r.number for r in page.items] == [2], f"revisions page 1: {page!r}")
    rest = list_revisions.sync(ns, name, client=client, limit=1, cursor=page.next_cursor)
    check([r.number for r in rest.items] == [1] and not rest.next_cursor, "revisions page 2: the last")
    first = get_revision.sync(ns, name, 1, client=client)
    check(first.number == 1 and first.inputs.lokistack["spec"]["tenants"]["mode"] == "openshift-logging", "revision 1")
    check(get_revision_policies.sync(ns, name, 1, client=client).digest == rendered.digest, "revision 1 policies")
    stacks = list_all_stacks.sync(client=client)
    check(isinstance(stacks, StackList) and [(s.namespace, s.name) for s in stacks.items] == [(ns, name)], "stack list")

    # What changed: one policy added, and the flow-matrix cells it opens.
    diff = diff_revisions.sync(ns, name, client=client, view=DiffView.FLOWS)
    check(isinstance(diff, Diff) and (diff.from_, diff.to) == (1, 2), f"diff: {diff!r}")
    check(diff.added == [f"{name}-loki-allow-query-frontend"], f"diff added: {diff.added}")
    check(any(f.component.value == "query-frontend" and f.class_.value == "external" for f in diff.flows),
          "diff flows: query-frontend reachable from outside")
    whole = diff_revisions.sync(ns, name, client=client, from_=0, to=2)
    check(len(whole.added) == 9 and whole.removed == [] and whole.changed == [], "diff from the empty set")
    for change in (c for policy in diff.changed for c in policy.changes):
        check(isinstance(change.path, str), "diff: every change has a path")  # old/new: any JSON value

    # Plan a change without storing it: ruleSet None disables every policy.
    candidate = copy.deepcopy(changed)
    candidate["lokistack"]["spec"]["networkPolicies"] = {"ruleSet": "None"}
    plan = plan_stack.sync(ns, name, client=client, body=Envelope.from_dict(candidate), platform=Platform.OPENSHIFT)
    check(isinstance(plan, Plan), f"plan: {plan!r}")
    check(not plan.enabled and plan.reason == Reason.DISABLED_EXPLICITLY and plan.would_create_revision, "plan: disabled")
    check(len(plan.removed) == 9 and plan.from_ == 2, f"plan: 9 removed from revision 2, got {plan.removed}")
    check(list_revisions.sync(ns, name, client=client).items[0].number == 2, "plan stores nothing")

    matrix = get_stack_flows.sync(ns, name, client=client)
    check(isinstance(matrix, FlowMatrix) and matrix.enabled, "stack flows")

    # Bad input: problem+json naming the field.
    wrong = copy.deepcopy(envelope)
    wrong["lokistack"]["metadata"]["name"] = "lokistack-other"
    refused = put_stack.sync_detailed(ns, name, client=client, body=Envelope.from_dict(wrong))
    check(refused.status_code == 422 and isinstance(refused.parsed, Problem), f"mismatch: 422, got {refused.status_code}")
    check(any(e.pointer == "/lokistack/metadata/name" for e in refused.parsed.errors), "mismatch: pointer")

    print(f"python-client: {checks} checks passed")


if __name__ == "__main__":
    main()
