import Foundation
import XCTest

@testable import PolicyCore

/// Golden files `Golden/<case>/{input.yaml, policies.yaml, result.json}`: a pairwise
/// covering set over platform × tenants mode × gateway × serviceMonitors × ruler ×
/// storage type, plus named edge cases. Compares bytes; with `UPDATE_GOLDEN=1` the
/// outputs are rewritten in the source tree instead.
final class GoldenTests: XCTestCase {
    enum Ruler: CaseIterable { case off, on, alertmanager }

    struct GoldenCase {
        let name: String
        let platform: Platform
        let tenants: TenantsMode?
        let gateway: Bool
        let serviceMonitors: Bool
        let ruler: Ruler
        let storage: String

        init(
            _ name: String, _ platform: Platform, _ tenants: TenantsMode?, gateway: Bool, serviceMonitors: Bool,
            ruler: Ruler, storage: String
        ) {
            self.name = name
            self.platform = platform
            self.tenants = tenants
            self.gateway = gateway
            self.serviceMonitors = serviceMonitors
            self.ruler = ruler
            self.storage = storage
        }

        /// The dimension values, in a fixed order, as comparable strings.
        var dimensions: [String] {
            [
                platform.rawValue, tenants?.rawValue ?? "none", "\(gateway)", "\(serviceMonitors)", "\(ruler)",
                storage,
            ]
        }
    }

