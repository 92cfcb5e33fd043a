import CLinuxIO
import Glibc
import Logging

/// One client connection, owned by its event loop (epoll edge-triggered: `readable` and
/// `writable` remember the socket state between events). Requests are parsed as they arrive,
/// answered in order (deferred work may finish in any order), at most
/// `maxPipelinedRequests` at a time; responses are batched into one write per flush.
final class Connection: TimerWheelNode {
    enum State {
        case handshaking, open, lingering, closed
    }

    /// What the armed timer guards.
    enum TimerKind {
        case none, handshake, idle, header, body, linger
        /// Output is pending: stalled for the idle timeout or past the send deadline.
        case writeStall
    }

    /// A response slot in request order; `response` is nil while deferred work runs.
    struct Pending {
        var sequence: UInt64
        var response: HTTPResponse?
        var framing: Framing
    }

    /// How a response is written.
    struct Framing {
        var version: HTTPVersion
        var keepAlive: Bool
        var headOnly: Bool
        /// The `100 Continue` interim response (no headers, no body).
        var isContinue = false
    }

    let fd: Int32
    let serial: UInt64
    let admitted: Bool
    // The loop outlives its connections (it closes them all before it stops): no retain per access.
    unowned(unsafe) let loop: EventLoop
    var timerLink = TimerLink<Connection>()

    private var state: State
    private let tls: TLSSession?
    private var parser: HTTPRequestParser
    private var timerKind = TimerKind.none
    /// A request was dispatched since the timer was armed: the idle period restarts, a header
    /// or body timer belongs to the next request.
    private var dispatchedSinceArm = false
    /// When the armed idle timer really expires; extended per request without touching the wheel.
    private var idleDeadline: UInt64 = 0
    /// Edge-triggered readiness. A new socket is read once epoll reports it (the request has
    /// rarely arrived by the time `accept` returns; registering reports data already there).
    private var readable = false
    private var writable = true
    private var tlsReadWantsWrite = false
    private var tlsWriteWantsRead = false
    private var peerClosed = false
    /// epoll reported that the peer shut down its side: read until EOF even after a short read.
    private var peerShutdownSeen = false
    /// No further request is parsed (after `Connection: close`, an error or during shutdown).
    private var stopParsing = false
    /// Parsing stopped at the pipelining or output limit and must resume when room frees up.
    private var parseDeferred = false
    private var closeAfterWrite = false
    private var lingerAfterWrite = false
    private var output: [UInt8] = []
    private var outputOffset = 0
    /// Where each response in `output` ends (offsets into `output`), oldest first from
    /// `responseEndsStart`: the send deadline restarts when one is fully sent.
    private var responseEnds: [Int] = []
    private var responseEndsStart = 0
    /// When the response being sent must be out (`sendTimeout` after it became next in line);
    /// 0 while nothing is being sent.
    private var sendDeadline: UInt64 = 0
    private var queue: [Pending] = []
    private var nextSequence: UInt64 = 0
    private var discarded = 0
    /// A request with a large body went through the parser, whose buffer keeps its capacity.
    private var parserGrew = false
    /// The peer's IP address, looked up at the first request.
    private lazy var peerAddress: String? = Socket.peerAddress(fd)
    /// The subject of the client's verified TLS certificate, read once the handshake is done.
    private var peerSubject: String?

    /// Reads (of up to 64 KiB) and parse-write rounds per turn of one connection.
    private static let readsPerTurn = 16
    private static let roundsPerTurn = 4
    /// Queued on the loop's run-again list.
    var queuedToRunAgain = false

    /// Bodies above this size make the connection drop its parser buffer once idle again.
    private static let largeBodyBytes = 64 * 1024

    private static let continueBytes: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    init(fd: Int32, serial: UInt64, loop: EventLoop, admitted: Bool, tls: TLSSession?) {
        self.fd = fd
        self.serial = serial
        self.loop = loop
        self.admitted = admitted
        self.tls = tls
        self.parser = HTTPRequestParser(limits: loop.server.limits)
        state = tls == nil ? .open : .handshaking
    }

