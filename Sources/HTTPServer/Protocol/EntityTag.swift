/// An entity-tag (RFC 9110 §8.8.3): `[W/] DQUOTE *etagc DQUOTE`, as sent in `ETag` and listed
/// in `If-Match` / `If-None-Match` (see `EntityTagCondition`).
public struct EntityTag: Sendable, Hashable, CustomStringConvertible {
    /// `W/` was present.
    public var isWeak: Bool
    /// The opaque-tag, quotes included (`"x"`).
    public var opaque: Substring

    /// Parses a single entity-tag (surrounding OWS allowed); nil if malformed.
    public init?(_ text: String) {
        let utf8 = Substring(text).trimmingOWS().utf8
        var index = utf8.startIndex
        guard let tag = EntityTag.parse(utf8, at: &index), index == utf8.endIndex else { return nil }
        self = tag
    }

    private init(isWeak: Bool, opaque: Substring) {
        self.isWeak = isWeak
        self.opaque = opaque
    }

    /// The tag as written in a field: `W/"x"` or `"x"`.
    public var description: String {
        isWeak ? "W/" + opaque : String(opaque)
    }

    /// Byte-wise equality of the opaque-tags: the weak comparison (RFC 9110 §8.8.3.2).
    public func hasSameOpaqueTag(as other: EntityTag) -> Bool {
        opaque.utf8.elementsEqual(other.opaque.utf8)
    }

    /// The strong comparison: both strong and the same opaque-tag.
    public func isStronglyEqual(to other: EntityTag) -> Bool {
        !isWeak && !other.isWeak && hasSameOpaqueTag(as: other)
    }

    /// `#entity-tag`: comma-separated, OWS around elements, empty elements ignored
    /// (RFC 9110 §5.6.1); nil if any element is not an entity-tag or there is none.
    public static func list(_ text: Substring) -> [EntityTag]? {
        let utf8 = text.utf8
        var tags: [EntityTag] = []
        var index = utf8.startIndex
        while true {
            while index < utf8.endIndex,
                utf8[index] == ASCII.space || utf8[index] == ASCII.tab || utf8[index] == ASCII.comma
            {
                index = utf8.index(after: index)
            }
            if index == utf8.endIndex { break }
            guard let tag = parse(utf8, at: &index) else { return nil }
            tags.append(tag)
            while index < utf8.endIndex, utf8[index] == ASCII.space || utf8[index] == ASCII.tab {
                index = utf8.index(after: index)
            }
            if index == utf8.endIndex { break }
            guard utf8[index] == ASCII.comma else { return nil }
        }
        return tags.isEmpty ? nil : tags
    }

    private static func parse(
        _ utf8: Substring.UTF8View, at index: inout Substring.UTF8View.Index
    ) -> EntityTag? {
        var isWeak = false
        if utf8[index...].starts(with: "W/".utf8) {
            isWeak = true
            index = utf8.index(index, offsetBy: 2)
        }
        guard index < utf8.endIndex, utf8[index] == ASCII.quote else { return nil }
        let opaqueStart = index
        index = utf8.index(after: index)
        while index < utf8.endIndex, ASCII.isETagChar(utf8[index]) {
            index = utf8.index(after: index)
        }
        guard index < utf8.endIndex, utf8[index] == ASCII.quote else { return nil }
        index = utf8.index(after: index)
        return EntityTag(isWeak: isWeak, opaque: Substring(utf8[opaqueStart..<index]))
    }
}