    /// The pairwise covering set (every pair of dimension values appears in some case).
    static let matrix: [GoldenCase] = [
        GoldenCase("k8s-none-s3-gw-sm-noruler", .kubernetes, nil, gateway: true, serviceMonitors: true, ruler: .off, storage: "s3"),
        GoldenCase("ocp-static-azure-nogw-nosm-ruler", .openshift, .static, gateway: false, serviceMonitors: false, ruler: .on, storage: "azure"),
        GoldenCase("k8s-dynamic-gcs-gw-nosm-ruler-am", .kubernetes, .dynamic, gateway: true, serviceMonitors: false, ruler: .alertmanager, storage: "gcs"),
        GoldenCase("ocp-logging-swift-nogw-sm-ruler-am", .openshift, .openshiftLogging, gateway: false, serviceMonitors: true, ruler: .alertmanager, storage: "swift"),
        GoldenCase("k8s-network-alibabacloud-gw-sm-ruler", .kubernetes, .openshiftNetwork, gateway: true, serviceMonitors: true, ruler: .on, storage: "alibabacloud"),
        GoldenCase("ocp-none-alibabacloud-nogw-nosm-noruler", .openshift, nil, gateway: false, serviceMonitors: false, ruler: .off, storage: "alibabacloud"),
        GoldenCase("ocp-network-s3-nogw-nosm-ruler-am", .openshift, .openshiftNetwork, gateway: false, serviceMonitors: false, ruler: .alertmanager, storage: "s3"),
        GoldenCase("k8s-static-azure-gw-sm-noruler", .kubernetes, .static, gateway: true, serviceMonitors: true, ruler: .off, storage: "azure"),
        GoldenCase("k8s-logging-swift-gw-nosm-ruler", .kubernetes, .openshiftLogging, gateway: true, serviceMonitors: false, ruler: .on, storage: "swift"),
        GoldenCase("ocp-dynamic-gcs-nogw-sm-noruler", .openshift, .dynamic, gateway: false, serviceMonitors: true, ruler: .off, storage: "gcs"),
        GoldenCase("k8s-none-gcs-nogw-sm-ruler", .kubernetes, nil, gateway: false, serviceMonitors: true, ruler: .on, storage: "gcs"),
        GoldenCase("ocp-static-alibabacloud-gw-nosm-ruler-am", .openshift, .static, gateway: true, serviceMonitors: false, ruler: .alertmanager, storage: "alibabacloud"),
        GoldenCase("k8s-dynamic-s3-gw-sm-ruler", .kubernetes, .dynamic, gateway: true, serviceMonitors: true, ruler: .on, storage: "s3"),
        GoldenCase("ocp-network-swift-nogw-nosm-noruler", .openshift, .openshiftNetwork, gateway: false, serviceMonitors: false, ruler: .off, storage: "swift"),
        GoldenCase("k8s-none-azure-gw-sm-ruler-am", .kubernetes, nil, gateway: true, serviceMonitors: true, ruler: .alertmanager, storage: "azure"),
        GoldenCase("ocp-logging-s3-nogw-nosm-noruler", .openshift, .openshiftLogging, gateway: false, serviceMonitors: false, ruler: .off, storage: "s3"),
        GoldenCase("k8s-static-gcs-gw-sm-ruler", .kubernetes, .static, gateway: true, serviceMonitors: true, ruler: .on, storage: "gcs"),
        GoldenCase("ocp-dynamic-azure-nogw-nosm-ruler-am", .openshift, .dynamic, gateway: false, serviceMonitors: false, ruler: .alertmanager, storage: "azure"),
        GoldenCase("k8s-logging-alibabacloud-gw-sm-noruler", .kubernetes, .openshiftLogging, gateway: true, serviceMonitors: true, ruler: .off, storage: "alibabacloud"),
        GoldenCase("ocp-none-swift-nogw-nosm-ruler", .openshift, nil, gateway: false, serviceMonitors: false, ruler: .on, storage: "swift"),
        GoldenCase("k8s-network-azure-gw-sm-ruler-am", .kubernetes, .openshiftNetwork, gateway: true, serviceMonitors: true, ruler: .alertmanager, storage: "azure"),
        GoldenCase("ocp-static-s3-nogw-nosm-noruler", .openshift, .static, gateway: false, serviceMonitors: false, ruler: .off, storage: "s3"),
        GoldenCase("k8s-dynamic-swift-gw-sm-ruler", .kubernetes, .dynamic, gateway: true, serviceMonitors: true, ruler: .on, storage: "swift"),
        GoldenCase("ocp-logging-gcs-nogw-nosm-ruler-am", .openshift, .openshiftLogging, gateway: false, serviceMonitors: false, ruler: .alertmanager, storage: "gcs"),
        GoldenCase("k8s-dynamic-alibabacloud-gw-sm-noruler", .kubernetes, .dynamic, gateway: true, serviceMonitors: true, ruler: .off, storage: "alibabacloud"),
        GoldenCase("ocp-network-gcs-nogw-nosm-ruler", .openshift, .openshiftNetwork, gateway: false, serviceMonitors: false, ruler: .on, storage: "gcs"),
        GoldenCase("k8s-static-swift-gw-sm-ruler-am", .kubernetes, .static, gateway: true, serviceMonitors: true, ruler: .alertmanager, storage: "swift"),
        GoldenCase("ocp-logging-azure-nogw-nosm-noruler", .openshift, .openshiftLogging, gateway: false, serviceMonitors: false, ruler: .off, storage: "azure"),
    ]

    /// Named edge cases: Service pod port, proxies, overrides, disabled, ….
    static let edges = [
        "edge-ocp-typical", "edge-ocp-network-everything", "edge-s3-service-pod-port", "edge-s3-service-warning",
        "edge-proxies", "edge-ruler-overrides", "edge-ruler-empty-alertmanager", "edge-disabled-explicitly",
        "edge-disabled-by-default-kubernetes", "edge-disabled-openshift-4-19", "edge-custom-prometheus",
        "edge-user-workload-alertmanager", "edge-bare-lokistack", "edge-stream-with-secret",
        "edge-swift-openshift-no-authurl", "edge-s3-service-target-port-unlisted",
    ]

    static let dimensionValues: [[String]] = [
        Platform.allCases.map(\.rawValue), ["none"] + TenantsMode.allCases.map(\.rawValue), ["true", "false"],
        ["true", "false"], Ruler.allCases.map { "\($0)" }, ["s3", "azure", "gcs", "swift", "alibabacloud"],
    ]

