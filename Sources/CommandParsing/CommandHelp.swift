/// The texts the program shows about its commands: the help (`--help`), and a usage error
/// followed by the usage line. Lines are wrapped at 80 columns.
public enum CommandHelp {
    private static let width = 80
    /// The column where the descriptions of options and subcommands start.
    private static let column = 26

    /// The help of the path's command: overview, discussion, usage, arguments, options, subcommands.
    public static func text(for path: CommandPath) -> String {
        let spec = path.command.spec
        var sections = [wrap("OVERVIEW: " + spec.abstract)]
        if !spec.discussion.isEmpty { sections.append(wrap(spec.discussion)) }
        sections.append("USAGE: " + usage(of: path))
        let arguments = spec.parameters.filter { $0.kind == .argument }
        if !arguments.isEmpty {
            sections.append("ARGUMENTS:\n" + arguments.map { entry("<\($0.name)>", describe($0)) }.joined())
        }
        let options = spec.parameters.filter { $0.kind != .argument }
        sections.append(
            "OPTIONS:\n" + options.map { entry(label(of: $0), describe($0)) }.joined()
                + entry("-h, --help", "Show help information."))
        if !spec.subcommands.isEmpty {
            sections.append(
                "SUBCOMMANDS:\n" + spec.subcommands.map { entry($0.spec.name, $0.spec.abstract) }.joined()
                    + "\n  See '\(path.commands[0].spec.name) help \(path.commands.dropFirst().map { $0.spec.name + " " }.joined())<subcommand>' for detailed help.\n"
            )
        }
        return sections.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }.joined(separator: "\n")
    }

    /// `Error: …`, the usage line and where the help is (three lines), for standard error.
    public static func errorText(_ error: UsageError, for path: CommandPath) -> String {
        "Error: \(error)\nUsage: \(usage(of: path))\n  See '\(path.qualifiedName) --help' for more information."
    }

    /// `lokinetpol backup --to <FILE> [<options>]`, `lokinetpol diff [<options>] <old> <new>`,
    /// `lokinetpol token <subcommand>`.
    static func usage(of path: CommandPath) -> String {
        let spec = path.command.spec
        var words = [path.qualifiedName]
        if !spec.subcommands.isEmpty {
            words.append("<subcommand>")
        }
        for parameter in spec.parameters where parameter.isRequired {
            words.append(label(of: parameter))
        }
        if spec.parameters.contains(where: { $0.kind != .argument && !$0.isRequired }) {
            words.append("[<options>]")
        }
        for parameter in spec.parameters where parameter.kind == .argument {
            words.append("<\(parameter.name)>")
        }
        return words.joined(separator: " ")
    }

    /// How the help lists an option or flag: `-f, --file <file>`, `--gateway/--no-gateway`,
    /// `--scopes <scopes> ...`.
    private static func label(of parameter: ParameterSpec) -> String {
        let names = (parameter.short.map { "-\($0), " } ?? "") + parameter.longName
        switch parameter.kind {
        case .option: return names + " <\(parameter.valueName)>"
        case .list: return names + " <\(parameter.valueName)> ..."
        case .flag: return names
        case .invertibleFlag: return names + "/--no-" + parameter.name
        case .argument: return "<\(parameter.name)>"
        }
    }

    /// The help text, then the valid values, the default and the environment variable.
    private static func describe(_ parameter: ParameterSpec) -> String {
        var notes: [String] = []
        if !parameter.allowedValues.isEmpty { notes.append("values: " + parameter.allowedValues.joined(separator: ", ")) }
        if let text = parameter.defaultText { notes.append("default: " + text) }
        if let variable = parameter.environment { notes.append("environment: " + variable) }
        return notes.isEmpty ? parameter.help : parameter.help + " (" + notes.joined(separator: "; ") + ")"
    }

    /// `  label   description` with the description wrapped from ``column``; on the next line
    /// when the label reaches it.
    private static func entry(_ label: String, _ description: String) -> String {
        let indent = String(repeating: " ", count: column)
        let text = wrap(description, indent: indent)
        let head = "  " + label
        if head.count + 1 >= column { return head + "\n" + text + "\n" }
        return head + String(repeating: " ", count: column - head.count) + text.dropFirst(column) + "\n"
    }

    /// `text`'s lines (paragraphs) each wrapped at ``width``, every line after `indent`.
    private static func wrap(_ text: String, indent: String = "") -> String {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = indent
            for word in paragraph.split(separator: " ") {
                if line.count > indent.count && line.count + 1 + word.count > width {
                    lines.append(line)
                    line = indent
                }
                line += (line.count > indent.count ? " " : "") + word
            }
            lines.append(paragraph.isEmpty ? "" : line)
        }
        return lines.joined(separator: "\n")
    }
}
