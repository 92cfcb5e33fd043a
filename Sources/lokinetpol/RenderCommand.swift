import ArgumentParser

/// `lokinetpol render` (being built; see its issue).
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render", abstract: "Not built yet.")

    func run() throws { throw ExitCode(2) }
}
