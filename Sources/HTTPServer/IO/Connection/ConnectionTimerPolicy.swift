/// Which deadline guards a connection and what happens when it passes: the handshake, idle,
/// header, body, linger and send timeouts, on the server's clock (`HTTPServerClock`, which
/// tests replace with a manual one). Pure bookkeeping: the connection tells it what it waits
/// for and arms its event loop's timer wheel as told.
///
/// - A header or body timer keeps its deadline while the same phase continues, so a client
///   that sends a byte now and then (slowloris) cannot extend it; a new request gets its own.
/// - The idle deadline moves with every request without touching the wheel: the expiry
///   re-arms until the real deadline.
/// - While output is pending the connection is closed when it stalls for the idle timeout or
///   when the response being sent is not out by its send deadline (`sendTimeout` after it
///   became next in line); progress does not extend a send deadline.
struct ConnectionTimerPolicy {
    /// What the armed timer guards.
    enum Kind {
        case none, handshake, idle, header, body, linger
        /// Output is pending: stalled for the idle timeout or past the send deadline.
        case writeStall
    }

    /// What to do with the connection's entry in the timer wheel.
    enum Action: Equatable {
        case keep, cancel
        case schedule(at: UInt64)
    }

    /// What an expired timer means for the connection.
    enum Expiry: Equatable {
        /// Nothing was armed.
        case ignore
        /// The request head or body did not arrive in time: answer 408 and close.
        case requestTimeout
        /// The idle period was extended since arming: sleep until `at`.
        case rearm(at: UInt64)
        /// Close the connection.
        case close
    }

    /// The timeouts in nanoseconds.
    struct Timeouts {
        var handshake: UInt64
        var idle: UInt64
        var header: UInt64
        var body: UInt64
        var send: UInt64
        var linger: UInt64
    }

    let timeouts: Timeouts
    /// What the armed timer guards.
    private(set) var kind = Kind.none
    /// When the armed timer really expires (the idle one is extended without touching the wheel).
    private(set) var deadline: UInt64 = 0
    /// When the response being sent must be out; 0 while nothing is being sent.
    private(set) var sendDeadline: UInt64 = 0
    /// A request was dispatched since the timer was armed: the idle period restarts, a header
    /// or body timer belongs to the next request.
    private var dispatchedSinceArm = false

    init(timeouts: Timeouts) {
        self.timeouts = timeouts
    }

    /// A request was handed to the router.
    mutating func requestDispatched() {
        dispatchedSinceArm = true
    }

    /// A response was encoded into the output; it becomes the one being sent if none is.
    mutating func responseQueued(now: UInt64) {
        if sendDeadline == 0 { sendDeadline = now &+ timeouts.send }
    }

    /// A response went out completely: the next one's send deadline starts now.
    mutating func responseSent(now: UInt64) {
        sendDeadline = now &+ timeouts.send
    }

    /// Bytes were written: a stalled-output timer restarts at the next `arm`.
    mutating func outputProgressed() {
        if kind == .writeStall { kind = .none }
    }

    /// Everything is written: no send deadline runs.
    mutating func outputDrained() {
        sendDeadline = 0
    }

    /// The handshake finished or the connection closed: the armed timer no longer applies
    /// (the connection cancels or re-arms it).
    mutating func disarm() {
        kind = .none
    }

    /// Arms the timer for what the connection now waits for.
    mutating func arm(_ desired: Kind, now: UInt64) -> Action {
        if desired == kind {
            guard dispatchedSinceArm else { return .keep }
            switch desired {
            case .idle:
                dispatchedSinceArm = false
                deadline = now &+ timeouts.idle
                return .keep
            case .header, .body:
                break  // a new request: its own deadline
            case .none, .handshake, .writeStall, .linger:
                dispatchedSinceArm = false
                return .keep
            }
        }
        dispatchedSinceArm = false
        kind = desired
        let timeout: UInt64
        switch desired {
        case .none:
            return .cancel
        case .handshake: timeout = timeouts.handshake
        case .idle: timeout = timeouts.idle
        case .header: timeout = timeouts.header
        case .body: timeout = timeouts.body
        case .linger: timeout = timeouts.linger
        case .writeStall:
            let stallDeadline = now &+ timeouts.idle
            deadline = sendDeadline == 0 ? stallDeadline : min(stallDeadline, sendDeadline)
            return .schedule(at: deadline)
        }
        deadline = now &+ timeout
        return .schedule(at: deadline)
    }

    /// The wheel reported the armed timer expired at `now`.
    mutating func expire(now: UInt64) -> Expiry {
        let expired = kind
        kind = .none
        switch expired {
        case .header, .body:
            return .requestTimeout
        case .idle where deadline > now:
            kind = .idle
            return .rearm(at: deadline)
        case .none:
            return .ignore
        case .handshake, .idle, .writeStall, .linger:
            return .close
        }
    }
}
