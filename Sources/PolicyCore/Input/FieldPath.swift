/// A location inside a JSON value: object keys and array indices from the root.
///
/// Renders as an RFC 6901 JSON Pointer (`/lokistack/spec/tenants/mode`, `~1` for `/` in a key).
struct FieldPath: Hashable, Sendable, CustomStringConvertible {
    enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    var components: [Component]

    init(_ components: [Component] = []) { self.components = components }

    /// A path from plain keys: `FieldPath("lokistack", "spec")`.
    init(_ keys: String...) { self.components = keys.map { .key($0) } }

    static let root = FieldPath()

    func key(_ k: String) -> FieldPath {
        var p = self
        p.components.append(.key(k))
        return p
    }

    func index(_ i: Int) -> FieldPath {
        var p = self
        p.components.append(.index(i))
        return p
    }

    /// `self` followed by every component of `suffix`.
    func appending(_ suffix: FieldPath) -> FieldPath {
        FieldPath(components + suffix.components)
    }

    func hasPrefix(_ prefix: FieldPath) -> Bool {
        components.starts(with: prefix.components)
    }

    /// The RFC 6901 JSON Pointer.
    var pointer: String {
        var out = ""
        for c in components {
            out.append("/")
            switch c {
            case .index(let i): out.append(String(i))
            case .key(let k):
                for ch in k.unicodeScalars {
                    switch ch {
                    case "~": out.append("~0")
                    case "/": out.append("~1")
                    default: out.unicodeScalars.append(ch)
                    }
                }
            }
        }
        return out
    }

    var description: String { pointer }
}
