import CLinuxIO
import Glibc
import Logging
import Synchronization
import SystemSupport

/// One event-loop thread: an epoll set over the shared listener, its connections and an eventfd
/// for messages from other threads (completed deferred work, shutdown). Everything but `post`
/// runs on the loop's own thread.
final class EventLoop: @unchecked Sendable {
    /// A message to the loop from another thread.
    enum Message: Sendable {
        /// Deferred work of request `sequence` on connection `fd`/`serial` produced `response`.
        case completed(fd: Int32, serial: UInt64, sequence: UInt64, response: HTTPResponse)
        /// Stop accepting, close idle connections, finish the others until `deadline`.
        case drain(deadline: UInt64)
        /// The clock moved (a manual clock was advanced): look at the timers again.
        case wake
    }

    let index: Int
    let server: ServerContext
    private let epollFD: Int32
    private let wakeFD: Int32
    private let inbox = Mutex<[Message]>([])
    private let wakePending = Atomic<Bool>(false)
    private let onFinish: @Sendable (Int) -> Void
    private let events: UnsafeMutablePointer<epoll_event>

    // Loop-confined state.
    private var connections: [Connection?] = []
    private var connectionCount = 0
    private var nextSerial: UInt64 = 0
    var timers: TimerWheel<Connection>
    /// Scratch buffer every read of this loop goes through (the parser copies what it keeps).
    let readBuffer: UnsafeMutableRawBufferPointer
    /// An empty output buffer with capacity, lent to the connection being written.
    var spareOutput: [UInt8] = []
    /// Time of the current loop iteration on the server's clock (timeouts and deadlines).
    private(set) var now: UInt64
    /// Real monotonic time of the current loop iteration (request durations).
    private(set) var realNow: UInt64
    /// `Date` header value of the current second.
    private(set) var date: [UInt8] = []
    private var dateSecond = -1
    var requestIDs = RequestIDGenerator()
    private(set) var draining = false
    private var drainDeadline: UInt64 = 0
    private var listening = false
    /// Connections whose turn was cut short; they continue after the current epoll batch.
    private var runAgainList: [Connection] = []
    private var acceptResumesAt: UInt64 = 0

    private static let readBufferBytes = 64 * 1024
    private static let maxEvents = 256
    private static let acceptBatch = 32
    /// Largest output buffer kept for reuse (bigger ones are freed: idle RSS stays small).
    private static let sparePoolLimit = 64 * 1024