    // MARK: - Events

    /// Called once registered: rejects an over-limit connection (a 503 on plain HTTP; just a
    /// close on TLS, where no handshake is spent on it), else starts the TLS handshake.
    func start() {
        guard admitted else {
            guard loop.server.tls == nil else {
                close()
                return
            }
            let error = HTTPParseError(status: .serviceUnavailable, reason: "too many connections")
            stopParsing = true
            lingerAfterWrite = true  // the request is probably still on its way
            writeError(error)
            flush()
            finishIfDone()
            updateTimer()
            return
        }
        if tls != nil { drive() } else { updateTimer() }
    }

    /// Handles an epoll event mask.
    func handle(events: UInt32) {
        if events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
            readable = true
        }
        if events & (EPOLLRDHUP.rawValue | EPOLLHUP.rawValue) != 0 {
            peerShutdownSeen = true
        }
        if events & (EPOLLOUT.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
            writable = true
        }
        drive()
    }

    /// Deferred work for request `sequence` finished.
    func complete(sequence: UInt64, response: HTTPResponse) {
        guard state == .open, let index = queue.firstIndex(where: { $0.sequence == sequence }) else { return }
        queue[index].response = response
        releaseReadyResponses()
        drive()
    }

    /// The armed timer expired.
    func timedOut() {
        let kind = timerKind
        timerKind = .none
        switch kind {
        case .header, .body:
            // Best effort: one write of a 408, then close without lingering (slow client).
            stopParsing = true
            writeError(HTTPParseError(status: .requestTimeout, reason: "request not received in time"))
            flush()
            close()
        case .idle where idleDeadline > loop.now:
            timerKind = .idle  // requests came in since arming: sleep until the extended deadline
            loop.timers.schedule(self, at: idleDeadline)
        case .none:
            break
        case .handshake, .idle, .writeStall, .linger:
            close()
        }
    }

    /// Server shutdown: close at once when nothing is in progress, else after the current response.
    func drain() {
        switch state {
        case .handshaking:
            close()
        case .open:
            if isQuiet && parser.phase == .idle { close() }
        case .lingering:
            close()  // the final response is out; only its trailing input was being discarded
        case .closed:
            break
        }
    }

    // MARK: - State machine

    private var isQuiet: Bool {
        queue.isEmpty && outputOffset == output.count
    }

    private var isPaused: Bool {
        queue.count >= loop.server.maxPipelinedRequests
            || output.count - outputOffset > ServerContext.outputHighWater
    }

    private func drive() {
        switch state {
        case .closed:
            return
        case .lingering:
            discardInput()
            return
        case .handshaking:
            guard advanceHandshake() else {
                if state != .closed { updateTimer() }
                return
            }
        case .open:
            break
        }
        // A turn is bounded so that a client that sends and reads as fast as the loop works
        // cannot starve the loop's other connections; it continues after the next epoll batch.
        var rounds = 0
        var moreInput = false
        repeat {
            // Requests left in the parser when a limit was hit go first, then new input.
            if parseDeferred && !isPaused {
                parseDeferred = false
                processRequests()
            }
            moreInput = readAndProcess(budget: Self.readsPerTurn)
            guard state == .open else { return }
            flush()
            guard state == .open else { return }
            rounds += 1
        } while parseDeferred && !isPaused && !moreInput && rounds < Self.roundsPerTurn
        if moreInput || (parseDeferred && !isPaused) {
            loop.runAgain(self)
        }
        finishIfDone()
        if state != .closed { updateTimer() }
    }

    /// Continues a turn cut short by `readsPerTurn` or `roundsPerTurn`.
    func resume() {
        drive()
    }

    private func advanceHandshake() -> Bool {
        guard let tls else { return true }
        switch tls.handshake() {
        case .done:
            state = .open
            timerKind = .none
            peerSubject = tls.verifiedPeerSubject()
            return true
        case .wantRead:
            readable = false
        case .wantWrite:
            writable = false
        case .closed, .failed:
            loop.server.metrics.recordFailedHandshake()
            loop.server.logger.debug("TLS handshake failed", metadata: ["reason": "\(tls.failureReason ?? "closed")"])
            close()
        }
        return false
    }

    private var canRead: Bool {
        guard state == .open, !peerClosed, !stopParsing, !isPaused else { return false }
        if let tls {
            return tlsReadWantsWrite ? writable : (readable || tls.pendingBytes > 0)
        }
        return readable
    }

    /// Reads and dispatches until the socket is drained or a limit stops reading; true when
    /// `budget` reads were done and input may remain.
    private func readAndProcess(budget: Int) -> Bool {
        let buffer = loop.readBuffer
        var reads = 0
        while canRead {
            if reads == budget { return true }
            reads += 1
            if let tls {
                tlsReadWantsWrite = false
                switch tls.read(into: buffer) {
                case .done(let count):
                    parser.append(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                    processRequests()
                case .wantRead:
                    readable = false
                case .wantWrite:
                    tlsReadWantsWrite = true
                    writable = false
                    return false
                case .closed:
                    peerClosed = true
                case .failed:
                    close()
                    return false
                }
            } else {
                let count = read(fd, buffer.baseAddress, buffer.count)
                if count > 0 {
                    // A short read drained the socket (edge-triggered epoll reports new data),
                    // unless the peer's FIN is pending: no new edge would announce it.
                    if count < buffer.count && !peerShutdownSeen { readable = false }
                    parser.append(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                    processRequests()
                } else if count == 0 {
                    peerClosed = true
                } else {
                    switch errno {
                    case EAGAIN, EWOULDBLOCK: readable = false
                    case EINTR: continue
                    default:
                        close()
                        return false
                    }
                }
            }
        }
        return false
    }

    /// Parses and dispatches buffered requests until none is complete or a limit is reached.
    private func processRequests() {
        while !stopParsing && state == .open {
            if isPaused {
                parseDeferred = true
                return
            }
            let request: HTTPRequest?
            do {
                request = try parser.nextRequest()
            } catch {
                fail(error)
                return
            }
            guard let request else {
                if parser.takeContinueRequest() { enqueueContinue() }
                if parserGrew && parser.phase == .idle {
                    // Nothing buffered: a fresh parser returns the large buffer's memory.
                    parserGrew = false
                    parser = HTTPRequestParser(limits: loop.server.limits)
                }
                return
            }
            if request.body.count > Self.largeBodyBytes { parserGrew = true }
            dispatch(request)
        }
    }

    private func dispatch(_ request: HTTPRequest) {
        let sequence = nextSequence
        nextSequence &+= 1
        dispatchedSinceArm = true
        let keepAlive = request.keepAlive && !loop.draining
        if !keepAlive { stopParsing = true }
        let framing = Framing(version: request.version, keepAlive: keepAlive, headOnly: request.method == .head)
        var context = RequestContext(requestID: loop.requestIDs.next(), peerAddress: peerAddress, startNanoseconds: loop.realNow)
        context.clientCertificateSubject = peerSubject
        switch loop.server.router.handle(request, context: context) {
        case .response(let response):
            if queue.isEmpty {
                write(response, framing)
            } else {
                queue.append(Pending(sequence: sequence, response: response, framing: framing))
            }
        case .deferred(let work):
            queue.append(Pending(sequence: sequence, response: nil, framing: framing))
            let loop = self.loop
            let fd = self.fd
            let serial = self.serial
            Task {
                let response = await work()
                loop.post(.completed(fd: fd, serial: serial, sequence: sequence, response: response))
            }
        }
    }

    private func enqueueContinue() {
        var framing = Framing(version: .http1_1, keepAlive: true, headOnly: false)
        framing.isContinue = true
        if queue.isEmpty {
            output.append(contentsOf: Self.continueBytes)
        } else {
            queue.append(Pending(sequence: nextSequence, response: HTTPResponse(status: .continue), framing: framing))
            nextSequence &+= 1
        }
    }

    /// A request could not be parsed: answer the error after the earlier responses, then close.
    private func fail(_ error: HTTPParseError) {
        stopParsing = true
        lingerAfterWrite = true
        if queue.isEmpty {
            writeError(error)
        } else {
            let framing = Framing(version: .http1_1, keepAlive: false, headOnly: false)
            queue.append(Pending(sequence: nextSequence, response: errorResponse(error), framing: framing))
            nextSequence &+= 1
        }
    }

    private func writeError(_ error: HTTPParseError) {
        write(errorResponse(error), Framing(version: .http1_1, keepAlive: false, headOnly: false))
    }

    /// The response to a request the server answers itself (unparseable, too slow, over the
    /// connection limit): the configured hook's, with a request id; logged at debug level.
    private func errorResponse(_ error: HTTPParseError) -> HTTPResponse {
        let requestID = loop.requestIDs.next()
        var response = loop.server.errorResponse(error)
        response.headers.set("X-Request-Id", requestID)
        loop.server.logger.debug(
            "request answered by the server",
            metadata: ["request_id": "\(requestID)", "status": "\(error.status.code)", "reason": "\(error.reason)"])
        return response
    }

    /// Moves the finished responses at the head of the queue to the output buffer.
    private func releaseReadyResponses() {
        while let first = queue.first, let response = first.response {
            queue.removeFirst()
            if first.framing.isContinue {
                output.append(contentsOf: Self.continueBytes)
            } else {
                write(response, first.framing)
            }
            if closeAfterWrite {
                queue.removeAll()
                return
            }
        }
    }

    /// Encodes `response` into the output buffer.
    private func write(_ response: HTTPResponse, _ framing: Framing) {
        if output.capacity == 0 { swap(&output, &loop.spareOutput) }
        var keepAlive = framing.keepAlive && !loop.draining
        if keepAlive, let connection = response.headers["Connection"], Self.containsClose(connection) {
            keepAlive = false
        }
        HTTPResponseEncoder.encode(
            response, version: framing.version, date: loop.date, server: loop.server.serverName, keepAlive: keepAlive,
            headOnly: framing.headOnly, into: &output)
        if sendDeadline == 0 { sendDeadline = loop.now &+ loop.server.sendTimeout }
        responseEnds.append(output.count)
        if !keepAlive {
            closeAfterWrite = true
            stopParsing = true
        }
    }

    private static func containsClose(_ value: String) -> Bool {
        value.split(separator: ",").contains {
            HTTPHeaders.equalsIgnoringCase(String($0.trimmingOWS()), "close")
        }
    }

    /// Writes buffered output until done or the socket is full.
    private func flush() {
        while outputOffset < output.count {
            let remaining = output.count - outputOffset
            let written: Int
            if let tls {
                if tlsWriteWantsRead && !readable { return }
                if !tlsWriteWantsRead && !writable { return }
                tlsWriteWantsRead = false
                let outcome = output.withUnsafeBytes { bytes in
                    tls.write(UnsafeRawBufferPointer(rebasing: bytes[outputOffset...]))
                }
                switch outcome {
                case .done(let count):
                    written = count
                case .wantWrite:
                    writable = false
                    return
                case .wantRead:
                    tlsWriteWantsRead = true
                    readable = false
                    return
                case .closed, .failed:
                    close()
                    return
                }
            } else {
                guard writable else { return }
                let count = output.withUnsafeBytes { bytes in
                    send(fd, bytes.baseAddress! + outputOffset, remaining, Int32(MSG_NOSIGNAL))
                }
                if count < 0 {
                    switch errno {
                    case EAGAIN, EWOULDBLOCK:
                        writable = false
                        return
                    case EINTR:
                        continue
                    default:
                        close()
                        return
                    }
                }
                if count < remaining { writable = false }
                written = count
            }
            outputOffset += written
            if timerKind == .writeStall { timerKind = .none }
            responsesSent()
        }
        outputOffset = 0
        responseEnds.removeAll(keepingCapacity: true)
        responseEndsStart = 0
        sendDeadline = 0
        loop.recycle(&output)
    }

    /// Forgets the responses `outputOffset` has passed; the next one's send deadline starts now.
    private func responsesSent() {
        var passed = false
        while responseEndsStart < responseEnds.count, responseEnds[responseEndsStart] <= outputOffset {
            responseEndsStart += 1
            passed = true
        }
        if passed { sendDeadline = loop.now &+ loop.server.sendTimeout }
    }

    /// Closes once everything owed is written: lingering after errors, at once otherwise.
    private func finishIfDone() {
        guard state == .open, isQuiet else { return }
        if closeAfterWrite {
            // Input may still be in flight: read it away so the peer sees our response, not a reset.
            if lingerAfterWrite || readable || parser.phase != .idle {
                startLinger()
            } else {
                close()
            }
        } else if peerClosed || (loop.draining && parser.phase == .idle) {
            close()
        }
    }

    private func startLinger() {
        tls?.shutdown()
        shutdown(fd, Int32(SHUT_WR))
        state = .lingering
        updateTimer()
        discardInput()
    }

    private func discardInput() {
        let buffer = loop.readBuffer
        while true {
            let count = read(fd, buffer.baseAddress, buffer.count)
            if count > 0 {
                discarded += count
                if discarded > ServerContext.lingerDiscardLimit {
                    close()
                    return
                }
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                readable = false
                return
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                close()
                return
            }
        }
    }

    /// Arms the timer that matches what the connection waits for; a header or body timer keeps
    /// its deadline while the same phase continues (slowloris clients cannot extend it).
    private func updateTimer() {
        let desired: TimerKind
        switch state {
        case .closed: return
        case .handshaking: desired = .handshake
        case .lingering: desired = .linger
        case .open:
            if outputOffset < output.count {
                desired = .writeStall
            } else if !queue.isEmpty || isPaused {
                desired = .none
            } else {
                switch parser.phase {
                case .idle: desired = .idle
                case .head: desired = .header
                case .body: desired = .body
                }
            }
        }
        let server = loop.server
        if desired == timerKind {
            guard dispatchedSinceArm else { return }
            switch desired {
            case .idle:
                dispatchedSinceArm = false
                idleDeadline = loop.now &+ server.idleTimeout
                return
            case .header, .body:
                break  // a new request: its own deadline
            case .none, .handshake, .writeStall, .linger:
                dispatchedSinceArm = false
                return
            }
        }
        dispatchedSinceArm = false
        timerKind = desired
        let timeout: UInt64
        switch desired {
        case .none:
            loop.timers.cancel(self)
            return
        case .handshake: timeout = server.handshakeTimeout
        case .idle: timeout = server.idleTimeout
        case .writeStall:
            // Stalled for the idle timeout, or the response not out by its send deadline.
            let stallDeadline = loop.now &+ server.idleTimeout
            idleDeadline = sendDeadline == 0 ? stallDeadline : min(stallDeadline, sendDeadline)
            loop.timers.schedule(self, at: idleDeadline)
            return
        case .header: timeout = server.headerTimeout
        case .body: timeout = server.bodyTimeout
        case .linger:
            timeout = admitted ? server.lingerTimeout : min(server.lingerTimeout, ServerContext.rejectedLingerTimeout)
        }
        idleDeadline = loop.now &+ timeout
        loop.timers.schedule(self, at: idleDeadline)
    }

    /// Closes the socket and forgets the connection (idempotent).
    func close() {
        guard state != .closed else { return }
        if state == .open { tls?.shutdown() }  // close_notify, best effort (lingering sent it already)
        state = .closed
        timerKind = .none
        queue.removeAll()
        output = []
        loop.remove(self)
    }
}
