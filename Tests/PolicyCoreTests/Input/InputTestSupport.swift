import XCTest
@testable import PolicyCore

/// Shared helpers for the input tests.
enum InputTestSupport {
    /// A minimal valid LokiStack in YAML, to extend per test.
    static let minimalStackYAML = """
        apiVersion: loki.grafana.com/v1
        kind: LokiStack
        metadata:
          name: lokistack-sample
          namespace: openshift-logging
        spec:
          size: 1x.small
          storage:
            secret:
              name: lokistack-object-storage
              type: s3
        """

    /// An input whose LokiStack (`s` in `ns`) has the given `spec`.
    static func input(
        spec: JSONValue = [:], rulerConfig: JSONValue? = nil, objectStorage: JSONValue? = nil, cluster: JSONValue? = nil
    ) -> PolicyInput {
        PolicyInput(
            lokistack: ["kind": "LokiStack", "metadata": ["name": "s", "namespace": "ns"], "spec": spec],
            rulerConfig: rulerConfig, objectStorage: objectStorage, cluster: cluster)
    }

    static func resolve(_ input: PolicyInput) -> Result<RenderOptions, InputError> {
        do throws(InputError) {
            return .success(try input.resolve())
        } catch {
            return .failure(error)
        }
    }

    static func decodeYAML(_ text: String) throws(InputError) -> PolicyInput {
        try PolicyInput.decode(Array(text.utf8), format: .yaml)
    }

    static func decodeJSON(_ text: String) throws(InputError) -> PolicyInput {
        try PolicyInput.decode(Array(text.utf8), format: .json)
    }

    /// Decode (YAML) and resolve, returning the error if either fails.
    static func resolveYAML(_ text: String, overrides: ClusterOverrides = ClusterOverrides()) -> Result<RenderOptions, InputError> {
        do throws(InputError) {
            return .success(try decodeYAML(text).applying(overrides).resolve())
        } catch {
            return .failure(error)
        }
    }

    static func resolveJSON(_ text: String) -> Result<RenderOptions, InputError> {
        do throws(InputError) {
            return .success(try decodeJSON(text).resolve())
        } catch {
            return .failure(error)
        }
    }
}

extension XCTestCase {
    /// The options, failing the test (with the issues) on an error.
    func options(
        _ result: Result<RenderOptions, InputError>, file: StaticString = #filePath, line: UInt = #line
    ) -> RenderOptions? {
        switch result {
        case .success(let o): return o
        case .failure(let e):
            XCTFail("unexpected input error: \(e.issues.map { "\($0.pointer): \($0.message)" })", file: file, line: line)
            return nil
        }
    }

    /// The issues, failing the test when the input was accepted.
    func issues(
        _ result: Result<RenderOptions, InputError>, file: StaticString = #filePath, line: UInt = #line
    ) -> [FieldIssue] {
        switch result {
        case .success(let o):
            XCTFail("expected an input error, got options for \(o.name)", file: file, line: line)
            return []
        case .failure(let e): return e.issues
        }
    }

    /// The error thrown by `body`, failing the test when it does not throw.
    func inputError<T>(
        file: StaticString = #filePath, line: UInt = #line, _ body: () throws(InputError) -> T
    ) -> InputError? {
        do throws(InputError) {
            _ = try body()
            XCTFail("expected an InputError", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }
}
