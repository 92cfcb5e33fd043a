import ArgumentParser

/// `lokinetpol flows` (being built; see its issue).
struct FlowsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "flows", abstract: "Not built yet.")

    func run() throws { throw ExitCode(2) }
}
