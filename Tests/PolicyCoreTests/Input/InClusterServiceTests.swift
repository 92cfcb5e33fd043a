import XCTest

@testable import PolicyCore

/// Spec §5.1: an S3 endpoint on an in-cluster Service resolves to the pod port, steps 1–7.
final class InClusterServiceTests: XCTestCase {
    private func service(
        name: String = "minio", namespace: String = "minio", ports: [JSONValue]
    ) -> JSONValue {
        ["kind": "Service", "metadata": ["name": .string(name), "namespace": .string(namespace)], "spec": ["ports": .array(ports)]]
    }

    private func slice(for serviceName: String = "minio", ports: [JSONValue]) -> JSONValue {
        [
            "kind": "EndpointSlice",
            "metadata": ["name": .string("\(serviceName)-x1"), "labels": ["kubernetes.io/service-name": .string(serviceName)]],
            "ports": .array(ports),
        ]
    }

    private func resolve(
        type: String = "s3", endpoint: String?, service: JSONValue? = nil, slices: [JSONValue]? = nil
    ) -> Result<RenderOptions, InputError> {
        var storage = JSONObject()
        storage["endpoint"] = endpoint.map { .string($0) }
        storage["service"] = service
        storage["endpointSlices"] = slices.map { .array($0) }
        return InputTestSupport.resolve(
            InputTestSupport.input(
                spec: ["storage": ["secret": ["name": "s", "type": .string(type)]]], objectStorage: .object(storage)))
    }

    func testPodPortResolution() {
        let cases: [(name: String, result: Result<RenderOptions, InputError>, expected: [Int])] = [
            (
                "step 6: numeric targetPort for https default 443",
                resolve(endpoint: "https://minio.minio.svc", service: service(ports: [["port": 443, "targetPort": 9000]])),
                [9000]
            ),
            (
                "step 2: http default 80",
                resolve(endpoint: "http://minio.minio.svc", service: service(ports: [["port": 443, "targetPort": 1], ["port": 80, "targetPort": 8080]])),
                [8080]
            ),
            (
                "step 2: scheme-less without port wants 80",
                resolve(endpoint: "minio.minio.svc", service: service(ports: [["port": 80, "targetPort": 9000]])),
                [9000]
            ),
            (
                "step 2: HTTPS prefix case-insensitive",
                resolve(endpoint: "HTTPS://minio.minio.svc", service: service(ports: [["port": 443, "targetPort": 6443]])),
                [6443]
            ),
            (
                "step 2: explicit port, cluster.local host",
                resolve(endpoint: "http://minio.minio.svc.cluster.local:9000", service: service(ports: [["port": 9000, "targetPort": 9001]])),
                [9001]
            ),
            (
                "step 6: absent targetPort equals port",
                resolve(endpoint: "https://minio.minio.svc", service: service(ports: [["port": 443]])),
                [443]
            ),
            (
                "step 6: named targetPort via slice",
                resolve(
                    endpoint: "https://minio.minio.svc", service: service(ports: [["name": "https", "port": 443, "targetPort": "api"]]),
                    slices: [slice(ports: [["name": "console", "port": 9090]]), slice(ports: [["name": "api", "port": 9443]])]),
                [9443]
            ),
            (
                "step 5: explicit port found in a slice wins",
                resolve(
                    endpoint: "http://minio.minio.svc:9000", service: service(ports: [["port": 9000, "targetPort": 8080]]),
                    slices: [slice(ports: [["name": "api", "port": 9000]])]),
                [9000]
            ),
            (
                "step 5 does not apply without explicit port",
                resolve(
                    endpoint: "https://minio.minio.svc", service: service(ports: [["port": 443, "targetPort": 8443]]),
                    slices: [slice(ports: [["port": 443], ["port": 8443]])]),
                [8443]
            ),
            (
                "step 7: pod port only used for s3",
                resolve(type: "gcs", endpoint: "https://minio.minio.svc", service: service(ports: [["port": 443, "targetPort": 9000]])),
                [443]
            ),
        ]
        for c in cases {
            XCTAssertEqual(options(c.result)?.objectStoragePorts, c.expected, c.name)
            XCTAssertEqual(options(c.result)?.warnings, [], c.name)
        }
    }

