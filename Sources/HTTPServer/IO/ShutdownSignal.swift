import CLinuxIO
import Glibc
import Synchronization

/// Process-wide SIGTERM/SIGINT watcher. The signal handler only writes to an eventfd
/// (async-signal-safe); a small thread reads it and calls the subscribers. Installed on first
/// subscription, after which the signals no longer terminate the process by default.
final class ShutdownSignal: Sendable {
    static let shared = ShutdownSignal()

    private struct Subscribers {
        var nextID = 0
        var handlers: [Int: @Sendable (Int32) -> Void] = [:]
        var installed = false
    }

    private let subscribers = Mutex(Subscribers())

    /// Calls `handler` (on the watcher thread) with the signal number at each SIGTERM/SIGINT.
    /// Returns an id for `unsubscribe`.
    func subscribe(_ handler: @escaping @Sendable (Int32) -> Void) throws(HTTPServerError) -> Int {
        let (id, mustInstall) = subscribers.withLock { state in
            state.nextID += 1
            state.handlers[state.nextID] = handler
            defer { state.installed = true }
            return (state.nextID, !state.installed)
        }
        if mustInstall { try install() }
        return id
    }

    func unsubscribe(_ id: Int) {
        _ = subscribers.withLock { $0.handlers.removeValue(forKey: id) }
    }

    private func install() throws(HTTPServerError) {
        let fd = eventfd(0, Int32(EFD_CLOEXEC))
        guard fd >= 0 else { throw .systemResource("eventfd: \(errnoDescription(errno))") }
        signalEventFD = fd
        try LoopThread.spawn(name: "http-signals") { [self] in watch(fd) }
        for signal in [SIGTERM, SIGINT] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var value = UInt64(number)
                _ = write(signalEventFD, &value, 8)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(signal, &action, nil)
        }
    }

    private func watch(_ fd: Int32) {
        while true {
            var value: UInt64 = 0
            let count = read(fd, &value, 8)
            if count < 0 && errno == EINTR { continue }
            guard count == 8 else { return }
            // eventfd adds up concurrent writes; SIGINT (2) and SIGTERM (15) are both "stop".
            let signal = value == UInt64(SIGINT) ? SIGINT : SIGTERM
            let handlers = subscribers.withLock { Array($0.handlers.values) }
            for handler in handlers { handler(signal) }
        }
    }
}

/// The eventfd the signal handler writes to (set before the handler is installed).
nonisolated(unsafe) private var signalEventFD: Int32 = -1
