import CLinuxIO
import Glibc
import Logging

/// One client connection, owned by its event loop (epoll edge-triggered: `readable` and
/// `writable` remember the socket state between events). Requests are parsed as they arrive,
/// answered in order (deferred work may finish in any order), at most
/// `maxPipelinedRequests` at a time; responses are batched into one write per flush.
///
/// Plain and TLS connections share one read and one write path over their `Transport`; the
/// responses owed wait in a `ResponseQueue`, encoded bytes in an `OutputBuffer`, and a
/// `ConnectionTimerPolicy` decides which deadline guards the connection.
final class Connection: TimerWheelNode {
    enum State {
        case handshaking, open, lingering, closed
    }

    let fd: Int32
    let serial: UInt64
    let admitted: Bool
    // The loop outlives its connections (it closes them all before it stops): no retain per access.
    unowned(unsafe) let loop: EventLoop
    var timerLink = TimerLink<Connection>()
    /// Queued on the loop's run-again list.
    var queuedToRunAgain = false

    private var state: State
    private let transport: any Transport
    private var parser: HTTPRequestParser
    private var timer: ConnectionTimerPolicy
    private var queue = ResponseQueue()
    private var output = OutputBuffer()
    /// Epilogues of the responses encoded into `output`, run after the next write attempt.
    private var epilogues: [ResponseEpilogue] = []
    /// Edge-triggered readiness. A new socket is read once epoll reports it (the request has
    /// rarely arrived by the time `accept` returns; registering reports data already there).
    private var readable = false
    private var writable = true
    /// The transport's last read wanted the socket writable (TLS renegotiation), or its last
    /// write wanted it readable.
    private var readWantsWrite = false
    private var writeWantsRead = false
    private var peerClosed = false
    /// epoll reported that the peer shut down its side: read until EOF even after a short read.
    private var peerShutdownSeen = false
    /// No further request is parsed (after `Connection: close`, an error or during shutdown).
    private var stopParsing = false
    /// Parsing stopped at the pipelining or output limit and must resume when room frees up.
    private var parseDeferred = false
    private var closeAfterWrite = false
    private var lingerAfterWrite = false
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

    /// Bodies above this size make the connection drop its parser buffer once idle again.
    private static let largeBodyBytes = 64 * 1024

    private static let continueBytes: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Bodies of at least this size are written from the response's own array together with
    /// the head (one gathering write) instead of being copied after it, where the transport
    /// can (plain sockets): a copy of a cached 9 KB representation cost more than the head.
    private static let gatheredBodyBytes = 4096

    /// A connection on `fd` speaking through `transport` (`SocketTransport(fd:)` for plain HTTP).
    init(fd: Int32, serial: UInt64, loop: EventLoop, admitted: Bool, transport: any Transport) {
        self.fd = fd
        self.serial = serial
        self.loop = loop
        self.admitted = admitted
        self.transport = transport
        let server = loop.server
        self.parser = HTTPRequestParser(limits: server.limits)
        timer = ConnectionTimerPolicy(
            timeouts: .init(
                handshake: server.handshakeTimeout, idle: server.idleTimeout, header: server.headerTimeout,
                body: server.bodyTimeout, send: server.sendTimeout,
                linger: admitted
                    ? server.lingerTimeout : min(server.lingerTimeout, ServerContext.rejectedLingerTimeout)))
        state = transport.needsHandshake ? .handshaking : .open
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
        if state == .handshaking { drive() } else { updateTimer() }
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
        guard state == .open, queue.complete(sequence: sequence, with: response) else {
            response.epilogue?.run()  // the connection is gone: the response is not, its epilogue runs
            return
        }
        releaseReadyResponses()
        drive()
    }

