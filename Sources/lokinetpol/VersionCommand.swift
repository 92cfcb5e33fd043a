import ArgumentParser
import PolicyCore

/// `lokinetpol version`: the version and the spec revision it implements.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Print the version and the spec revision implemented.")

    func run() {
        print("lokinetpol \(GeneratorInfo.version)")
        print("implements \(GeneratorInfo.specRevision)")
    }
}
