/// The responses one connection owes, in request order. A request answered while nothing is
/// owed is written at once and never queued; behind an earlier request it gets a slot here,
/// empty while its deferred work runs. Responses leave only from the front, so pipelined
/// requests are answered in order whatever order their work finishes in.
struct ResponseQueue {
    private struct Slot {
        var sequence: UInt64
        var response: HTTPResponse?
        var framing: ResponseFraming
    }

    private var slots: [Slot] = []
    private var nextSequence: UInt64 = 0

    /// No response is owed.
    var isEmpty: Bool { slots.isEmpty }
    /// Responses owed, ready or not.
    var count: Int { slots.count }

    /// Queues a slot (with its response, or nil while deferred work runs) and returns its
    /// sequence number for `complete(sequence:with:)`.
    @discardableResult
    mutating func enqueue(_ response: HTTPResponse?, _ framing: ResponseFraming) -> UInt64 {
        let sequence = nextSequence
        nextSequence &+= 1
        slots.append(Slot(sequence: sequence, response: response, framing: framing))
        return sequence
    }

    /// Fills the slot of deferred work `sequence`; false when there is no such slot (the
    /// queue was emptied since).
    mutating func complete(sequence: UInt64, with response: HTTPResponse) -> Bool {
        guard let index = slots.firstIndex(where: { $0.sequence == sequence }) else { return false }
        slots[index].response = response
        return true
    }

    /// Removes and returns the front response when it is ready.
    mutating func popReady() -> (response: HTTPResponse, framing: ResponseFraming)? {
        guard let first = slots.first, let response = first.response else { return nil }
        slots.removeFirst()
        return (response, first.framing)
    }

    /// Forgets every owed response (the connection closes), adding the epilogues of those that
    /// were ready to `epilogues`: they still run.
    mutating func removeAll(keepingEpiloguesIn epilogues: inout [ResponseEpilogue]) {
        for slot in slots {
            if let epilogue = slot.response?.epilogue { epilogues.append(epilogue) }
        }
        slots.removeAll()
    }
}
