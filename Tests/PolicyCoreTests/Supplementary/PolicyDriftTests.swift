import Foundation
import XCTest

@testable import PolicyCore

/// Drift (issue 12) against what `kubectl get networkpolicy -o yaml` really prints.
final class PolicyDriftTests: XCTestCase {
    private func fixture(_ name: String) throws -> [UInt8] {
        let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: "yaml", subdirectory: "Fixtures/drift"))
        return Array(try Data(contentsOf: url))
    }

    private func expected() throws -> RenderOptions {
        try PolicyInput.decode(try fixture("input"), format: .yaml).resolve()
    }

    private func drift(_ live: [NetworkPolicy], all: Bool = false) throws -> PolicyDrift {
        let options = try expected()
        return PolicyDrift.compare(
            expected: PolicyGenerator.policies(options), live: live, stackName: options.name, namespace: options.namespace,
            all: all, revision: 3
        ) { old, new in
            PolicyDiff.flows(
                old: FlowAnalysis.matrix(options: options, policies: old), new: FlowAnalysis.matrix(options: options, policies: new))
        }
    }

    private func live() throws -> [NetworkPolicy] {
        try PolicyDrift.live(try fixture("live"), format: .yaml)
    }

    func testAnUnchangedSetAsKubectlPrintsItIsNoDrift() throws {
        let report = try drift(try live())
        XCTAssertTrue(report.isEmpty, String(decoding: report.json(), as: UTF8.self))
        XCTAssertEqual(String(decoding: report.json(), as: UTF8.self), #"{"changed":[],"extra":[],"flows":[],"missing":[],"revision":3}"#)
    }

    func testTheFixtureReallyHasServerFieldsAndDefaults() throws {
        let text = String(decoding: try fixture("live"), as: UTF8.self)
        for field in ["uid:", "resourceVersion:", "creationTimestamp:", "managedFields:", "last-applied-configuration", "argocd.argoproj.io/instance"] {
            XCTAssertTrue(text.contains(field), field)
        }
        let input = String(decoding: try fixture("input"), as: UTF8.self)
        XCTAssertFalse(input.contains("policyTypes:"), "the supplementary policy leaves policyTypes to the API server")
    }

    func testAllListsTheRestOfTheNamespace() throws {
        let report = try drift(try live(), all: true)
        XCTAssertEqual(report.extra, [PolicyDrift.Extra(name: "allow-same-namespace", managed: false)])
        XCTAssertTrue(report.missing.isEmpty && report.changed.isEmpty)
    }

    func testMissingExtraAndChanged() throws {
        var policies = try live()
        let removed = try XCTUnwrap(policies.firstIndex { $0.name == "lokistack-dev-gateway-allow-metrics" })
        let removedName = policies[removed].name
        policies.remove(at: removed)
        let allow = try XCTUnwrap(policies.firstIndex { $0.name == "lokistack-dev-loki-allow" })
        policies[allow].spec.egress.removeLast()
        var stray = policies[allow]
        stray.name = "lokistack-dev-hotfix"
        policies.append(stray)
        var otherNamespace = stray
        otherNamespace.namespace = "elsewhere"
        otherNamespace.name = "ignored"
        policies.append(otherNamespace)
        let report = try drift(policies)
        XCTAssertEqual(report.missing, [removedName])
        XCTAssertEqual(report.extra, [PolicyDrift.Extra(name: "lokistack-dev-hotfix", managed: true)])
        XCTAssertEqual(report.changed.map(\.name), ["lokistack-dev-loki-allow"])
        XCTAssertEqual(report.changed.first?.changes.first?.path.hasPrefix("/spec/egress/"), true)
        XCTAssertFalse(report.flows.isEmpty)
    }

    func testALabelTheRevisionSetsIsDriftWhenMissing() throws {
        var policies = try live()
        let i = try XCTUnwrap(policies.firstIndex { $0.name == "lokistack-dev-default-deny" })
        policies[i].labels = LabelMap(policies[i].labels.filter { $0.key != "app.kubernetes.io/created-by" }.map { ($0.key, $0.value) })
        XCTAssertEqual(try drift(policies).changed.map(\.name), ["lokistack-dev-default-deny"])
    }

    func testTooManyLivePolicies() throws {
        let one = #"{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"p","namespace":"n"},"spec":{"podSelector":{}}}"#
        let list = #"{"apiVersion":"v1","kind":"List","items":["# + Array(repeating: one, count: InputLimits.maxLivePolicies + 1).joined(separator: ",") + "]}"
        let error = inputError { () throws(InputError) in try PolicyDrift.live(Array(list.utf8), format: .json) }
        XCTAssertEqual(error?.kind, .invalid)
    }
}
