import PolicyCore
import SystemSupport

/// The tokens file (`--tokens`, `LOKINETPOL_TOKENS`):
///
/// ```yaml
/// tokens:
///   - name: portal
///     sha256: <hex SHA-256 of the secret>
///     scopes: [read, write, impersonate]
///     namespaces: ["team-a"]        # or ["*"]
///     expires: 2027-06-30T00:00:00Z # optional, RFC 3339
///   - name: batch
///     subject: CN=batch,O=Example   # instead of sha256: a verified client certificate
///     scopes: [read]
///     namespaces: ["*"]
/// ```
///
/// Parsing is strict (unknown keys, duplicate names or hashes are errors). Error messages name
/// the place (line for YAML syntax, the entry's index and JSON Pointer otherwise) and never
/// repeat a value from the file.
enum TokenFile {
    /// The tokens of the file at `path`.
    static func load(_ path: String) throws(TokenFileError) -> [AccessToken] {
        guard let bytes = FileBytes.read(path) else {
            throw TokenFileError(message: "cannot read the tokens file '\(path)': \(FileBytes.lastError())")
        }
        do throws(TokenFileError) {
            return try parse(bytes)
        } catch {
            throw TokenFileError(message: "tokens file '\(path)': \(error.message)")
        }
    }

    /// The tokens of `bytes` (the file's contents).
    static func parse(_ bytes: [UInt8]) throws(TokenFileError) -> [AccessToken] {
        let documents: [JSONValue]
        do {
            documents = try JSONValue.parseYAMLStream(bytes)
        } catch {
            throw TokenFileError(message: error.issues.first?.message ?? "invalid YAML")
        }
        guard documents.count == 1, case .object(let root) = documents[0] else {
            throw TokenFileError(message: "the tokens file must be one YAML document with a 'tokens' list")
        }
        for key in root.keys where key != "tokens" {
            throw TokenFileError(message: "unknown top-level key '\(printable(key))' (only 'tokens' is allowed)")
        }
        guard case .array(let entries)? = root["tokens"] else {
            throw TokenFileError(message: "/tokens must be a list of token entries")
        }
        var tokens: [AccessToken] = []
        var names: Set<String> = []
        var digests: Set<[UInt8]> = []
        var subjects: Set<String> = []
        for (index, entry) in entries.enumerated() {
            let token = try parseEntry(entry, at: "/tokens/\(index)")
            guard names.insert(token.name).inserted else {
                throw TokenFileError(message: "/tokens/\(index)/name: the name '\(token.name)' is used twice")
            }
            if let digest = token.digest, !digests.insert(digest).inserted {
                throw TokenFileError(message: "/tokens/\(index)/sha256: the same secret hash is listed twice")
            }
            if let subject = token.subject, !subjects.insert(subject).inserted {
                throw TokenFileError(message: "/tokens/\(index)/subject: the same subject is listed twice")
            }
            tokens.append(token)
        }
        return tokens
    }

    private static let knownKeys: Set<String> = ["name", "sha256", "subject", "scopes", "namespaces", "expires"]

    private static func parseEntry(_ value: JSONValue, at pointer: String) throws(TokenFileError) -> AccessToken {
        guard case .object(let entry) = value else { throw TokenFileError(message: "\(pointer): must be a mapping") }
        for key in entry.keys where !knownKeys.contains(key) {
            if key == "secret" || key == "token" {
                throw TokenFileError(
                    message: "\(pointer)/\(key): secrets never go in the tokens file; put their sha256 (lokinetpol token hash)")
            }
            throw TokenFileError(message: "\(pointer): unknown key '\(printable(key))'")
        }
        guard case .string(let name)? = entry["name"], PrincipalName.isValid(name) else {
            throw TokenFileError(message: "\(pointer)/name: required, 1–128 characters of A-Z a-z 0-9 . _ @ : + -")
        }
        let at = "\(pointer) (name \(name))"
        var digest: [UInt8]?
        var subject: String?
        switch (entry["sha256"], entry["subject"]) {
        case (let hexValue?, nil):
            guard case .string(let hex) = hexValue, let bytes = Hex.decode(hex), bytes.count == 32 else {
                throw TokenFileError(message: "\(at)/sha256: 64 hexadecimal digits (lokinetpol token hash)")
            }
            digest = bytes
        case (nil, let subjectValue?):
            guard case .string(let text) = subjectValue, !text.isEmpty, text.utf8.count <= 1024 else {
                throw TokenFileError(message: "\(at)/subject: a certificate subject such as CN=portal,O=Example")
            }
            subject = text
        default:
            throw TokenFileError(message: "\(at): exactly one of sha256 (a bearer token) or subject (a client certificate)")
        }
        guard case .array(let scopeValues)? = entry["scopes"], !scopeValues.isEmpty else {
            throw TokenFileError(message: "\(at)/scopes: required, a non-empty list of read, write, impersonate")
        }
        var scopes: Set<AccessToken.Scope> = []
        for (index, scopeValue) in scopeValues.enumerated() {
            guard case .string(let text) = scopeValue, let scope = AccessToken.Scope(rawValue: text) else {
                throw TokenFileError(message: "\(at)/scopes/\(index): must be read, write or impersonate")
            }
            scopes.insert(scope)
        }
        guard case .array(let namespaceValues)? = entry["namespaces"], !namespaceValues.isEmpty else {
            throw TokenFileError(message: "\(at)/namespaces: required, a non-empty list of namespaces or [\"*\"]")
        }
        var namespaces: Set<String>? = []
        for (index, namespaceValue) in namespaceValues.enumerated() {
            guard case .string(let namespace) = namespaceValue, namespace == "*" || isNamespace(namespace) else {
                throw TokenFileError(message: "\(at)/namespaces/\(index): must be a namespace name (DNS label) or \"*\"")
            }
            if namespace == "*" { namespaces = nil } else { namespaces?.insert(namespace) }
        }
        var expiresAt: Int64?
        if let expires = entry["expires"] {
            guard case .string(let text) = expires, let milliseconds = RFC3339.milliseconds(text) else {
                throw TokenFileError(message: "\(at)/expires: must be an RFC 3339 date-time such as 2027-06-30T00:00:00Z")
            }
            expiresAt = milliseconds
        }
        return AccessToken(
            name: name, digest: digest, subject: subject, scopes: scopes, namespaces: namespaces, expiresAt: expiresAt)
    }

    /// A Kubernetes namespace name: an RFC 1123 label (1–63 of a-z 0-9 -, alphanumeric ends).
    static func isNamespace(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...63).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-")
        else { return false }
        return bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") }
    }

    /// A key as shown in an error: at most 40 printable ASCII characters.
    private static func printable(_ key: String) -> String {
        String(String.UnicodeScalarView(key.unicodeScalars.prefix(40).filter { $0.isASCII && $0.value >= 0x20 }))
    }
}
