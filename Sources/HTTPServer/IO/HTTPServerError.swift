/// Why an `HTTPServer` could not be created or started. Every case carries a message meant
/// for the operator (it names the file, address or setting at fault).
public enum HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration is unusable (e.g. a port outside 0…65535, no event loop).
    case invalidConfiguration(String)
    /// The listening address could not be resolved, bound or listened on (e.g. address in use).
    case bindFailed(address: String, reason: String)
    /// The TLS certificate or private key cannot be read, is invalid, or they do not match.
    case tlsSetupFailed(String)
    /// A system resource (epoll, eventfd, thread) could not be created.
    case systemResource(String)
    /// `start()` was called on a server that was already started (or stopped).
    case alreadyStarted

    public var description: String {
        switch self {
        case .invalidConfiguration(let message): return "invalid HTTP server configuration: \(message)"
        case .bindFailed(let address, let reason): return "cannot listen on \(address): \(reason)"
        case .tlsSetupFailed(let message): return "TLS setup failed: \(message)"
        case .systemResource(let message): return "system resource unavailable: \(message)"
        case .alreadyStarted: return "the HTTP server was already started"
        }
    }
}
