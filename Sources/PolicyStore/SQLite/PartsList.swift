/// How SQLite stores a revision's object ids (migrations/sqlite/0006): one JSON array of three
/// arrays, the ids of the warnings', inputs' and policies' parts in ``DocumentParts/parts``
/// order, e.g. `[[1,2],[3,4,5],[6,7,8]]`. A read takes it with the revision's row and puts the
/// documents together from the parts' bodies (``Database/documents(_:)``).
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

    /// The ids of the `documents` of the `parts` value in `column` of `row`, a row of revision
    /// `number`, in one flat array (``PartIDs``); the whole value is checked either way.
    /// - Throws: an invariant error when the value is not a list of three id lists.
    static func ids(
        of documents: RevisionDocuments, in row: Row, column: Int32, revision number: Int
    ) throws(SQLiteError) -> PartIDs {
        var ids = PartIDs(documents: documents)
        guard row.withBlob(column, { scan($0) { document, id in ids.append(id, document: document) } }) == 3 else {
            throw .invariant("revision \(number) has a malformed parts list")
        }
        return ids
    }

    /// The id lists of a `parts` value (as ``json(_:)`` writes it; JSON whitespace between
    /// tokens is allowed); `nil` when it is not an array of arrays of non-negative integers.
    static func ids(_ text: UnsafeRawBufferPointer) -> [[Int64]]? {
        var documents: [[Int64]] = []
        guard let count = scan(text, { document, id in
            while documents.count <= document { documents.append([]) }
            documents[document].append(id)
        })
        else { return nil }
        while documents.count < count { documents.append([]) }  // empty lists after the last id
        return documents
    }

    /// Scans a `parts` value (see ``ids(_:)``), calling `visit` with each id and the index of
    /// its list, in order, without building arrays; the number of lists, or `nil` when the value
    /// is malformed (after some calls).
    private static func scan(_ text: UnsafeRawBufferPointer, _ visit: (_ document: Int, _ id: Int64) -> Void) -> Int? {
        var scanner = Scanner(bytes: text)
        guard scanner.take(UInt8(ascii: "[")) else { return nil }
        var count = 0
        if !scanner.take(UInt8(ascii: "]")) {
            repeat {
                guard scanner.take(UInt8(ascii: "[")) else { return nil }
                if !scanner.take(UInt8(ascii: "]")) {
                    repeat {
                        guard let id = scanner.integer() else { return nil }
                        visit(count, id)
                    } while scanner.take(UInt8(ascii: ","))
                    guard scanner.take(UInt8(ascii: "]")) else { return nil }
                }
                count += 1
            } while scanner.take(UInt8(ascii: ","))
            guard scanner.take(UInt8(ascii: "]")) else { return nil }
        }
        return scanner.isAtEnd() ? count : nil
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
