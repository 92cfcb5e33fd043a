/// A request's header fields as received, in one allocation: the bytes of every name and value
/// one after the other from the start of the tail (each value right after its name, without
/// the colon and the surrounding OWS), and from the end of the tail backwards one `Span` per
/// field, saying where its name ends and its value ends (field `i`'s name starts where field
/// `i - 1`'s value ends). Strings are made only when a field is asked for as one.
///
/// Written only by a `Builder` that holds the sole reference, never once shared: copies of
/// `HTTPHeaders` behave as values, and may be sent across threads although `ManagedBuffer` is
/// not `Sendable`.
final class ReceivedFieldStorage: ManagedBuffer<(count: Int, capacity: Int), UInt8> {
    /// Where field `i`'s name and value end, as offsets in the tail.
    private struct Span {
        var nameEnd: Int
        var valueEnd: Int
    }

    private static let spanSize = MemoryLayout<Span>.size

    /// Number of fields.
    var count: Int { header.count }

    /// Collects the fields of one request head, appending through a pointer to the storage's
    /// tail (no reference counting per field), and hands the storage over when complete.
    struct Builder: @unchecked Sendable {  // the pointer is into `storage`, written only while unique
        private var storage: ReceivedFieldStorage?
        private var tail: UnsafeMutablePointer<UInt8>?
        /// Number of fields appended.
        private(set) var count = 0
        private var byteCount = 0
        private var capacity = 0

        /// Capacity of the storage when the first field arrives: a usual request head's fields.
        private static let initialCapacity = 512

        init() {}

        /// Appends a field: `name` and `value` as they are to be read back (a token; the value
        /// without surrounding OWS).
        mutating func append(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
            let bytes = name.count &+ value.count
            if byteCount &+ bytes &+ (count &+ 1) &* spanSize > capacity || !isKnownUniquelyReferenced(&storage) {
                grow(room: bytes)
            }
            let tail = tail.unsafelyUnwrapped
            var end = byteCount
            if let source = name.baseAddress { (tail + end).update(from: source, count: name.count) }
            end &+= name.count
            let nameEnd = end
            if let source = value.baseAddress { (tail + end).update(from: source, count: value.count) }
            end &+= value.count
            count &+= 1
            byteCount = end
            UnsafeMutableRawPointer(tail + (capacity &- count &* spanSize))
                .storeBytes(of: Span(nameEnd: nameEnd, valueEnd: end), as: Span.self)
        }

        /// Moves the fields to a new storage with room for one more field of `bytes` name and
        /// value bytes (the first storage, or twice the size).
        private mutating func grow(room bytes: Int) {
            let spanBytes = count * spanSize
            // A multiple of the span size, so the spans at the end of the tail stay aligned.
            let needed = max(Self.initialCapacity, capacity * 2, byteCount + bytes + spanBytes + spanSize)
            let newCapacity = (needed + spanSize - 1) / spanSize * spanSize
            let grown = unsafeDowncast(
                ReceivedFieldStorage.create(minimumCapacity: newCapacity) { _ in (count: 0, capacity: newCapacity) },
                to: ReceivedFieldStorage.self)
            let newTail = grown.withUnsafeMutablePointerToElements { $0 }
            if let tail {
                newTail.update(from: tail, count: byteCount)
                (newTail + newCapacity - spanBytes).update(from: tail + capacity - spanBytes, count: spanBytes)
            }
            storage = grown
            tail = newTail
            capacity = newCapacity
        }

        /// The storage with the fields appended, nil if none; the builder is left empty.
        mutating func finish() -> ReceivedFieldStorage? {
            storage?.header.count = count
            defer { self = Builder() }
            return storage.take()
        }
    }

    /// Calls `body` with the name and value bytes of field `index`.
    @inline(__always)
    func withField<R>(
        _ index: Int, _ body: (_ name: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>) -> R
    ) -> R {
        withUnsafeMutablePointerToElements { tail in
            let span = self.span(index, tail)
            let nameStart = index == 0 ? 0 : self.span(index - 1, tail).valueEnd
            return body(
                UnsafeBufferPointer(start: tail + nameStart, count: span.nameEnd - nameStart),
                UnsafeBufferPointer(start: tail + span.nameEnd, count: span.valueEnd - span.nameEnd))
        }
    }

    /// Index of the first field at or after `start` whose name is `name`, ASCII letter case
    /// ignored.
    func firstIndex(of name: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        withUnsafeMutablePointerToElements { tail in
            var index = start
            var nameStart = index == 0 ? 0 : span(index - 1, tail).valueEnd
            while index < header.count {
                let span = self.span(index, tail)
                if span.nameEnd - nameStart == name.count,
                    HTTPHeaders.equalBytesIgnoringCase(UnsafeBufferPointer(start: tail + nameStart, count: name.count), name)
                {
                    return index
                }
                nameStart = span.valueEnd
                index += 1
            }
            return nil
        }
    }

    /// Whether a field's name starts with `prefix` (lowercase ASCII), letter case ignored.
    func containsName(withPrefix prefix: StaticString) -> Bool {
        let prefixBytes = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        return withUnsafeMutablePointerToElements { tail in
            var nameStart = 0
            for index in 0..<header.count {
                let span = self.span(index, tail)
                if span.nameEnd - nameStart >= prefixBytes.count,
                    HTTPHeaders.equalBytesIgnoringCase(
                        UnsafeBufferPointer(start: tail + nameStart, count: prefixBytes.count), prefixBytes)
                {
                    return true
                }
                nameStart = span.valueEnd
            }
            return false
        }
    }

    @inline(__always)
    private func span(_ index: Int, _ tail: UnsafeMutablePointer<UInt8>) -> Span {
        UnsafeRawPointer(tail + header.capacity - (index + 1) * Self.spanSize).loadUnaligned(as: Span.self)
    }
}