    /// §5.1 step 6, D12: a numeric targetPort no supplied slice lists is still the pod port, with a warning;
    /// without slices there is nothing to check.
    func testNumericTargetPortNotInSlicesWarns() {
        let d12 = FieldIssue(
            pointer: "/objectStorage/service", message: "no supplied EndpointSlice lists port 8443; using the Service's targetPort")
        let cases: [(name: String, result: Result<RenderOptions, InputError>, warnings: [FieldIssue])] = [
            (
                "slices list other ports",
                resolve(
                    endpoint: "https://minio.minio.svc", service: service(ports: [["port": 443, "targetPort": 8443]]),
                    slices: [slice(ports: [["port": 443]]), slice(ports: [["name": "x", "port": 9000]])]),
                [d12]
            ),
            (
                "explicit endpoint port not in slices either",
                resolve(
                    endpoint: "https://minio.minio.svc:443", service: service(ports: [["port": 443, "targetPort": 8443]]),
                    slices: [slice(ports: [["port": 9000]])]),
                [d12]
            ),
            (
                "a slice without ports",
                resolve(
                    endpoint: "https://minio.minio.svc", service: service(ports: [["port": 443, "targetPort": 8443]]),
                    slices: [slice(ports: [])]),
                [d12]
            ),
            (
                "no slices supplied: no warning",
                resolve(endpoint: "https://minio.minio.svc", service: service(ports: [["port": 443, "targetPort": 8443]])),
                []
            ),
            (
                "a slice lists the targetPort: no warning",
                resolve(
                    endpoint: "https://minio.minio.svc", service: service(ports: [["port": 443, "targetPort": 8443]]),
                    slices: [slice(ports: [["port": 9000]]), slice(ports: [["port": 8443]])]),
                []
            ),
        ]
        for c in cases {
            XCTAssertEqual(options(c.result)?.objectStoragePorts, [8443], c.name)
            XCTAssertEqual(options(c.result)?.warnings, c.warnings, c.name)
        }
    }

    func testMissingServiceWarning() {
        let result = resolve(endpoint: "https://minio.minio.svc:9000")
        XCTAssertEqual(options(result)?.objectStoragePorts, [9000])
        XCTAssertEqual(
            options(result)?.warnings,
            [FieldIssue(pointer: "/objectStorage/endpoint", message: "objectStorage.endpoint names a cluster Service; supply it to resolve the pod port")])
        // Step 1: not a Service host (fewer than three labels, or no `.svc`), or not s3: no warning.
        for (type, endpoint) in [("s3", "https://minio.svc"), ("s3", "https://minio.example.com"), ("alibabacloud", "https://minio.minio.svc")] {
            XCTAssertEqual(options(resolve(type: type, endpoint: endpoint))?.warnings, [], "\(type) \(endpoint)")
        }
    }

    func testServiceErrors() {
        let cases: [(name: String, result: Result<RenderOptions, InputError>, pointer: String, fragment: String)] = [
            (
                "step 4: name differs",
                resolve(endpoint: "https://minio.minio.svc", service: service(name: "other", ports: [["port": 443]])),
                "/objectStorage/service", "names minio"
            ),
            (
                "step 4: namespace differs",
                resolve(endpoint: "https://minio.minio.svc", service: service(namespace: "storage", ports: [["port": 443]])),
                "/objectStorage/service", "namespace minio"
            ),
            (
                "step 6: no service port with the wanted port",
                resolve(endpoint: "https://minio.minio.svc", service: service(ports: [["port": 80]])),
                "/objectStorage/service", "no port 443"
            ),
            (
                "step 6: named target without slices",
                resolve(endpoint: "https://minio.minio.svc", service: service(ports: [["port": 443, "targetPort": "api"]])),
                "/objectStorage/service", "\"api\""
            ),
            (
                "step 6: named target not in slices",
                resolve(
                    endpoint: "https://minio.minio.svc", service: service(ports: [["port": 443, "targetPort": "api"]]),
                    slices: [slice(ports: [["name": "web", "port": 8080]])]),
                "/objectStorage/service", "\"api\""
            ),
            (
                "step 7: endpoint absent",
                resolve(endpoint: nil, service: service(ports: [["port": 443]])),
                "/objectStorage/service", "does not name a cluster Service"
            ),
            (
                "step 7: endpoint not a Service host",
                resolve(type: "azure", endpoint: "https://s3.example.com", service: service(ports: [["port": 443]])),
                "/objectStorage/service", "does not name a cluster Service"
            ),
            (
                "step 7: checked whatever the type",
                resolve(type: "gcs", endpoint: "https://minio.minio.svc", service: service(ports: [["port": 80]])),
                "/objectStorage/service", "no port 443"
            ),
            (
                "slice of another service",
                resolve(
                    endpoint: "https://minio.minio.svc", service: service(ports: [["port": 443, "targetPort": "api"]]),
                    slices: [slice(for: "other", ports: [["name": "api", "port": 9000]])]),
                "/objectStorage/endpointSlices/0/metadata/labels/kubernetes.io~1service-name", "minio"
            ),
            (
                "slices without a service",
                resolve(endpoint: "https://minio.minio.svc", slices: [slice(ports: [["name": "api", "port": 9000]])]),
                "/objectStorage/endpointSlices", "Service"
            ),
            (
                "service port out of range",
                resolve(endpoint: "https://minio.minio.svc", service: service(ports: [["port": 443, "targetPort": 70000]])),
                "/objectStorage/service/spec/ports/0/targetPort", "65535"
            ),
            (
                "service without a name",
                resolve(endpoint: "https://minio.minio.svc", service: ["metadata": ["namespace": "minio"], "spec": ["ports": [["port": 443]]]]),
                "/objectStorage/service/metadata/name", "required"
            ),
        ]
        for c in cases {
            let found = issues(c.result)
            XCTAssertEqual(found.map(\.pointer), [c.pointer], c.name)
            XCTAssertTrue(found.first?.message.contains(c.fragment) ?? false, "\(c.name): \(found)")
        }
    }
}
