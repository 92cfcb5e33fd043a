/// A storage Secret manifest reduced at once to its non-secret endpoint facts (spec §1.3).
///
/// Only the `endpoint` and `auth_url` keys are read (`stringData` wins over `data`; `data` is strict
/// base64; surrounding ASCII whitespace of a value is trimmed); every other key is never looked at
/// and is gone once this value exists.
struct StorageSecret {
    var name: String?
    var endpoint: String?
    var authURL: String?

    /// Secret keys read, and where their value goes in the envelope.
    private static let keys: [(secretKey: String, field: String)] = [("endpoint", "endpoint"), ("auth_url", "authURL")]

    static func reduce(_ manifest: JSONObject, document: Int, log: inout IssueLog) -> StorageSecret {
        let base = FieldPath("objectStorage")
        var secret = StorageSecret()
        if case .string(let n)? = manifest["metadata"]?["name"] { secret.name = n }
        let data = sectionMap(manifest["data"], name: "data", document: document, log: &log)
        let stringData = sectionMap(manifest["stringData"], name: "stringData", document: document, log: &log)
        for (secretKey, field) in keys {
            let path = base.key(field)
            var value: String? = nil
            if let v = stringData?[secretKey], !v.isNull {
                guard case .string(let s) = v else {
                    log.error(path, "Secret stringData.\(secretKey) must be a string", document: document)
                    continue
                }
                value = s
            } else if let v = data?[secretKey], !v.isNull {
                guard case .string(let encoded) = v, let bytes = StrictBase64.decode(encoded) else {
                    log.error(path, "Secret data.\(secretKey) is not valid base64", document: document)
                    continue
                }
                guard let decoded = String(validating: bytes, as: UTF8.self) else {
                    log.error(path, "Secret data.\(secretKey) does not decode to UTF-8 text", document: document)
                    continue
                }
                value = decoded
            }
            guard let raw = value else { continue }
            let trimmed = trimASCIIWhitespace(raw)
            guard !trimmed.isEmpty else { continue }
            if field == "endpoint" { secret.endpoint = trimmed } else { secret.authURL = trimmed }
        }
        return secret
    }

    private static func sectionMap(_ value: JSONValue?, name: String, document: Int, log: inout IssueLog) -> JSONObject? {
        switch value {
        case nil, .null?: return nil
        case .object(let o)?: return o
        default:
            log.error(FieldPath("objectStorage"), "Secret \(name) must be a map", document: document)
            return nil
        }
    }

    private static func trimASCIIWhitespace(_ s: String) -> String {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
        let u = s.utf8
        guard let first = u.firstIndex(where: { !isSpace($0) }), let last = u.lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(s[first...last])
    }
}