    /// The armed timer expired.
    func timedOut() {
        switch timer.expire(now: loop.now) {
        case .requestTimeout:
            // Best effort: one write of a 408, then close without lingering (slow client).
            stopParsing = true
            writeError(HTTPParseError(status: .requestTimeout, reason: "request not received in time"))
            flush()
            close()
        case .rearm(let deadline):
            loop.timers.schedule(self, at: deadline)  // requests came in since arming
        case .ignore:
            break
        case .close:
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

    /// Continues a turn cut short by `readsPerTurn` or `roundsPerTurn`.
    func resume() {
        drive()
    }

    // MARK: - State machine

    private var isQuiet: Bool {
        queue.isEmpty && output.isDrained
    }

    private var isPaused: Bool {
        queue.count >= loop.server.maxPipelinedRequests || output.pendingCount > ServerContext.outputHighWater
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

    private func advanceHandshake() -> Bool {
        switch transport.handshake() {
        case .done:
            state = .open
            timer.disarm()
            peerSubject = transport.verifiedPeerSubject()
            return true
        case .wantRead:
            readable = false
        case .wantWrite:
            writable = false
        case .closed, .failed:
            loop.server.metrics.recordFailedHandshake()
            loop.server.logger.debug(
                "TLS handshake failed", metadata: ["reason": "\(transport.failureReason ?? "closed")"])
            close()
        }
        return false
    }

    private var canRead: Bool {
        guard state == .open, !peerClosed, !stopParsing, !isPaused else { return false }
        return readWantsWrite ? writable : (readable || transport.bufferedInput > 0)
    }

    /// Reads and dispatches until the transport is drained or a limit stops reading; true when
    /// `budget` reads were done and input may remain.
    private func readAndProcess(budget: Int) -> Bool {
        let buffer = loop.readBuffer
        var reads = 0
        while canRead {
            if reads == budget { return true }
            reads += 1
            readWantsWrite = false
            switch transport.read(into: buffer) {
            case .done(let count):
                // A short read drained the socket (edge-triggered epoll reports new data),
                // unless the peer's FIN is pending: no new edge would announce it.
                if transport.shortTransferDrainsSocket && count < buffer.count && !peerShutdownSeen {
                    readable = false
                }
                parser.append(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                processRequests()
            case .wantRead:
                readable = false
            case .wantWrite:
                readWantsWrite = true
                writable = false
                return false
            case .closed:
                peerClosed = true
            case .failed:
                close()
                return false
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
        timer.requestDispatched()
        let keepAlive = request.keepAlive && !loop.draining
        if !keepAlive { stopParsing = true }
        let framing = ResponseFraming(version: request.version, keepAlive: keepAlive, headOnly: request.method == .head)
        switch loop.server.respond(to: request, context: newContext()) {
        case .response(let response):
            if queue.isEmpty {
                write(response, framing)
                // The last request buffered: send now, before the request is destroyed and the
                // parser asked again (at one connection the client waits for exactly this).
                if parser.phase == .idle && !readable && transport.bufferedInput == 0 { flush() }
            } else {
                queue.enqueue(response, framing)
            }
        case .deferred(let work):
            let sequence = queue.enqueue(nil, framing)
            let loop = self.loop
            let fd = self.fd
            let serial = self.serial
            Task {
                let response = await work()
                loop.post(.completed(fd: fd, serial: serial, sequence: sequence, response: response))
            }
        }
    }

    /// A fresh request's context (a temporary: handed to the router without a copy).
    private func newContext() -> RequestContext {
        var context = RequestContext(requestID: loop.requestIDs.next(), peerAddress: peerAddress, startNanoseconds: loop.realNow)
        context.clientCertificateSubject = peerSubject
        return context
    }

    private func enqueueContinue() {
        var framing = ResponseFraming(version: .http1_1, keepAlive: true, headOnly: false)
        framing.isContinue = true
        if queue.isEmpty {
            output.append { $0.append(contentsOf: Self.continueBytes) }
        } else {
            queue.enqueue(HTTPResponse(status: .continue), framing)
        }
    }

    /// A request could not be parsed: answer the error after the earlier responses, then close.
    private func fail(_ error: HTTPParseError) {
        stopParsing = true
        lingerAfterWrite = true
        if queue.isEmpty {
            writeError(error)
        } else {
            queue.enqueue(errorResponse(error), ResponseFraming(version: .http1_1, keepAlive: false, headOnly: false))
        }
    }

    private func writeError(_ error: HTTPParseError) {
        write(errorResponse(error), ResponseFraming(version: .http1_1, keepAlive: false, headOnly: false))
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
        while let (response, framing) = queue.popReady() {
            if framing.isContinue {
                output.append { $0.append(contentsOf: Self.continueBytes) }
            } else {
                write(response, framing)
            }
            if closeAfterWrite {
                queue.removeAll(keepingEpiloguesIn: &epilogues)
                return
            }
        }
    }

    /// Encodes `response` into the output buffer.
    private func write(_ response: HTTPResponse, _ framing: ResponseFraming) {
        if output.hasNoStorage { output.swapStorage(&loop.spareOutput) }
        var keepAlive = framing.keepAlive && !loop.draining
        if keepAlive, let connection = response.headers["Connection"], Self.containsClose(connection) {
            keepAlive = false
        }
        let bodyFollows = output.append { bytes in
            HTTPResponseEncoder.encodeHead(
                response, version: framing.version, date: loop.date, server: loop.server.serverName,
                keepAlive: keepAlive, headOnly: framing.headOnly, into: &bytes)
        }
        if bodyFollows {
            if transport.gathersWrites && response.body.count >= Self.gatheredBodyBytes {
                output.appendTail(response.body)
            } else {
                output.append { $0.append(contentsOf: response.body) }
            }
        }
        if let epilogue = response.epilogue { epilogues.append(epilogue) }
        timer.responseQueued(now: loop.now)
        output.endResponse()
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

    /// Writes buffered output until done or the transport cannot take more now, then runs the
    /// epilogues of the responses encoded so far (written, partly written, or waiting for a
    /// socket that is not writable yet).
    private func flush() {
        writeOutput()
        runEpilogues()
    }

    private func runEpilogues() {
        guard !epilogues.isEmpty else { return }
        for epilogue in epilogues { epilogue.run() }
        epilogues.removeAll(keepingCapacity: true)
    }

    private func writeOutput() {
        while !output.isDrained {
            if writeWantsRead ? !readable : !writable { return }
            writeWantsRead = false
            let remaining = output.pendingCount
            let outcome = output.withPending { head, tail in
                tail.isEmpty ? transport.write(head) : transport.write(head, tail)
            }
            switch outcome {
            case .done(let count):
                if transport.shortTransferDrainsSocket && count < remaining { writable = false }
                timer.outputProgressed()
                if output.consume(count) { timer.responseSent(now: loop.now) }
            case .wantWrite:
                writable = false
                return
            case .wantRead:
                writeWantsRead = true
                readable = false
                return
            case .closed, .failed:
                close()
                return
            }
        }
        output.resetOffsets()
        timer.outputDrained()
        var storage: [UInt8] = []
        output.swapStorage(&storage)
        loop.recycle(&storage)
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
        transport.shutdown()
        shutdown(fd, Int32(SHUT_WR))
        state = .lingering
        updateTimer()
        discardInput()
    }

    /// Reads the socket's raw input away (below the transport: a TLS session is over).
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

    /// What the connection waits for, as a timer to arm.
    private var awaitedTimer: ConnectionTimerPolicy.Kind {
        switch state {
        case .closed: return .none
        case .handshaking: return .handshake
        case .lingering: return .linger
        case .open:
            if !output.isDrained { return .writeStall }
            if !queue.isEmpty || isPaused { return .none }
            switch parser.phase {
            case .idle: return .idle
            case .head: return .header
            case .body: return .body
            }
        }
    }

    /// Arms the timer that matches what the connection waits for.
    private func updateTimer() {
        guard state != .closed else { return }
        switch timer.arm(awaitedTimer, now: loop.now) {
        case .keep: break
        case .cancel: loop.timers.cancel(self)
        case .schedule(let deadline): loop.timers.schedule(self, at: deadline)
        }
    }

    /// Closes the socket and forgets the connection (idempotent).
    func close() {
        guard state != .closed else { return }
        if state == .open { transport.shutdown() }  // close_notify, best effort (lingering sent it already)
        state = .closed
        timer.disarm()
        queue.removeAll(keepingEpiloguesIn: &epilogues)
        output = OutputBuffer()
        runEpilogues()
        loop.remove(self)
    }
}
