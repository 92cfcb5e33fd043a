// libFuzzer entry for the PolicyCore input side: decode (JSON and YAML), resolve, and the
// round-trip invariants stored inputs rely on. Built and run by `Fuzz/run.sh PolicyCore <runs>`.
import PolicyCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInputDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    for format in [InputFormat.json, .yaml] {
        guard let input = try? PolicyInput.decode(bytes, format: format) else { continue }
        check(input)
        let merged = input.applying(ClusterOverrides(platform: "openshift", openshiftVersion: "4.20", userWorkload: true))
        check(merged)
    }
    // The plain readers must never crash either.
    _ = try? JSONValue.parseJSON(bytes)
    _ = try? JSONValue.parseYAMLStream(bytes)
    return 0
}

/// Invariants: resolving is deterministic, the stored envelope reads back to an equal input that
/// (when the input resolves at all) resolves the same (warnings compared as a set: their order follows the original document order;
/// less the warnings about credentials removed on the way in, which only the submitted input has),
/// and both writers produce JSON that reads back to the same value.
private func check(_ input: PolicyInput) {
    let first = try? input.resolve()
    let second = try? input.resolve()
    require(first == second, "resolve is not deterministic")

    let stored = input.envelope.canonicalJSONBytes()
    guard let reread = try? JSONValue.parseJSON(stored) else { fail("stored envelope does not parse") }
    require(reread == input.envelope, "canonical envelope reads back different")
    guard let restored = try? PolicyInput(envelope: reread) else { fail("stored envelope is refused") }
    require(restored == input, "restored input differs")
    // Only an input that resolves is ever stored: it must resolve the same when read back. (One
    // that does not may resolve once stored: list limits apply to new input only, and a cluster
    // value a per-call override replaced is validated as given but not stored.)
    // The warnings about credentials removed on the way in are the submitted input's own.
    if first != nil {
        let again = try? restored.resolve()
        require(
            normalized(again) == normalized(first, without: input.credentialWarnings),
            "restored input resolves differently")
    }
    require(restored.envelope.canonicalJSONBytes() == stored, "canonical bytes are not stable")

    guard let compact = try? JSONValue.parseJSON(input.envelope.jsonBytes()) else { fail("jsonBytes do not parse") }
    require(compact == input.envelope, "jsonBytes read back different")
}

private func normalized(_ options: RenderOptions?, without dropped: [FieldIssue] = []) -> RenderOptions? {
    guard var o = options else { return nil }
    for issue in dropped {
        if let i = o.warnings.firstIndex(of: issue) { o.warnings.remove(at: i) }
    }
    o.warnings.sort { ($0.pointer, $0.message) < ($1.pointer, $1.message) }
    return o
}

private func require(_ condition: Bool, _ message: StaticString) {
    if !condition { fail(message) }
}

private func fail(_ message: StaticString) -> Never {
    fatalError("fuzz invariant broken: \(message)")
}
