import CLinuxIO
import Glibc
import HTTPServer
import Logging
import NetpolService
import Synchronization
import SystemSupport

/// SIGHUP: reload the tokens file and the TLS certificate and key. Each reload is all or
/// nothing: a broken file keeps what was in force and logs why (never a secret). The signal
/// handler only writes to an eventfd (async-signal-safe); a thread of its own reads it and
/// reloads (no Dispatch: its Swift overlay would load `_StringProcessing` and `_RegexParser`).
final class ReloadOnHangup: Sendable {
    /// Set by `cancel()`: the thread stops at its next wake-up.
    private let cancelled = Atomic<Bool>(false)

    init(tokens: TokenRegistry?, server: HTTPServer, logger: Logger) {
        let fd = eventfd(0, Int32(EFD_CLOEXEC))
        guard fd >= 0 else {
            signal(SIGHUP, SIG_IGN)
            logger.error("SIGHUP ignored: no eventfd to watch it", metadata: ["errno": "\(errno)"])
            return
        }
        hangupEventFD = fd
        let started = DetachedThread.spawn(name: "sighup") { [self] in
            watch(fd, tokens: tokens, server: server, logger: logger)
        }
        guard started == 0 else {
            signal(SIGHUP, SIG_IGN)
            logger.error("SIGHUP ignored: no thread to watch it", metadata: ["status": "\(started)"])
            return
        }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            var one: UInt64 = 1
            _ = write(hangupEventFD, &one, 8)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGHUP, &action, nil)
    }

    /// Reloads at each SIGHUP until cancelled (several signals before a reload make one).
    private func watch(_ fd: Int32, tokens: TokenRegistry?, server: HTTPServer, logger: Logger) {
        while true {
            var count: UInt64 = 0
            let n = read(fd, &count, 8)
            if n < 0 && errno == EINTR { continue }
            guard n == 8, !cancelled.load(ordering: .acquiring) else { return }
            logger.info("received SIGHUP: reloading")
            if let tokens {
                do throws(TokenFileError) {
                    let count = try tokens.reload()
                    logger.notice("tokens file reloaded", metadata: ["tokensFile": "\(tokens.path)", "tokens": "\(count)"])
                } catch {
                    logger.error(
                        "tokens file not reloaded; the previous tokens stay in force",
                        metadata: ["error": "\(error.message)"])
                }
            }
            do throws(HTTPServerError) {
                try server.reloadTLS()
            } catch {
                logger.error(
                    "TLS certificate and key not reloaded; the previous ones stay in force", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Stops watching SIGHUP (ignored from now on). The eventfd stays open for the process's
    /// life: a handler already running may still write to it.
    func cancel() {
        signal(SIGHUP, SIG_IGN)
        cancelled.store(true, ordering: .releasing)
        var one: UInt64 = 1
        _ = write(hangupEventFD, &one, 8)
    }
}

/// The eventfd the SIGHUP handler writes to (set before the handler is installed).
nonisolated(unsafe) private var hangupEventFD: Int32 = -1
