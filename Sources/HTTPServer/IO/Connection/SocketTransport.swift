import Glibc

/// Plain HTTP: reads and writes go straight to the non-blocking socket.
struct SocketTransport: Transport {
    let fd: Int32

    var needsHandshake: Bool { false }
    var shortTransferDrainsSocket: Bool { true }
    var gathersWrites: Bool { true }
    var bufferedInput: Int { 0 }
    var failureReason: String? { nil }

    func handshake() -> TransportOutcome { .done(0) }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> TransportOutcome {
        while true {
            let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if count > 0 { return .done(count) }
            if count == 0 { return .closed }
            switch errno {
            case EAGAIN, EWOULDBLOCK: return .wantRead
            case EINTR: continue
            default: return .failed
            }
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> TransportOutcome {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return .done(0) }
        while true {
            let count = send(fd, base, bytes.count, Int32(MSG_NOSIGNAL))
            if count >= 0 { return .done(count) }
            switch errno {
            case EAGAIN, EWOULDBLOCK: return .wantWrite
            case EINTR: continue
            default: return .failed
            }
        }
    }

    /// `sendmsg` with two buffers (no `SIGPIPE`, as `write(_:)`).
    func write(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> TransportOutcome {
        var vectors = (
            iovec(iov_base: UnsafeMutableRawPointer(mutating: first.baseAddress), iov_len: first.count),
            iovec(iov_base: UnsafeMutableRawPointer(mutating: second.baseAddress), iov_len: second.count)
        )
        return withUnsafeMutableBytes(of: &vectors) { raw in
            var message = msghdr()
            message.msg_iov = raw.baseAddress?.assumingMemoryBound(to: iovec.self)
            message.msg_iovlen = 2
            while true {
                let count = sendmsg(fd, &message, Int32(MSG_NOSIGNAL))
                if count >= 0 { return .done(count) }
                switch errno {
                case EAGAIN, EWOULDBLOCK: return .wantWrite
                case EINTR: continue
                default: return .failed
                }
            }
        }
    }

    func verifiedPeerSubject() -> String? { nil }

    func shutdown() {}
}