    func testMatrixCoversEveryPairOfDimensionValues() {
        for i in Self.dimensionValues.indices {
            for j in Self.dimensionValues.indices where j > i {
                for a in Self.dimensionValues[i] {
                    for b in Self.dimensionValues[j] {
                        XCTAssertTrue(
                            Self.matrix.contains { $0.dimensions[i] == a && $0.dimensions[j] == b },
                            "no case with \(a) and \(b)")
                    }
                }
            }
        }
    }

    func testMatrixInputsHaveTheirDimensions() throws {
        for c in Self.matrix {
            let input = try PolicyInput.decode(try Self.read(c.name, "input.yaml"), format: .yaml)
            let options = try input.resolve()
            XCTAssertEqual(options.platform, c.platform, c.name)
            XCTAssertEqual(options.tenantsMode, c.tenants, c.name)
            XCTAssertEqual(options.gateway, c.gateway, c.name)
            XCTAssertEqual(options.serviceMonitors, c.serviceMonitors, c.name)
            XCTAssertEqual(options.rulerEnabled, c.ruler != .off, c.name)
            XCTAssertEqual(options.alertmanagerPorts.isEmpty, c.ruler != .alertmanager, c.name)
            XCTAssertTrue(options.enablement.isEnabled, c.name)
            XCTAssertEqual(input.lokistack["spec"]?["storage"]?["secret"]?["type"], .string(c.storage), c.name)
        }
    }

    func testGoldenFiles() throws {
        let update = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"
        for name in Self.matrix.map(\.name) + Self.edges {
            let input = try PolicyInput.decode(try Self.read(name, "input.yaml"), format: .yaml)
            let result = PolicyGenerator.render(try input.resolve())
            let yaml = PolicyEncoding.yaml(result.policies)
            let json = PolicyEncoding.renderResultJSON(result) + [UInt8(ascii: "\n")]
            if update {
                try Self.write(name, "policies.yaml", yaml)
                try Self.write(name, "result.json", json)
                continue
            }
            // The YAML reads back (YAML 1.1 and 1.2 typing) as the JSON's items.
            for resolver in [Resolver.yaml11, .yaml12Core] {
                XCTAssertEqual(
                    Tree.map(["apiVersion": .string("v1"), "kind": .string("List"), "items": .list(try Tree.fromYAML(yaml, resolver: resolver))]),
                    try Tree.fromJSON(result.canonicalListJSON), name)
            }
            XCTAssertEqual(String(decoding: yaml, as: UTF8.self), String(decoding: try Self.read(name, "policies.yaml"), as: UTF8.self), name)
            XCTAssertEqual(String(decoding: json, as: UTF8.self), String(decoding: try Self.read(name, "result.json"), as: UTF8.self), name)
        }
    }

    func testEveryGoldenDirectoryIsListed() throws {
        let listed = Set(Self.matrix.map(\.name) + Self.edges)
        let present = try FileManager.default.contentsOfDirectory(atPath: Self.goldenDirectory.path)
            .filter { !$0.hasPrefix(".") }
        XCTAssertEqual(Set(present), listed)
        XCTAssertEqual(listed.count, Self.matrix.count + Self.edges.count, "names are unique")
    }

    // MARK: - Files

    /// The golden files shipped with the tests (resource copy).
    static var goldenDirectory: URL {
        Bundle.module.resourceURL?.appendingPathComponent("Golden") ?? sourceDirectory
    }

    /// The golden files in the source tree (rewritten with UPDATE_GOLDEN=1).
    static let sourceDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Golden")

    static func read(_ name: String, _ file: String) throws -> [UInt8] {
        Array(try Data(contentsOf: goldenDirectory.appendingPathComponent(name).appendingPathComponent(file)))
    }

    private static func write(_ name: String, _ file: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: sourceDirectory.appendingPathComponent(name).appendingPathComponent(file))
    }
}
