/// Encoded responses not yet written to the transport, and where each one ends: the send
/// deadline restarts whenever a response is completely out.
///
/// The output is `bytes` followed by `tail`: a large body handed over by reference (the
/// response's own array, not copied) to be written with the bytes before it in one gathering
/// write. Appending more output first moves the tail into `bytes` (``append(_:)``), so the
/// order on the wire is always the order of the calls.
struct OutputBuffer {
    /// The encoded bytes, then `tail`; those before `offset` are written.
    private(set) var bytes: [UInt8] = []
    /// A body that follows `bytes`, not copied; empty when there is none.
    private(set) var tail: [UInt8] = []
    /// How many of `bytes` and then `tail` are written.
    private(set) var offset = 0
    /// Offsets into the output where responses end, oldest first from `endsStart`.
    private var ends: [Int] = []
    private var endsStart = 0

    /// Bytes of output in all, written or not.
    private var count: Int { bytes.count + tail.count }
    /// Bytes waiting to be written.
    var pendingCount: Int { count - offset }
    /// Everything is written.
    var isDrained: Bool { offset == count }
    /// True when `bytes` has no storage (capacity 0): take the loop's spare buffer first.
    var hasNoStorage: Bool { bytes.capacity == 0 }

    /// Runs `body` to append to the output (the tail, if any, moved into `bytes` first).
    mutating func append<Result>(_ body: (inout [UInt8]) -> Result) -> Result {
        moveTailIntoBytes()
        return body(&bytes)
    }

    /// Appends `body` by reference, to be written after the bytes appended so far.
    mutating func appendTail(_ body: [UInt8]) {
        moveTailIntoBytes()
        tail = body
    }

    /// Copies the tail to the end of `bytes` (the same place in the output: nothing moves).
    private mutating func moveTailIntoBytes() {
        guard !tail.isEmpty else { return }
        bytes.append(contentsOf: tail)
        tail = []
    }

    /// Calls `body` with the unwritten part of `bytes` and of `tail` (either may be empty).
    func withPending<Result>(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Result) -> Result {
        bytes.withUnsafeBytes { head in
            tail.withUnsafeBytes { tail in
                let headStart = min(offset, head.count)
                let tailStart = max(offset - head.count, 0)
                return body(
                    UnsafeRawBufferPointer(rebasing: head[headStart...]), UnsafeRawBufferPointer(rebasing: tail[tailStart...]))
            }
        }
    }

    /// Marks the end of the response just appended.
    mutating func endResponse() {
        ends.append(count)
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

    /// Forgets the written responses once drained (the tail is let go); `bytes` keeps its
    /// contents for the caller to recycle (``swapStorage(_:)``).
    mutating func resetOffsets() {
        offset = 0
        tail = []
        ends.removeAll(keepingCapacity: true)
        endsStart = 0
    }

    /// Exchanges `bytes` with `storage` (the loop's spare buffer, reused across connections).
    mutating func swapStorage(_ storage: inout [UInt8]) {
        swap(&bytes, &storage)
    }
}
