import Dispatch

/// Runs an async subcommand (`serve`) from the synchronous entry point: the command runs as a
/// task on Swift's global executor while the main thread waits for it to finish. An `async`
/// main would hand the main thread to `dispatch_main`, whose `pthread_exit` unwinds the main
/// thread's stack and so reads the executable's unwind tables into memory at every start
/// (BENCHMARKS.md, "Memory and start-up").
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
            outcome.finished.signal()
        }
        outcome.finished.wait()
        if let exitCode = outcome.exitCode { throw exitCode }
    }

    /// The task's exit status, read by the main thread after `finished` (which orders the two accesses).
    private final class Outcome: @unchecked Sendable {
        var exitCode: ExitCode?
        let finished = DispatchSemaphore(value: 0)
    }
}
