/// Where the parts of an envelope came from in the original input, so that issues can be listed
/// in input document order (spec §8) whatever form the input had.
///
/// Each source maps an envelope path prefix (`/lokistack`, `/objectStorage/service`, …) to the
/// position of the document (or envelope member) it was read from. Within one source, positions
/// follow the key order kept by `JSONObject`.
struct SourceOrder: Sendable {
    struct Source: Sendable {
        var prefix: FieldPath
        var rank: Int
    }

    var sources: [Source] = []

    /// The order of an envelope as written: its top-level members, in their stored order.
    static func envelope(_ envelope: JSONValue) -> SourceOrder {
        var order = SourceOrder()
        if case .object(let o) = envelope {
            for (i, e) in o.entries.enumerated() { order.sources.append(Source(prefix: FieldPath(e.key), rank: i)) }
        }
        return order
    }

    mutating func add(_ prefix: FieldPath, rank: Int) {
        sources.append(Source(prefix: prefix, rank: rank))
    }

    /// The rank of the longest source prefix of `path`; unknown places sort last.
    func rank(of path: FieldPath) -> Int {
        var best: (length: Int, rank: Int)? = nil
        for s in sources where path.hasPrefix(s.prefix) {
            if best == nil || s.prefix.components.count > (best?.length ?? 0) {
                best = (s.prefix.components.count, s.rank)
            }
        }
        return best?.rank ?? Int.max
    }
}

/// Sort keys for issue paths: the source rank, then the stored position of each path component.
struct DocumentOrder {
    let envelope: JSONValue
    let sources: SourceOrder

    func key(for path: FieldPath, document: Int?) -> [Int] {
        var key = [document ?? sources.rank(of: path)]
        var node: JSONValue? = envelope
        for component in path.components {
            switch (component, node) {
            case (.key(let k), .object(let o)?):
                guard let i = o.index(forKey: k) else {
                    // A missing field sorts after its existing siblings.
                    key.append(Int.max)
                    return key
                }
                key.append(i)
                node = o.entries[i].value
            case (.index(let i), .array(let a)?):
                key.append(i)
                node = i >= 0 && i < a.count ? a[i] : nil
            default:
                key.append(Int.max)
                return key
            }
        }
        return key
    }
}
