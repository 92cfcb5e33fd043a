import CLinuxIO
import Glibc

/// Thin, typed wrappers over the socket system calls the server uses.
enum Socket {
    /// Resolves `host:port`, then creates a non-blocking listening socket bound to it.
    static func listen(host: String, port: Int, backlog: Int32 = 4096) throws(HTTPServerError) -> (fd: Int32, port: Int) {
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        guard (0...65535).contains(port) else {
            throw .invalidConfiguration("port \(port) is outside 0…65535")
        }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        // An address literal never goes through name services; a host name does.
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV | AI_NUMERICHOST
        var list: UnsafeMutablePointer<addrinfo>?
        var status = getaddrinfo(host, String(port), &hints, &list)
        if status == EAI_NONAME {
            hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
            status = getaddrinfo(host, String(port), &hints, &list)
        }
        guard status == 0, let first = list else {
            throw .bindFailed(address: address, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else {
                lastError = errnoDescription(errno)
                continue
            }
            var on: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
            // Accepted sockets inherit TCP_NODELAY from the listener on Linux: no call per accept.
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
            guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0,
                Glibc.listen(fd, backlog) == 0
            else {
                lastError = errnoDescription(errno)
                close(fd)
                continue
            }
            return (fd, boundPort(fd) ?? port)
        }
        throw .bindFailed(address: address, reason: lastError)
    }

    /// The local port a socket is bound to.
    static func boundPort(_ fd: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        guard ok else { return nil }
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafeBytes(of: storage) { Int(UInt16(bigEndian: $0.load(fromByteOffset: 2, as: UInt16.self))) }
        case AF_INET6:
            return withUnsafeBytes(of: storage) { Int(UInt16(bigEndian: $0.load(fromByteOffset: 2, as: UInt16.self))) }
        default:
            return nil
        }
    }

    /// The IP address of the peer of a connected socket as text; nil when it is not IP.
    static func peerAddress(_ fd: Int32) -> String? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) == 0 }
        }
        guard ok else { return nil }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let family = Int32(storage.ss_family)
        let converted: Bool = withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: UInt8.self, capacity: MemoryLayout<sockaddr_storage>.size) { bytes in
                switch family {
                case AF_INET:
                    // sockaddr_in: family (2), port (2), address (4).
                    return inet_ntop(AF_INET, bytes + 4, &text, socklen_t(text.count)) != nil
                case AF_INET6:
                    // sockaddr_in6: family (2), port (2), flow info (4), address (16).
                    return inet_ntop(AF_INET6, bytes + 8, &text, socklen_t(text.count)) != nil
                default:
                    return false
                }
            }
        }
        guard converted else { return nil }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Accepts one pending connection as a non-blocking socket (`TCP_NODELAY` is inherited).
    static func accept(_ listener: Int32) -> AcceptResult {
        let fd = accept4(listener, nil, nil, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
        if fd >= 0 { return .accepted(fd) }
        switch errno {
        case EAGAIN, EWOULDBLOCK: return .wouldBlock
        case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .outOfResources
        default: return .transientError
        }
    }

    /// Result of `accept`.
    enum AcceptResult {
        case accepted(Int32)
        case wouldBlock
        /// No file descriptor or memory: stop accepting for a moment.
        case outOfResources
        /// The peer went away before being accepted, or similar: try the next one.
        case transientError
    }
}
