import SystemSupport

/// Where the store lives, from `--db`: a file path or `sqlite:PATH` → SQLite;
/// `postgres://…` or `postgresql://…` → PostgreSQL (libpq's URI rules).
///
/// The PostgreSQL password comes only from the URL, `PGPASSWORD` or `PGPASSFILE` (libpq
/// reads the last two itself). ``description`` never shows it: log that, not the URL.
public enum DatabaseLocation: Sendable, Hashable, CustomStringConvertible {
    /// A SQLite database file.
    case sqlite(path: String)
    /// A PostgreSQL connection URI (may contain a password: never log it).
    case postgres(url: String)

    /// Parses a `--db` value.
    public init(_ text: String) {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else if text.hasPrefix("sqlite:") {
            self = .sqlite(path: String(text.dropFirst("sqlite:".count)))
        } else {
            self = .sqlite(path: text)
        }
    }

    /// The location with any password replaced by `***` (URL user-info and `password=`).
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:" + path
        case .postgres(let url): Self.redact(url, secrets: Self.passwordVariants(in: url))
        }
    }

    /// The password of a connection URI as written and percent-decoded (empty when none).
    static func passwordVariants(in url: String) -> [String] {
        var passwords: [String] = []
        let scheme = Array("://".utf8)
        let bytes = Array(url.utf8)
        let start = (0...max(0, bytes.count - scheme.count)).first { bytes[$0...].starts(with: scheme) }
        let afterScheme = start.map { Substring(url.utf8.dropFirst($0 + scheme.count)) } ?? Substring(url)
        let authority = afterScheme.prefix { $0 != "/" && $0 != "?" }
        if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
            passwords.append(String(authority[authority.index(after: colon)..<at]))
        }
        if let query = afterScheme.firstIndex(of: "?") {
            for pair in afterScheme[afterScheme.index(after: query)...].split(separator: "&") {
                if pair.hasPrefix("password=") { passwords.append(String(pair.dropFirst("password=".count))) }
            }
        }
        let raw = passwords.filter { !$0.isEmpty }
        return Array(Set(raw + raw.compactMap(percentDecoded)).filter { !$0.isEmpty }).sorted { $0.count > $1.count }
    }

    /// `text` with every occurrence of each secret replaced by `***`.
    static func redact(_ text: String, secrets: [String]) -> String {
        var result = text
        for secret in secrets where !secret.isEmpty {
            result = result.replacingAll(secret, with: "***")
        }
        return result
    }

    private static func percentDecoded(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(HexDigit.value), let low = iterator.next().flatMap(HexDigit.value) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

extension String {
    /// `self` with every non-overlapping occurrence of `target` replaced.
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        let haystack = Array(utf8)
        let needle = Array(target.utf8)
        guard !needle.isEmpty, haystack.count >= needle.count else { return self }
        var output: [UInt8] = []
        var index = 0
        while index < haystack.count {
            if index + needle.count <= haystack.count, haystack[index..<index + needle.count].elementsEqual(needle) {
                output += replacement.utf8
                index += needle.count
            } else {
                output.append(haystack[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
