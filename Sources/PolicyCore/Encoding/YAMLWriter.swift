/// An append-only writer of block-style YAML in the layout of `kubectl get -o yaml`:
/// two-space indentation, a sequence's `- ` items at the indentation of their key, the
/// first key of a mapping item on the `- ` line.
///
/// The caller passes each line's indentation; after `item(indent:)` the next line
/// prefix is suppressed so that the item's first entry continues the `- ` line.
struct YAMLWriter: ~Copyable {
    private var buffer: ByteBuffer
    /// True right after `- `: the next entry continues that line.
    private var continuesItemLine = false

    init(reservingCapacity capacity: Int) {
        buffer = ByteBuffer(capacity: capacity)
    }

    /// The number of bytes written so far.
    var count: Int { buffer.count }

    /// Appends the fragment `memo` remembers for `key` (whole lines), if any.
    mutating func replay(_ key: FragmentMemo.Key, from memo: FragmentMemo) -> Bool {
        memo.replay(key, into: &buffer)
    }

    /// The text written, ending the writer.
    consuming func finish() -> [UInt8] { buffer.array }

    /// Appends text verbatim (whole constant lines, document markers).
    @inline(__always)
    mutating func raw(_ text: StaticString) {
        buffer.append(text)
    }

    /// `key:` and a line break: a key whose value (mapping or sequence) follows indented.
    mutating func key(_ name: StaticString, indent: Int) {
        linePrefix(indent)
        buffer.append(name)
        buffer.append(":\n")
    }

    /// `key: value` with a string value, quoted when needed.
    mutating func entry(_ name: StaticString, _ value: String, indent: Int) {
        linePrefix(indent)
        buffer.append(name)
        buffer.append(": ")
        scalar(value)
        buffer.append(byte: UInt8(ascii: "\n"))
    }

    /// `key: value` with an integer value.
    mutating func entry(_ name: StaticString, _ value: Int, indent: Int) {
        linePrefix(indent)
        buffer.append(name)
        buffer.append(": ")
        JSONWriter.appendDecimal(value, to: &buffer)
        buffer.append(byte: UInt8(ascii: "\n"))
    }

    /// `key: value` with a string key and string value (label maps). A key longer than YAML
    /// allows for an implicit key (1024 characters) is written as an explicit `? key` entry.
    mutating func entry(key: String, _ value: String, indent: Int) {
        linePrefix(indent)
        if key.utf8.count > YAMLWriter.implicitKeyLimit {
            buffer.append("? ")
            scalar(key)
            buffer.append(byte: UInt8(ascii: "\n"))
            buffer.appendSpaces(indent)
        } else {
            scalar(key)
        }
        buffer.append(": ")
        scalar(value)
        buffer.append(byte: UInt8(ascii: "\n"))
    }

    /// The longest implicit key YAML allows is 1024 characters; in bytes this is conservative.
    private static let implicitKeyLimit = 1024

    /// A whole constant `key: value` line.
    mutating func constantEntry(_ line: StaticString, indent: Int) {
        linePrefix(indent)
        buffer.append(line)
    }

    /// `key: {}`: an empty mapping value.
    mutating func emptyMapping(_ name: StaticString, indent: Int) {
        linePrefix(indent)
        buffer.append(name)
        buffer.append(": {}\n")
    }

    /// Starts a sequence item: `- `; the item's first entry continues this line.
    mutating func item(indent: Int) {
        linePrefix(indent)
        buffer.append("- ")
        continuesItemLine = true
    }

    /// Finishes an item started with `item(indent:)` that has no entries: `{}`.
    mutating func emptyItemMapping() {
        continuesItemLine = false
        buffer.append("{}\n")
    }

    /// `- value`: a scalar sequence item.
    mutating func scalarItem(_ value: String, indent: Int) {
        linePrefix(indent)
        buffer.append("- ")
        scalar(value)
        buffer.append(byte: UInt8(ascii: "\n"))
    }

    /// A string scalar: plain when that reads back unchanged, else double-quoted (§8).
    mutating func scalar(_ value: String) {
        if let done = value.utf8.withContiguousStorageIfAvailable({ scalar($0) }) {
            _ = done
        } else {
            var copy = value
            copy.withUTF8 { scalar($0) }
        }
    }

    private mutating func scalar(_ text: UnsafeBufferPointer<UInt8>) {
        if YAMLOutputScalar.isPlainSafe(text) {
            buffer.append(text)
        } else {
            buffer.append(byte: UInt8(ascii: "\""))
            JSONWriter.appendEscaped(text, to: &buffer, escapingForYAML: true)
            buffer.append(byte: UInt8(ascii: "\""))
        }
    }

    @inline(__always)
    private mutating func linePrefix(_ indent: Int) {
        if continuesItemLine {
            continuesItemLine = false
        } else {
            buffer.appendSpaces(indent)
        }
    }
}
