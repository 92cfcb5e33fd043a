/// Streaming validator of a chunk-size line (RFC 9112 §7.1, §7.1.1):
/// `chunk-size *( BWS ";" BWS ext-name [ BWS "=" BWS ( token / quoted-string ) ] ) CRLF`.
/// Resumable and byte-positional like `RequestLineScanner`.
struct ChunkLineScanner {
    /// Most hex digits in a chunk size (16 cover any 64-bit size, leading zeros included).
    static let maxSizeDigits = 16

    private enum State {
        case size, spaceBeforeSemicolon, nameStart, name, spaceAfterName, valueStart, tokenValue
        case quoted, quotedPair, afterQuoted, lineFeed
    }

    private var state = State.size
    /// Bytes of the line examined so far.
    private(set) var offset = 0
    private var size = 0
    private var digits = 0

    /// Scans `line` from where the previous call stopped. Returns the chunk size once the line
    /// is complete (its length is then `offset`), nil while more bytes are needed.
    /// - Parameter allowance: how many body bytes may still arrive before `maxBodyBytes`.
    mutating func scan(
        _ line: UnsafeBufferPointer<UInt8>, allowance: Int, limits: HTTPParserLimits
    ) throws(HTTPParseError) -> Int? {
        while offset < line.count {
            let byte = line[offset]
            offset += 1
            // Bytes after the size, CRLF excluded, are the extension.
            if state != .lineFeed, byte != ASCII.cr, offset - digits > limits.maxChunkExtensionBytes {
                throw .bad("chunk extension too long")
            }
            switch state {
            case .size:
                if let value = ASCII.hexValue(byte) {
                    digits += 1
                    guard digits <= ChunkLineScanner.maxSizeDigits else { throw .bad("chunk size too long") }
                    let (shifted, overflow) = size.multipliedReportingOverflow(by: 16)
                    size = shifted | value
                    if overflow || size > allowance {
                        throw HTTPParseError(status: .contentTooLarge, reason: "request body too large")
                    }
                    continue
                }
                guard digits > 0 else { throw .bad("invalid chunk size") }
                try afterValue(byte, invalid: "invalid character in chunk size")
            case .spaceBeforeSemicolon:
                switch byte {
                case ASCII.space, ASCII.tab: break
                case ASCII.semicolon: state = .nameStart
                default: throw .bad("invalid chunk extension")
                }
            case .nameStart:
                if byte == ASCII.space || byte == ASCII.tab { break }
                guard ASCII.isTokenChar(byte) else { throw .bad("invalid chunk extension") }
                state = .name
            case .name:
                if ASCII.isTokenChar(byte) { break }
                switch byte {
                case ASCII.equals: state = .valueStart
                case ASCII.space, ASCII.tab: state = .spaceAfterName
                case ASCII.semicolon: state = .nameStart
                case ASCII.cr: state = .lineFeed
                default: throw .bad("invalid chunk extension")
                }
            case .spaceAfterName:
                switch byte {
                case ASCII.space, ASCII.tab: break
                case ASCII.equals: state = .valueStart
                case ASCII.semicolon: state = .nameStart
                default: throw .bad("invalid chunk extension")
                }
            case .valueStart:
                if byte == ASCII.space || byte == ASCII.tab { break }
                if byte == ASCII.quote {
                    state = .quoted
                } else if ASCII.isTokenChar(byte) {
                    state = .tokenValue
                } else {
                    throw .bad("invalid chunk extension")
                }
            case .tokenValue:
                if ASCII.isTokenChar(byte) { break }
                try afterValue(byte, invalid: "invalid chunk extension")
            case .quoted:
                if byte == ASCII.quote {
                    state = .afterQuoted
                } else if byte == ASCII.backslash {
                    state = .quotedPair
                } else if !ASCII.isQuotedTextChar(byte) {
                    throw .bad("invalid chunk extension")
                }
            case .quotedPair:
                guard ASCII.isQuotedPairChar(byte) else { throw .bad("invalid chunk extension") }
                state = .quoted
            case .afterQuoted:
                try afterValue(byte, invalid: "invalid chunk extension")
            case .lineFeed:
                guard byte == ASCII.lf else { throw .bad("CR not followed by LF") }
                return size
            }
        }
        return nil
    }

    /// After a chunk size or an extension value: `;`, BWS (then `;`) or CR.
    private mutating func afterValue(_ byte: UInt8, invalid: String) throws(HTTPParseError) {
        switch byte {
        case ASCII.semicolon: state = .nameStart
        case ASCII.space, ASCII.tab: state = .spaceBeforeSemicolon
        case ASCII.cr: state = .lineFeed
        default: throw .bad(invalid)
        }
    }
}
