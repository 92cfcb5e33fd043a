import SystemSupport

/// Starts the event loops' threads: detached, named, with a main thread's stack.
enum LoopThread {
    /// Stack size of a loop thread: inline handlers (parsing, rendering) run on it, so the usual
    /// 8 MiB of a main thread; untouched pages cost no RSS.
    static let stackBytes = 8 << 20

    /// Runs `body` on a new detached thread named `name` (at most 15 bytes are kept).
    static func spawn(name: String, _ body: @escaping @Sendable () -> Void) throws(HTTPServerError) {
        let status = DetachedThread.spawn(name: name, stackBytes: stackBytes, body)
        guard status == 0 else {
            throw .systemResource("cannot start an event-loop thread: \(errnoDescription(status))")
        }
    }
}
