import PolicyCore

/// The stack entity tag: a quoted, truncated SHA-256 over the stack's identity,
/// its generation (bumped on every change of inputs or current revision) and
/// what the representation shows, so it changes exactly when they change and
/// does not repeat across a re-created stack or a rebuilt database.
enum StackETag {
    static func make(
        namespace: String, name: String, generation: Int64, revision: Int, digest: String,
        createdAt: Int64, inputs: [UInt8]
    ) -> String {
        var material: [UInt8] = []
        material.reserveCapacity(inputs.count + digest.utf8.count + 96)
        func field(_ bytes: some Collection<UInt8>) {
            let count = UInt64(bytes.count)
            for shift in stride(from: 56, through: 0, by: -8) { material.append(UInt8(truncatingIfNeeded: count >> UInt64(shift))) }
            material.append(contentsOf: bytes)
        }
        field(namespace.utf8)
        field(name.utf8)
        field(String(generation).utf8)
        field(String(revision).utf8)
        field(digest.utf8)
        field(String(createdAt).utf8)
        field(inputs)
        return "\"" + SHA256Digest.hex(material).prefix(32) + "\""
    }
}
