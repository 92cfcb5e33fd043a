import ArgumentParser

/// The `lokinetpol` command: the service and the CLI on the same core.
@main
struct LokiNetpol: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lokinetpol",
        abstract: "LokiStack NetworkPolicy generator: render, flows, diff, and the REST service.",
        subcommands: [
            ServeCommand.self, RenderCommand.self, FlowsCommand.self, DiffCommand.self, DriftCommand.self,
            VersionCommand.self, HealthcheckCommand.self, TokenCommand.self, BackupCommand.self,
        ]
    )

    /// Runs the chosen subcommand; an async one (`serve`) through `AsyncCommandRunner`, so that
    /// the entry point stays synchronous. Usage errors exit with status 2 (ArgumentParser's own
    /// default is 64), the CLI's documented code for them; everything else as ArgumentParser does.
    static func main() {
        do {
            var command = try parseAsRoot()
            if let asyncCommand = command as? any AsyncParsableCommand {
                try AsyncCommandRunner.run(asyncCommand)
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                CommandIO.writeError(fullMessage(for: error))
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}
