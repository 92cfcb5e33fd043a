/// Streaming validator of a request line (RFC 9112 §3): `method SP request-target SP
/// HTTP-version CRLF`. It resumes where it stopped, so every byte is examined once however
/// the line is split, and it reports the first offending byte — the same error for any split.
struct RequestLineScanner {
    /// What the scanned bytes amount to so far.
    enum Outcome: Equatable {
        /// The line is not complete yet; no error so far.
        case incomplete
        /// An empty line (CRLF) before a request line, to be skipped.
        case emptyLine
        /// A complete request line of the given length (CRLF included).
        case complete(length: Int)
    }

    /// Longest accepted method; a longer token cannot be one we implement (RFC 9112 §3: 501).
    static let maxMethodLength = 32

    private enum Part {
        case method, target, version, carriageReturn, lineFeed, emptyLineFeed
    }

    /// `HTTP/1.1` and `HTTP/1.0` as a word loaded from memory (little-endian: first byte lowest).
    private static let http1_1 = UInt64(littleEndian: 0x312E_312F_5054_5448)
    private static let http1_0 = UInt64(littleEndian: 0x302E_312F_5054_5448)

    private var part = Part.method
    /// Bytes of the line examined so far.
    private(set) var offset = 0
    /// Index of the SP after the method.
    private(set) var methodEnd = 0
    /// Index of the SP after the request-target.
    private(set) var targetEnd = 0
    /// The version, once the version part is scanned.
    private(set) var version = HTTPVersion.http1_1

    /// Scans `line` (the bytes from the start of the line, possibly partial) from where the
    /// previous call stopped.
    mutating func scan(
        _ line: UnsafeBufferPointer<UInt8>, limits: HTTPParserLimits
    ) throws(HTTPParseError) -> Outcome {
        while offset < line.count {
            switch part {
            case .method:
                try scanMethod(line)
            case .target:
                try scanTarget(line, limit: limits.maxRequestTargetBytes)
            case .version:
                try scanVersion(line)
            case .carriageReturn:
                let byte = line[offset]
                if byte == ASCII.lf { throw .bad("bare LF in request line") }
                guard byte == ASCII.cr else { throw .bad("malformed HTTP version") }
                offset += 1
                part = .lineFeed
            case .lineFeed:
                guard line[offset] == ASCII.lf else { throw .bad("CR not followed by LF") }
                offset += 1
                return .complete(length: offset)
            case .emptyLineFeed:
                guard line[offset] == ASCII.lf else { throw .bad("CR not followed by LF") }
                return .emptyLine
            }
        }
        return .incomplete
    }

    private mutating func scanMethod(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) {
        if offset == 0 {
            switch line[0] {
            case ASCII.cr:
                offset = 1
                part = .emptyLineFeed
                return
            case ASCII.lf:
                throw .bad("bare LF before request line")
            case ASCII.space, ASCII.tab:
                throw .bad("whitespace before method")
            default:
                break
            }
        }
        while offset < line.count {
            let byte = line[offset]
            if byte == ASCII.space {
                methodEnd = offset
                offset += 1
                part = .target
                return
            }
            guard ASCII.isTokenChar(byte) else { throw .bad("invalid character in method") }
            offset += 1
            if offset > RequestLineScanner.maxMethodLength {
                throw HTTPParseError(status: .notImplemented, reason: "method not implemented")
            }
        }
    }

    private mutating func scanTarget(
        _ line: UnsafeBufferPointer<UInt8>, limit: Int
    ) throws(HTTPParseError) {
        let targetStart = methodEnd + 1
        // Eight bytes at a time while all are target bytes within the limit; byte by byte
        // from the first word that may hold the closing SP or an offending byte.
        if let base = line.baseAddress {
            let wordsEnd = min(line.count, targetStart + min(limit, line.count))
            while wordsEnd - offset >= 8,
                !ASCII.mayHoldNonTargetByte(UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
            {
                offset += 8
            }
        }
        while offset < line.count {
            let byte = line[offset]
            if byte == ASCII.space {
                guard offset > targetStart else { throw .bad("empty request target") }
                targetEnd = offset
                offset += 1
                part = .version
                return
            }
            guard ASCII.isTargetChar(byte) else { throw .bad("invalid character in request target") }
            offset += 1
            if offset - targetStart > limit {
                throw HTTPParseError(status: .uriTooLong, reason: "request target too long")
            }
        }
    }

    private mutating func scanVersion(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) {
        let pattern: StaticString = "HTTP/0.0"
        let versionStart = targetEnd + 1
        // The usual versions whole, in one comparison; anything else byte by byte.
        if offset == versionStart, line.count - offset >= 8, let base = line.baseAddress {
            let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
            if word == RequestLineScanner.http1_1 || word == RequestLineScanner.http1_0 {
                version = word == RequestLineScanner.http1_1 ? .http1_1 : .http1_0
                offset += 8
                part = .carriageReturn
                return
            }
        }
        while offset < line.count {
            let index = offset - versionStart
            let byte = line[offset]
            let expected = pattern.utf8Start[index]
            if expected == UInt8(ascii: "0") {
                guard ASCII.isDigit(byte) else { throw .bad("malformed HTTP version") }
            } else if byte != expected {
                throw .bad("malformed HTTP version")
            }
            offset += 1
            if index == 7 {
                let major = Int(line[versionStart + 5] &- 0x30)
                let minor = Int(byte &- 0x30)
                guard major == 1, minor <= 1 else {
                    throw HTTPParseError(
                        status: .httpVersionNotSupported, reason: "HTTP version not supported")
                }
                version = HTTPVersion(major: major, minor: minor)
                part = .carriageReturn
                return
            }
        }
    }
}
