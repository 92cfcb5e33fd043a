import HTTPServer
import PolicyStore

/// The service's entity tags and the write preconditions of PUT/DELETE (api.md
/// "Conditional requests").
enum EntityTags {
    /// Policies: the strong tag `"sha256:<hex>"` (the digest), the same for JSON and YAML.
    static func policies(digest: String) -> String { "\"" + digest + "\"" }

    /// A revision: its number and digest (`"3-sha256:<hex>"`), so A → B → A gives revisions 1
    /// and 3 different tags.
    static func revision(number: Int, digest: String) -> String { "\"\(number)-\(digest)\"" }

    /// The elements of an `If-Match` / `If-None-Match` field value: `*` or entity-tags
    /// (`"…"` or `W/"…"`, quotes kept). Nil when the value is malformed.
    static func parseList(_ value: String) -> [String]? {
        let bytes = Array(value.utf8)
        var tags: [String] = []
        var index = 0
        func skipSeparators() {
            while index < bytes.count,
                bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") || bytes[index] == UInt8(ascii: ",")
            {
                index += 1
            }
        }
        skipSeparators()
        if index < bytes.count, bytes[index] == UInt8(ascii: "*") {
            index += 1
            skipSeparators()
            return index == bytes.count ? ["*"] : nil
        }
        while index < bytes.count {
            let start = index
            if bytes[index] == UInt8(ascii: "W"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                index += 2
            }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            index += 1
            // etagc = %x21 / %x23-7E / obs-text
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                let byte = bytes[index]
                guard byte == 0x21 || (byte >= 0x23 && byte != 0x7F) else { return nil }
                index += 1
            }
            guard index < bytes.count else { return nil }
            index += 1
            tags.append(String(decoding: bytes[start..<index], as: UTF8.self))
            guard index == bytes.count || bytes[index] == UInt8(ascii: ",") || bytes[index] == UInt8(ascii: " ")
                || bytes[index] == UInt8(ascii: "\t")
            else { return nil }
            skipSeparators()
        }
        return tags.isEmpty ? nil : tags
    }

    /// What the store checks inside the write transaction of a PUT or DELETE: `If-Match`
    /// (a malformed one can never pass) or `If-None-Match: *` (create-only).
    static func storePrecondition(_ request: HTTPRequest) -> WritePrecondition {
        let ifMatch = request.headers.values("If-Match")
        if !ifMatch.isEmpty {
            var tags: [String] = []
            for value in ifMatch { tags += parseList(value) ?? [] }
            return .ifMatch(tags.contains("*") ? ["*"] : tags)
        }
        for value in request.headers.values("If-None-Match") where parseList(value) == ["*"] {
            return .ifNoneMatchAny
        }
        return .none
    }

    /// True when the request carries `If-Match` or `If-None-Match`.
    static func hasPreconditions(_ request: HTTPRequest) -> Bool {
        request.headers.contains("If-Match") || request.headers.contains("If-None-Match")
    }

    /// Whether a write request's preconditions hold for a stack whose current tag is `etag`
    /// (nil: absent or deleted), evaluated before the body is looked at: `If-Match` by strong
    /// comparison (`*` needs a stack), `If-None-Match` by weak comparison (`*` = any stack).
    static func writePreconditionsHold(_ request: HTTPRequest, currentETag etag: String?) -> Bool {
        if request.headers.contains("If-Match"), !HTTPConditional.ifMatchPasses(request, currentETag: etag) {
            return false
        }
        if let etag, HTTPConditional.ifNoneMatchMatches(request, etag: etag) { return false }
        return true
    }
}
