/// Outcome of a non-blocking transport operation (handshake, read or write).
enum TransportOutcome: Equatable {
    /// `count` bytes were transferred (or the handshake finished: count 0).
    case done(Int)
    /// Call again once the socket is readable.
    case wantRead
    /// Call again once the socket is writable.
    case wantWrite
    /// The peer closed its side cleanly (end of input).
    case closed
    /// Protocol or socket error (e.g. plain HTTP sent to the TLS port): close the connection.
    case failed
}
