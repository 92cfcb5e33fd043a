import ArgumentParser

/// `lokinetpol diff` (being built; see its issue).
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff", abstract: "Not built yet.")

    func run() throws { throw ExitCode(2) }
}
