/// Encoded responses not yet written to the transport, and where each one ends: the send
/// deadline restarts whenever a response is completely out.
struct OutputBuffer {
    /// The encoded bytes; those before `offset` are written.
    var bytes: [UInt8] = []
    /// How many of `bytes` are written.
    private(set) var offset = 0
    /// Offsets into `bytes` where responses end, oldest first from `endsStart`.
    private var ends: [Int] = []
    private var endsStart = 0

    /// Bytes waiting to be written.
    var pendingCount: Int { bytes.count - offset }
    /// Everything is written.
    var isDrained: Bool { offset == bytes.count }

    /// Marks the end of the response just appended to `bytes`.
    mutating func endResponse() {
        ends.append(bytes.count)
    }

    /// Records that `count` more bytes were written; true when a response became complete.
    mutating func consume(_ count: Int) -> Bool {
        offset += count
        var passed = false
        while endsStart < ends.count, ends[endsStart] <= offset {
            endsStart += 1
            passed = true
        }
        return passed
    }

    /// Forgets the written responses once drained; `bytes` keeps its contents for the caller
    /// to recycle.
    mutating func resetOffsets() {
        offset = 0
        ends.removeAll(keepingCapacity: true)
        endsStart = 0
    }
}
