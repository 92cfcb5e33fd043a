import Glibc

/// Runs an async subcommand (`serve`) from the synchronous entry point: the command runs as a
/// task on Swift's global executor while the main thread waits for it to finish. An `async`
/// main would hand the main thread to `dispatch_main`, whose `pthread_exit` unwinds the main
/// thread's stack and so reads the executable's unwind tables into memory at every start
/// (BENCHMARKS.md, "Memory and start-up"). The wait is a POSIX semaphore: no Dispatch overlay
/// (libswiftDispatch, which lists `_StringProcessing` and `_RegexParser` as needed) is loaded.
enum AsyncCommandRunner {
    /// Runs `command` to its end; rethrows the exit status it threw.
    static func run(_ command: sending any AsyncRunnableCommand) throws(ExitCode) {
        let outcome = Outcome()
        Task {
            do throws(ExitCode) {
                try await command.run()
            } catch {
                outcome.exitCode = error
            }
            outcome.finish()
        }
        outcome.wait()
        if let exitCode = outcome.exitCode { throw exitCode }
    }

    /// The task's exit status, read by the main thread after `wait()` returns (`sem_post` and
    /// `sem_wait` order the two accesses).
    private final class Outcome: @unchecked Sendable {
        var exitCode: ExitCode?
        private let finished = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)

        init() {
            sem_init(finished, 0, 0)
        }

        deinit {
            sem_destroy(finished)
            finished.deallocate()
        }

        /// Called once by the task when the command has ended.
        func finish() {
            sem_post(finished)
        }

        /// Blocks until `finish()`.
        func wait() {
            while sem_wait(finished) != 0 && errno == EINTR {}
        }
    }
}
