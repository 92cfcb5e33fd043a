import CommandParsing
import Glibc

/// The `lokinetpol` command: the service and the CLI on the same core.
@main
enum LokiNetpol: Command {
    static var spec: CommandSpec {
        CommandSpec(
            name: "lokinetpol",
            abstract: "LokiStack NetworkPolicy generator: render, flows, diff, and the REST service.",
            subcommands: [
                ServeCommand.self, RenderCommand.self, FlowsCommand.self, DiffCommand.self, DriftCommand.self,
                VersionCommand.self, HealthcheckCommand.self, TokenCommand.self, BackupCommand.self,
            ])
    }

    /// Parses the command line and runs the subcommand it names; an async one (`serve`) through
    /// `AsyncCommandRunner`, so that the entry point stays synchronous. The help goes to standard
    /// output (status 0); a usage error to standard error with the command's usage (status 2, the
    /// CLI's documented code for them).
    static func main() {
        let status: ExitCode
        do throws(CommandLineError) {
            switch try CommandLineParser.parse(
                Array(CommandLine.arguments.dropFirst()), root: Self.self, environment: ProcessEnvironment.variables())
            {
            case .help(let path):
                CommandIO.writeOut(Array(CommandHelp.text(for: path).utf8))
                status = .success
            case .run(let path, let values):
                do throws(UsageError) {
                    status = try run(path.command, values)
                } catch {
                    status = refuse(error, path)
                }
            }
        } catch {
            status = refuse(error.usage, error.path)
        }
        exit(status.status)
    }

    /// Reports a usage error with the usage of the command it concerns; the exit status 2.
    private static func refuse(_ error: UsageError, _ path: CommandPath) -> ExitCode {
        CommandIO.writeError(CommandHelp.errorText(error, for: path))
        return ExitCode(2)
    }

    /// Builds the command from its values and runs it; the exit status it ended with.
    private static func run(_ type: any Command.Type, _ values: ParsedValues) throws(UsageError) -> ExitCode {
        if let type = type as? any RunnableCommand.Type {
            let command = try type.init(values)
            do throws(ExitCode) { try command.run() } catch { return error }
        } else if let type = type as? any AsyncRunnableCommand.Type {
            let command = try type.init(values)
            do throws(ExitCode) { try AsyncCommandRunner.run(command) } catch { return error }
        } else {
            preconditionFailure("\(type) has neither subcommands nor a run()")
        }
        return .success
    }
}
