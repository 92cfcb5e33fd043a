/// The byte stream of one connection as its `Connection` reads and writes it: the plain socket
/// (`SocketTransport`) or a TLS session over it (`TLSSession`). Every call is non-blocking and
/// made on the connection's event loop.
protocol Transport {
    /// True when `handshake()` must finish before the first read or write.
    var needsHandshake: Bool { get }
    /// True when a read or write that moved fewer bytes than asked for means the socket is
    /// drained or full (edge-triggered readiness must then wait for the next event). False for
    /// TLS, which moves one record at a time.
    var shortTransferDrainsSocket: Bool { get }
    /// Input already decoded and buffered inside the transport: readable without a socket event.
    var bufferedInput: Int { get }
    /// Why the last operation failed, for a debug log line.
    var failureReason: String? { get }

    /// Advances the handshake; `.done` when there is none.
    func handshake() -> TransportOutcome
    /// Reads up to `buffer.count` bytes.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> TransportOutcome
    /// True when ``write(_:_:)`` writes both buffers in one call (a gathering write); false
    /// when it would write them one at a time (TLS: a record each), so callers copy instead.
    var gathersWrites: Bool { get }
    /// Writes up to `bytes.count` bytes (partial writes allowed).
    func write(_ bytes: UnsafeRawBufferPointer) -> TransportOutcome
    /// Writes up to `first.count + second.count` bytes, `first`'s before `second`'s (partial
    /// writes allowed).
    func write(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> TransportOutcome
    /// The subject of the client's verified certificate (RFC 4514); nil without one.
    func verifiedPeerSubject() -> String?
    /// Ends the transport's own session (TLS `close_notify`), best effort and never blocking;
    /// the socket itself stays open.
    func shutdown()
}

extension Transport {
    var gathersWrites: Bool { false }

    /// One buffer at a time: `first` until it is written, then `second`.
    func write(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> TransportOutcome {
        first.isEmpty ? write(second) : write(first)
    }
}
