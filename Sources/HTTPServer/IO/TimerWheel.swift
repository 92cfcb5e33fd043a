/// One entry of a `TimerWheel`: the intrusive links live in the timed object itself,
/// so arming, re-arming and cancelling are O(1) without allocation.
protocol TimerWheelNode: AnyObject {
    var timerLink: TimerLink<Self> { get set }
}

/// Intrusive doubly-linked-list links plus the deadline of a `TimerWheelNode`.
struct TimerLink<Node: AnyObject> {
    /// Monotonic nanoseconds; 0 when not armed.
    var deadline: UInt64 = 0
    /// Slot index while linked, -1 otherwise.
    var slot: Int = -1
    var previous: Node?
    var next: Node?
}

/// A hashed timer wheel for connection deadlines (header, body, idle, handshake, linger).
/// Resolution is one tick; a deadline beyond one revolution stays in its slot and is looked at
/// once per revolution until due. Owned by one event loop: not thread-safe.
struct TimerWheel<Node: TimerWheelNode> {
    static var tickNanoseconds: UInt64 { 25_000_000 }
    private static var slotCount: Int { 512 }

    private var heads: [Node?]
    private var currentTick: UInt64
    /// Number of armed nodes.
    private(set) var count = 0

    init(now: UInt64) {
        heads = Array(repeating: nil, count: Self.slotCount)
        currentTick = now / Self.tickNanoseconds
    }

    /// Arms (or re-arms) `node` to expire at `deadline` (monotonic nanoseconds).
    mutating func schedule(_ node: Node, at deadline: UInt64) {
        cancel(node)
        let tick = max((deadline + Self.tickNanoseconds - 1) / Self.tickNanoseconds, currentTick + 1)
        let slot = Int(tick % UInt64(Self.slotCount))
        node.timerLink.deadline = deadline
        node.timerLink.slot = slot
        node.timerLink.next = heads[slot]
        heads[slot]?.timerLink.previous = node
        heads[slot] = node
        count += 1
    }

    /// Disarms `node` if armed.
    mutating func cancel(_ node: Node) {
        let slot = node.timerLink.slot
        guard slot >= 0 else { return }
        let previous = node.timerLink.previous
        let next = node.timerLink.next
        if let previous {
            previous.timerLink.next = next
        } else {
            heads[slot] = next
        }
        next?.timerLink.previous = previous
        node.timerLink = TimerLink()
        count -= 1
    }

    /// Slots looked at by `timeoutMilliseconds` (one second): this runs once per loop iteration,
    /// so far-away deadlines cost one wake-up per second rather than a scan of the whole wheel.
    private static var lookahead: UInt64 { 40 }

    /// Milliseconds until the next tick whose slot holds a node, at most `lookahead` ticks
    /// (-1 when nothing is armed), for `epoll_wait`.
    func timeoutMilliseconds(now: UInt64) -> Int32 {
        guard count > 0 else { return -1 }
        var tick = currentTick + 1
        let last = currentTick + Self.lookahead
        while tick < last, heads[Int(tick % UInt64(Self.slotCount))] == nil {
            tick += 1
        }
        let due = tick * Self.tickNanoseconds
        guard due > now else { return 0 }
        return Int32(min((due - now + 999_999) / 1_000_000, 60_000))
    }

    /// Advances to `now` and disarms and returns every node whose deadline has passed.
    mutating func expire(now: UInt64) -> [Node] {
        let target = now / Self.tickNanoseconds
        guard target > currentTick else { return [] }
        var expired: [Node] = []
        let steps = min(target - currentTick, UInt64(Self.slotCount))
        for step in 1...steps {
            let slot = Int((currentTick + step) % UInt64(Self.slotCount))
            var cursor = heads[slot]
            while let node = cursor {
                cursor = node.timerLink.next
                if node.timerLink.deadline <= now {
                    cancel(node)
                    expired.append(node)
                }
            }
        }
        currentTick = target
        return expired
    }
}
