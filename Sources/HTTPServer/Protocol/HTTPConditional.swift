/// Evaluation of the `If-None-Match` and `If-Match` preconditions (RFC 9110 §13.1.1, §13.1.2).
///
/// Entity-tags are `[W/]"etagc*"`; several field lines combine into one list. A field value
/// that is not `*` nor a valid list of entity-tags is malformed: RFC 9110 leaves its handling
/// open, so the safe reading is taken — a malformed `If-None-Match` never matches (the request
/// proceeds as unconditional) and a malformed `If-Match` never passes (412: a client that asked
/// for a guarded write does not get an unguarded one).
public enum HTTPConditional {
    /// True when the request's `If-None-Match` matches `etag` by weak comparison (or is `*`):
    /// the precondition *fails*, a GET/HEAD answers 304, other methods 412. False when absent.
    /// `etag` is the current representation's entity-tag, quoted (`"x"` or `W/"x"`).
    public static func ifNoneMatchMatches(_ request: HTTPRequest, etag: String) -> Bool {
        switch condition(request.headers.values("If-None-Match")) {
        case .absent, .malformed:
            return false
        case .any:
            return true
        case .tags(let tags):
            guard let current = EntityTag(etag) else { return false }
            return tags.contains { $0.hasSameOpaqueTag(as: current) }
        }
    }

    /// True when the request's `If-Match` precondition passes: absent, `*` with a current
    /// resource, or a listed tag strongly equal to `currentETag`. False means 412.
    public static func ifMatchPasses(_ request: HTTPRequest, currentETag: String?) -> Bool {
        switch condition(request.headers.values("If-Match")) {
        case .absent:
            return true
        case .malformed:
            return false
        case .any:
            return currentETag != nil
        case .tags(let tags):
            guard let currentETag, let current = EntityTag(currentETag), !current.isWeak else {
                return false
            }
            return tags.contains { !$0.isWeak && $0.hasSameOpaqueTag(as: current) }
        }
    }

    private enum Condition {
        case absent, any, malformed
        case tags([EntityTag])
    }

    private static func condition(_ values: [String]) -> Condition {
        if values.isEmpty { return .absent }
        let combined = values.joined(separator: ",")
        let trimmed = Substring(combined).trimmingOWS()
        if trimmed == "*" { return .any }
        guard let tags = EntityTag.list(trimmed) else { return .malformed }
        return .tags(tags)
    }
}

/// An entity-tag (RFC 9110 §8.8.3): `[W/] DQUOTE *etagc DQUOTE`.
struct EntityTag {
    var isWeak: Bool
    /// The opaque-tag, quotes included.
    var opaque: Substring

    /// Parses a single entity-tag (surrounding OWS allowed); nil if malformed.
    init?(_ text: String) {
        let utf8 = Substring(text).trimmingOWS().utf8
        var index = utf8.startIndex
        guard let tag = EntityTag.parse(utf8, at: &index), index == utf8.endIndex else { return nil }
        self = tag
    }

    private init(isWeak: Bool, opaque: Substring) {
        self.isWeak = isWeak
        self.opaque = opaque
    }

    /// Byte-wise equality of the opaque-tags (the weak comparison when weakness is ignored).
    func hasSameOpaqueTag(as other: EntityTag) -> Bool {
        opaque.utf8.elementsEqual(other.opaque.utf8)
    }

    /// `#entity-tag`: comma-separated, OWS around elements, empty elements ignored
    /// (RFC 9110 §5.6.1); nil if any element is not an entity-tag or there is none.
    static func list(_ text: Substring) -> [EntityTag]? {
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
