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

    /// The preconditions of a PUT, restore or DELETE: `If-Match` (a malformed one can never
    /// pass) and `If-None-Match` (`*` = create-only; a malformed one is ignored). The service's
    /// early check and the store's check inside the write transaction evaluate this same value
    /// (``WritePrecondition/isSatisfied(byCurrentETag:)``).
    static func storePrecondition(_ request: HTTPRequest) -> WritePrecondition {
        var precondition = WritePrecondition.none
        let ifMatch = request.headers.values("If-Match")
        if !ifMatch.isEmpty {
            let tags = parseList(ifMatch.joined(separator: ",")) ?? []
            precondition.ifMatch = tags.contains("*") ? ["*"] : tags
        }
        let ifNoneMatch = request.headers.values("If-None-Match")
        if !ifNoneMatch.isEmpty, let tags = parseList(ifNoneMatch.joined(separator: ",")) {
            precondition.ifNoneMatch = tags.contains("*") ? ["*"] : tags
        }
        return precondition
    }
}
