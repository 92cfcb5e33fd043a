/// A JSON value of a policy document, as the structured diff reports it: a scalar, or a
/// whole object or list (an inserted rule, a removed peer, a whole policy).
public indirect enum DiffValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case number(Int)
    /// A list, in document order.
    case array([DiffValue])
    /// An object, keys in code point order (`{}` when empty).
    case object(DiffObject)

    /// JSON text of the value (`"TCP"`, `3100`, `{"port":53,"protocol":"UDP"}`), keys in
    /// code point order.
    public var description: String {
        var writer = JSONWriter(reservingCapacity: 32)
        writeJSON(to: &writer)
        return String(decoding: writer.finish(), as: UTF8.self)
    }

    func writeJSON(to writer: inout JSONWriter) {
        switch self {
        case .string(let text): writer.string(text)
        case .number(let number): writer.int(number)
        case .array(let items):
            writer.raw("[")
            for (i, item) in items.enumerated() {
                if i > 0 { writer.raw(",") }
                item.writeJSON(to: &writer)
            }
            writer.raw("]")
        case .object(let members):
            writer.raw("{")
            for i in members.keys.indices {
                if i > 0 { writer.raw(",") }
                writer.key(members.keys[i])
                members.values[i].writeJSON(to: &writer)
            }
            writer.raw("}")
        }
    }
}
