import ArgumentParser

/// The `lokinetpol` command: the service and the CLI on the same core.
@main
struct LokiNetpol: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lokinetpol",
        abstract: "LokiStack NetworkPolicy generator: render, flows, diff, and the REST service.",
        subcommands: [
            ServeCommand.self, RenderCommand.self, FlowsCommand.self, DiffCommand.self, VersionCommand.self,
            HealthcheckCommand.self,
        ]
    )
}
