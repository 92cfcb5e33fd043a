/// Helpers shared by the JSON and YAML readers: contiguous access to input bytes and
/// human-readable positions.
enum InputText {
    /// Runs `body` over the bytes as one contiguous buffer (copying only when they are not).
    static func withContiguous<C: Collection<UInt8>, R>(
        _ bytes: C, _ body: (UnsafeBufferPointer<UInt8>) throws(InputError) -> R
    ) throws(InputError) -> R {
        // Typed throws do not pass through `withContiguousStorageIfAvailable`, so carry the result.
        let direct: Result<R, InputError>? = bytes.withContiguousStorageIfAvailable { buffer in
            do throws(InputError) { return .success(try body(buffer)) } catch { return .failure(error) }
        }
        if let direct { return try direct.get() }
        let copy = Array(bytes)
        let result: Result<R, InputError> = copy.withUnsafeBufferPointer { buffer in
            do throws(InputError) { return .success(try body(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// `line L, column C` (both 1-based; the column counts bytes) of a byte offset.
    static func location(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        var line = 1
        var lineStart = 0
        let end = min(offset, bytes.count)
        var i = 0
        while i < end {
            if bytes[i] == 0x0A {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        return "line \(line), column \(end - lineStart + 1)"
    }

    /// An error for input that could not be read, at the document root.
    static func unreadable(_ message: String) -> InputError {
        InputError([FieldIssue(pointer: "", message: message)], kind: .unparseable)
    }
}

extension JSONValue {
    /// Parses strict RFC 8259 JSON: UTF-8 only, no duplicate keys, nesting at most 64 levels.
    ///
    /// An empty document (only whitespace) is `.null`. Errors are `.unparseable`, at pointer `""`,
    /// with the line, column and location inside the document in the message.
    public static func parseJSON(_ bytes: some Collection<UInt8>) throws(InputError) -> JSONValue {
        try parseJSONDocument(bytes, maxDepth: InputLimits.maxDepth) ?? .null
    }

    /// Like `parseJSON`, but nil for an empty document; with a `budget`, a decoded size past it is
    /// `.tooLarge` at the pointer of the value being decoded.
    static func parseJSONDocument(
        _ bytes: some Collection<UInt8>, maxDepth: Int, budget: DecodedSizeBudget? = nil
    ) throws(InputError) -> JSONValue? {
        try InputText.withContiguous(bytes) { (buffer) throws(InputError) -> JSONValue? in
            do throws(JSONTextParser.Failure) {
                return try JSONTextParser.parse(buffer, maxDepth: maxDepth, budget: budget)
            } catch {
                if error.budgetExceeded, let budget { throw budget.exceeded(at: error.path, document: nil) }
                var message = "invalid JSON at \(InputText.location(of: error.offset, in: buffer))"
                if !error.path.components.isEmpty { message += " (in \(error.path.pointer))" }
                message += ": \(error.message)"
                throw InputText.unreadable(message)
            }
        }
    }
}
