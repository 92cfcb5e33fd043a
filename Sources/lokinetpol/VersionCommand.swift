import CommandParsing
import PolicyCore

/// `lokinetpol version`: the version and the spec revision it implements.
struct VersionCommand: RunnableCommand {
    static var spec: CommandSpec {
        CommandSpec(name: "version", abstract: "Print the version and the spec revision implemented.")
    }

    init(_ values: ParsedValues) {}

    func run() {
        print("lokinetpol \(GeneratorInfo.version)")
        print("implements \(GeneratorInfo.specRevision)")
    }
}
