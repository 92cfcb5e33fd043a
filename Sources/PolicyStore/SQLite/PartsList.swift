/// How SQLite stores a revision's object ids (migrations/sqlite/0006): one JSON array of three
/// arrays, the ids of the warnings', inputs' and policies' parts in ``DocumentParts/parts``
/// order, e.g. `[[1,2],[3,4,5],[6,7,8]]`. A read takes it with the revision's row and puts the
/// documents together from the parts' bodies (``Database/documents(parts:)``).
enum PartsList {
    /// The `parts` value of a revision whose documents are stored as `documents`.
    static func json(_ documents: [[Int64]]) -> String {
        var text = "["
        for (index, ids) in documents.enumerated() {
            if index > 0 { text += "," }
            text += "["
            for (position, id) in ids.enumerated() {
                if position > 0 { text += "," }
                text += String(id)
            }
            text += "]"
        }
        return text + "]"
    }

    /// The three documents' id lists of the `parts` value in `column` of `row`, a row of
    /// revision `number`.
    /// - Throws: an invariant error when the value is not a list of three id lists.
    static func documents(in row: Row, column: Int32, revision number: Int) throws(SQLiteError) -> [[Int64]] {
        guard let parts = row.withBlob(column, { ids($0) }), parts.count == 3 else {
            throw .invariant("revision \(number) has a malformed parts list")
        }
        return parts
    }

    /// The id lists of a `parts` value (as ``json(_:)`` writes it; JSON whitespace between
    /// tokens is allowed); `nil` when it is not an array of arrays of non-negative integers.
    static func ids(_ text: UnsafeRawBufferPointer) -> [[Int64]]? {
        var scanner = Scanner(bytes: text)
        guard scanner.take(UInt8(ascii: "[")) else { return nil }
        var documents: [[Int64]] = []
        documents.reserveCapacity(3)
        if !scanner.take(UInt8(ascii: "]")) {
            repeat {
                guard scanner.take(UInt8(ascii: "[")) else { return nil }
                var ids: [Int64] = []
                ids.reserveCapacity(16)  // one allocation for most documents (a policy list: 2 + one per policy)
                if !scanner.take(UInt8(ascii: "]")) {
                    repeat {
                        guard let id = scanner.integer() else { return nil }
                        ids.append(id)
                    } while scanner.take(UInt8(ascii: ","))
                    guard scanner.take(UInt8(ascii: "]")) else { return nil }
                }
                documents.append(ids)
            } while scanner.take(UInt8(ascii: ","))
            guard scanner.take(UInt8(ascii: "]")) else { return nil }
        }
        return scanner.isAtEnd() ? documents : nil
    }

    /// A cursor over a `parts` value that skips JSON whitespace before each token.
    private struct Scanner {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        /// Consumes `byte` when it is the next token.
        mutating func take(_ byte: UInt8) -> Bool {
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == byte else { return false }
            offset += 1
            return true
        }

        /// Consumes a non-negative decimal integer without leading zeros that fits in `Int64`.
        mutating func integer() -> Int64? {
            skipWhitespace()
            let start = offset
            var value: Int64 = 0
            while offset < bytes.count, bytes[offset] >= UInt8(ascii: "0"), bytes[offset] <= UInt8(ascii: "9") {
                let digit = Int64(bytes[offset] - UInt8(ascii: "0"))
                let (times, overflowed) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflowedAgain) = times.addingReportingOverflow(digit)
                guard !overflowed, !overflowedAgain else { return nil }
                value = sum
                offset += 1
            }
            let length = offset - start
            guard length > 0, length == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
            return value
        }

        /// True when only whitespace is left.
        mutating func isAtEnd() -> Bool {
            skipWhitespace()
            return offset == bytes.count
        }

        private mutating func skipWhitespace() {
            while offset < bytes.count,
                bytes[offset] == 0x20 || bytes[offset] == 0x09 || bytes[offset] == 0x0A || bytes[offset] == 0x0D
            {
                offset += 1
            }
        }
    }
}
