/// A request's header fields as received, in one allocation: the bytes of every name and value
/// one after the other from the start of the tail (each value right after its name, without
/// the colon and the surrounding OWS), and from the end of the tail backwards one `Span` per
/// field, saying where its name ends and its value ends (field `i`'s name starts where field
/// `i - 1`'s value ends). Strings are made only when a field is asked for as one.
///
/// Written only by a `Builder` that holds the sole reference, never once shared: copies of
/// `HTTPHeaders` behave as values, and may be sent across threads although `ManagedBuffer` is
/// not `Sendable`.
@usableFromInline
final class ReceivedFieldStorage: ManagedBuffer<(count: Int, capacity: Int), UInt8> {
    /// Where field `i`'s name and value end, as offsets in the tail.
    private struct Span {
        var nameEnd: Int
        var valueEnd: Int
    }

    private static let spanSize = MemoryLayout<Span>.size

    /// Number of fields.
    var count: Int { header.count }

    /// Collects the fields of one request head after the other, appending through a pointer to
    /// the storage's tail (no reference counting per field). The storage handed to a request is
    /// kept and written again for a later request's fields once that request is gone (found
    /// uniquely referenced): no allocation per request on a connection.
    struct Builder: @unchecked Sendable {  // the pointer is into `storage`, written only while unique
        private var storage: ReceivedFieldStorage?
        private var tail: UnsafeMutablePointer<UInt8>?
        /// Number of fields appended.
        private(set) var count = 0
        private var byteCount = 0
        private var capacity = 0

        /// Capacity of the storage when the first field arrives: a usual request head's fields.
        private static let initialCapacity = 512
        /// Largest storage kept for later requests (a larger one goes with its request).
        private static let reuseLimit = 4096

        init() {}

        /// Appends a field: `name` and `value` as they are to be read back (a token; the value
        /// without surrounding OWS).
        mutating func append(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
            let bytes = name.count &+ value.count
            if byteCount &+ bytes &+ (count &+ 1) &* spanSize > capacity || !isKnownUniquelyReferenced(&storage) {
                makeRoom(for: bytes)
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

        /// Moves the fields so far to a new storage with room for one more field of `bytes` name
        /// and value bytes: the first storage, one as large when the storage is still held by a
        /// request, one twice as large when it is full.
        private mutating func makeRoom(for bytes: Int) {
            let spanBytes = count * spanSize
            let needed = byteCount + bytes + spanBytes + spanSize
            let wanted = needed > capacity ? max(Self.initialCapacity, capacity * 2, needed) : capacity
            // A multiple of the span size, so the spans at the end of the tail stay aligned.
            let newCapacity = (wanted + spanSize - 1) / spanSize * spanSize
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

        /// The storage with the fields appended, nil if none, to be handed to the request; the
        /// builder starts over for the next request.
        mutating func finish() -> ReceivedFieldStorage? {
            guard count > 0 else { return nil }
            let finished = storage.unsafelyUnwrapped
            finished.header.count = count
            if capacity > Self.reuseLimit {
                self = Builder()
            } else {
                count = 0
                byteCount = 0
            }
            return finished
        }
    }

    /// Calls `body` with the name and value bytes of field `index`.
    @inline(__always)
    @usableFromInline
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
