import PolicyCore

// TEMPORARY until core-render lands `RenderedPolicies.decode`: lets the module compile.
enum RenderedPolicies {
    static func decode(_ bytes: [UInt8], format: InputFormat) throws(InputError) -> [NetworkPolicy] {
        throw InputError([FieldIssue(pointer: "", message: "RenderedPolicies.decode not available yet")])
    }
}
