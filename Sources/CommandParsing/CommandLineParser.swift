/// Parses a command line against a tree of ``Command``s: the leading words select a
/// subcommand, the rest are its options, flags and positional arguments.
public enum CommandLineParser {
    /// What `arguments` (the command line without the program's name) asks of `root`, with
    /// `environment` for the options' fallbacks.
    public static func parse(
        _ arguments: [String], root: any Command.Type, environment: [String: String]
    ) throws(CommandLineError) -> Invocation {
        var path = CommandPath(root: root)
        if arguments.first == "help" {
            for word in arguments.dropFirst() {
                guard let subcommand = path.command.spec.subcommand(named: word) else {
                    throw CommandLineError(usage: .unknownSubcommand(word), path: path)
                }
                path = path.appending(subcommand)
            }
            return .help(path)
        }
        var index = 0
        while !path.command.spec.subcommands.isEmpty {
            guard index < arguments.count, !isHelp(arguments[index]) else { return .help(path) }
            let word = arguments[index]
            guard let subcommand = path.command.spec.subcommand(named: word) else {
                let problem: UsageError = word.hasPrefix("-") ? .unknownOption(word) : .unknownSubcommand(word)
                throw CommandLineError(usage: problem, path: path)
            }
            path = path.appending(subcommand)
            index += 1
        }
        let words = Array(arguments[index...])
        if words.prefix(while: { $0 != "--" }).contains(where: isHelp) { return .help(path) }
        do {
            return .run(path, try ParsedValues(parsing: words, spec: path.command.spec, environment: environment))
        } catch {
            throw CommandLineError(usage: error, path: path)
        }
    }

    /// `--help` or `-h`: the help, wherever it stands before `--`.
    private static func isHelp(_ word: String) -> Bool {
        word == "--help" || word == "-h"
    }
}