    init(index: Int, server: ServerContext, onFinish: @escaping @Sendable (Int) -> Void) throws(HTTPServerError) {
        self.index = index
        self.server = server
        self.onFinish = onFinish
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw .systemResource("epoll_create1: \(errnoDescription(errno))") }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wakeFD >= 0 else {
            close(epollFD)
            throw .systemResource("eventfd: \(errnoDescription(errno))")
        }
        realNow = MonotonicClock.now()
        now = server.clock.now()
        timers = TimerWheel(now: now)
        readBuffer = .allocate(byteCount: Self.readBufferBytes, alignment: 16)
        events = .allocate(capacity: Self.maxEvents)
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = wakeFD
        epoll_ctl(epollFD, EPOLL_CTL_ADD, wakeFD, &event)
    }

    deinit {
        close(wakeFD)
        close(epollFD)
        readBuffer.deallocate()
        events.deallocate()
    }

    /// Starts the loop's thread.
    func start() throws(HTTPServerError) {
        try LoopThread.spawn(name: "http-loop-\(index)") { [self] in run() }
    }

    /// Hands a message to the loop (any thread); wakes it at most once per batch.
    func post(_ message: Message) {
        inbox.withLock { $0.append(message) }
        if !wakePending.exchange(true, ordering: .acquiringAndReleasing) {
            var one: UInt64 = 1
            _ = write(wakeFD, &one, 8)
        }
    }

    // MARK: - The loop

    private func run() {
        ThreadShard.register(loopIndex: index)
        refreshClock()
        startListening()
        while !(draining && connectionCount == 0) {
            turn()
            if !draining && !listening && now >= acceptResumesAt {
                startListening()
            }
        }
        stopListening()
        onFinish(index)
    }

    /// One iteration of the loop: waits for events (until the next timer is due, at most
    /// `waitAtMost` milliseconds when given), handles them, expires the due timers and resumes
    /// the connections whose turn was cut short. Tests drive a loop that was never started with
    /// it, over connections they `admit`.
    func turn(waitAtMost: Int32? = nil) {
        var timeout = waitTimeout()
        if let waitAtMost, timeout < 0 || timeout > waitAtMost { timeout = waitAtMost }
        let ready = epoll_wait(epollFD, events, Int32(Self.maxEvents), timeout)
        refreshClock()
        if ready > 0 {
            for slot in 0..<Int(ready) {
                let fd = events[slot].data.fd
                let bits = events[slot].events
                if fd == wakeFD {
                    takeMessages()
                } else if fd == server.listenerFD {
                    acceptConnections()
                } else if fd >= 0, Int(fd) < connections.count, let connection = connections[Int(fd)] {
                    connection.handle(events: bits)
                }
            }
        }
        for connection in timers.expire(now: now) {
            connection.timedOut()
        }
        if !runAgainList.isEmpty {
            let list = runAgainList
            runAgainList.removeAll(keepingCapacity: true)
            for connection in list {
                connection.queuedToRunAgain = false
                connection.resume()
            }
        }
        if draining && now >= drainDeadline {
            for case let connection? in connections { connection.close() }
        }
    }

    private func waitTimeout() -> Int32 {
        guard runAgainList.isEmpty else { return 0 }
        var timeout = timers.timeoutMilliseconds(now: now)
        func limit(_ deadline: UInt64) {
            let milliseconds = Int32(clamping: (deadline > now ? deadline - now : 0) / 1_000_000 + 1)
            timeout = timeout < 0 ? milliseconds : min(timeout, milliseconds)
        }
        if draining { limit(drainDeadline) }
        if !draining && !listening { limit(acceptResumesAt) }
        return timeout
    }

    private func refreshClock() {
        realNow = MonotonicClock.now()
        now = server.clock === HTTPServerClock.system ? realNow : server.clock.now()
        let second = MonotonicClock.unixSeconds()
        if second != dateSecond {
            dateSecond = second
            date = HTTPDate.imfFixdate(second)
        }
    }

    private func takeMessages() {
        var counter: UInt64 = 0
        _ = read(wakeFD, &counter, 8)
        wakePending.store(false, ordering: .releasing)
        let messages = inbox.withLock { inbox in
            let taken = inbox
            inbox.removeAll()
            return taken
        }
        for message in messages {
            switch message {
            case .completed(let fd, let serial, let sequence, let response):
                if Int(fd) < connections.count, let connection = connections[Int(fd)], connection.serial == serial {
                    connection.complete(sequence: sequence, response: response)
                } else {
                    response.epilogue?.run()  // the connection is gone, the response's epilogue is not
                }
            case .drain(let deadline):
                beginDrain(deadline: deadline)
            case .wake:
                break  // the loop expires timers after its messages
            }
        }
    }

    // MARK: - Accepting

    private func startListening() {
        guard !listening else { return }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue
        event.data.fd = server.listenerFD
        if epoll_ctl(epollFD, EPOLL_CTL_ADD, server.listenerFD, &event) == 0 {
            listening = true
        } else {
            server.logger.error("cannot watch the listening socket: \(errnoDescription(errno))")
        }
    }

    private func stopListening() {
        guard listening else { return }
        var event = epoll_event()
        epoll_ctl(epollFD, EPOLL_CTL_DEL, server.listenerFD, &event)
        listening = false
    }

    private func acceptConnections() {
        for _ in 0..<Self.acceptBatch {
            switch Socket.accept(server.listenerFD) {
            case .accepted(let fd):
                admit(fd)
            case .wouldBlock:
                return
            case .transientError:
                continue
            case .outOfResources:
                server.logger.warning("accept failed (\(errnoDescription(errno))); pausing accepts for 100 ms")
                stopListening()
                acceptResumesAt = now + 100_000_000
                return
            }
        }
    }

    /// Takes on the accepted socket `fd` (non-blocking): a connection, registered for events.
    func admit(_ fd: Int32) {
        let admitted = !draining && server.metrics.admitConnection(limit: server.maxConnections)
        if !admitted { server.metrics.connectionRejected() }
        var session: TLSSession?
        if admitted, let tls = server.tls {
            session = tls.makeSession(fd: fd)
            if session == nil {
                server.metrics.connectionClosed()
                close(fd)
                return
            }
        }
        nextSerial &+= 1
        let connection = Connection(
            fd: fd, serial: nextSerial, loop: self, admitted: admitted, transport: session ?? SocketTransport(fd: fd))
        if Int(fd) >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: Int(fd) + 1 - connections.count + 64))
        }
        connections[Int(fd)] = connection
        connectionCount += 1
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
        event.data.fd = fd
        guard epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) == 0 else {
            connection.close()
            return
        }
        connection.start()
    }

    /// Lets `connection` continue after the current epoll batch (its turn was cut short).
    func runAgain(_ connection: Connection) {
        guard !connection.queuedToRunAgain else { return }
        connection.queuedToRunAgain = true
        runAgainList.append(connection)
    }

    /// Forgets a closed connection and closes its descriptor (called by `Connection.close`).
    func remove(_ connection: Connection) {
        timers.cancel(connection)
        if Int(connection.fd) < connections.count, connections[Int(connection.fd)] === connection {
            connections[Int(connection.fd)] = nil
            connectionCount -= 1
        }
        close(connection.fd)
        if connection.admitted { server.metrics.connectionClosed() }
    }

    /// Takes back an emptied output buffer for the next connection, unless it grew too big.
    func recycle(_ buffer: inout [UInt8]) {
        if spareOutput.capacity == 0 && buffer.capacity <= Self.sparePoolLimit {
            buffer.removeAll(keepingCapacity: true)
            swap(&buffer, &spareOutput)
        } else {
            buffer = []
        }
    }

    // MARK: - Shutdown

    private func beginDrain(deadline: UInt64) {
        guard !draining else { return }
        draining = true
        drainDeadline = deadline
        stopListening()
        for case let connection? in connections { connection.drain() }
    }
}
