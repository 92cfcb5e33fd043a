import CLinuxIO
import Glibc

/// Starts detached POSIX threads for the event loops (no Foundation `Thread`, small stacks).
enum LoopThread {
    /// Stack size of a loop thread: inline handlers (parsing, rendering) run on it, so the usual
    /// 8 MiB of a main thread; untouched pages cost no RSS.
    static let stackBytes = 8 << 20

    private final class Body {
        let name: String
        let run: @Sendable () -> Void
        init(name: String, run: @escaping @Sendable () -> Void) {
            self.name = name
            self.run = run
        }
    }

    /// Runs `body` on a new detached thread named `name` (at most 15 bytes are kept).
    static func spawn(name: String, _ body: @escaping @Sendable () -> Void) throws(HTTPServerError) {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackBytes)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let context = Unmanaged.passRetained(Body(name: name, run: body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { raw in
            guard let raw else { return nil }
            let body = Unmanaged<Body>.fromOpaque(raw).takeRetainedValue()
            _ = pthread_setname_np(pthread_self(), String(decoding: body.name.utf8.prefix(15), as: UTF8.self))
            body.run()
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            throw .systemResource("cannot start an event-loop thread: \(errnoDescription(status))")
        }
    }
}
