import ArgumentParser

/// The `lokinetpol` command: the service and the CLI on the same core.
@main
struct LokiNetpol: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lokinetpol",
        abstract: "LokiStack NetworkPolicy generator: render, flows, diff, and the REST service.",
        subcommands: [
            ServeCommand.self, RenderCommand.self, FlowsCommand.self, DiffCommand.self, DriftCommand.self,
            VersionCommand.self, HealthcheckCommand.self, TokenCommand.self, BackupCommand.self,
        ]
    )

    /// Runs the chosen subcommand. Usage errors exit with status 2 (ArgumentParser's own
    /// default is 64), the CLI's documented code for them; everything else as ArgumentParser does.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
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
