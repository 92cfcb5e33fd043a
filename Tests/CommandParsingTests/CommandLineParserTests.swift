import CommandParsing
import XCTest

/// A toy program with every kind of parameter: `tool run`, `tool pair OLD NEW`, `tool copy --to`
/// and the group `tool group leaf`.
private enum Tool: Command {
    static var spec: CommandSpec {
        CommandSpec(name: "tool", abstract: "A tool.", subcommands: [Run.self, Pair.self, Copy.self, Group.self])
    }

    enum Output: String, ArgumentValue, CaseIterable {
        case text, json
    }

    enum Run: Command {
        static let file = Option<String>("file", short: "f", help: "Input file.", default: "-")
        static let output = Option<Output>("output", short: "o", help: "Output.", default: .text)
        static let count = Option<Int>("count", help: "How many.", environment: "TOOL_COUNT", default: 8, range: 1...256)
        static let name = Option<String?>("name", help: "A name.", environment: "TOOL_NAME", default: nil)
        static let hosts = ListOption<String>("host", help: "Hosts (repeatable).", environment: "TOOL_HOSTS")
        static let scopes = ListOption<String>("scopes", help: "Scopes.", default: ["read"], upToNextOption: true)
        static let verbose = Flag("verbose", help: "Say more.", environment: "TOOL_VERBOSE")
        static let gateway = InvertibleFlag("gateway", help: "Whether the gateway is on.")
        static var spec: CommandSpec {
            CommandSpec(
                name: "run", abstract: "Run it.", discussion: "Runs it.",
                parameters: [file, output, count, name, hosts, scopes, verbose, gateway])
        }
    }

    enum Pair: Command {
        static let old = Argument("old", help: "The old side.")
        static let new = Argument("new", help: "The new side.")
        static let verbose = Flag("verbose", help: "Say more.")
        static var spec: CommandSpec {
            CommandSpec(name: "pair", abstract: "Compare two.", parameters: [old, new, verbose])
        }
    }

    enum Copy: Command {
        static let to = Option<String>("to", valueName: "FILE", help: "Where to.")
        static let force = Flag("force", help: "Replace.")
        static var spec: CommandSpec { CommandSpec(name: "copy", abstract: "Copy.", parameters: [to, force]) }
    }

    enum Group: Command {
        static var spec: CommandSpec { CommandSpec(name: "group", abstract: "A group.", subcommands: [Leaf.self]) }
    }

    enum Leaf: Command {
        static var spec: CommandSpec { CommandSpec(name: "leaf", abstract: "A leaf.") }
    }
}

final class CommandLineParserTests: XCTestCase {
    /// The path and values of a command line that runs a command.
    private func parse(_ arguments: [String], environment: [String: String] = [:]) throws -> (CommandPath, ParsedValues) {
        switch try CommandLineParser.parse(arguments, root: Tool.self, environment: environment) {
        case .run(let path, let values): return (path, values)
        case .help(let path): throw TestFailure("help of \(path.qualifiedName) instead of a run")
        }
    }

    /// The values of `tool run …`.
    private func run(_ arguments: [String], environment: [String: String] = [:]) throws -> ParsedValues {
        try parse(["run"] + arguments, environment: environment).1
    }

    /// The usage error the command line is refused with (nil when it is not).
    private func refusal(_ arguments: [String], environment: [String: String] = [:]) -> UsageError? {
        do {
            _ = try CommandLineParser.parse(arguments, root: Tool.self, environment: environment)
            return nil
        } catch {
            return error.usage
        }
    }

    /// The command whose help the command line asks for (nil when it asks for none).
    private func help(_ arguments: [String]) throws -> String? {
        guard case .help(let path) = try CommandLineParser.parse(arguments, root: Tool.self, environment: [:]) else {
            return nil
        }
        return path.qualifiedName
    }

    private struct TestFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    func testAnOptionTakesItsValueAfterEqualsOrAsTheNextWord() throws {
        XCTAssertEqual(try run(["--file=a.yaml"]).value(of: Tool.Run.file), "a.yaml")
        XCTAssertEqual(try run(["--file", "a.yaml"]).value(of: Tool.Run.file), "a.yaml")
        XCTAssertEqual(try run(["-f", "a.yaml"]).value(of: Tool.Run.file), "a.yaml")
        XCTAssertEqual(try run(["--file=a=b"]).value(of: Tool.Run.file), "a=b", "the first = separates")
        XCTAssertEqual(try run(["--file="]).value(of: Tool.Run.file), "", "an empty value after =")
        XCTAssertEqual(try run(["--file", "-"]).value(of: Tool.Run.file), "-", "- alone is a value (standard input)")
        XCTAssertEqual(try run([]).value(of: Tool.Run.file), "-", "the default")
        XCTAssertEqual(try run(["-o", "json"]).value(of: Tool.Run.output), .json)
    }

    func testAnOptionWithoutItsValueIsRefusedByName() {
        XCTAssertEqual(refusal(["run", "--file"]), .missingValue(option: "--file"))
        XCTAssertEqual(refusal(["run", "-f", "--verbose"]), .missingValue(option: "-f"))
        XCTAssertEqual(refusal(["run", "--count", "-5"]), .missingValue(option: "--count"), "a word starting with - is an option")
    }

    func testAnUnknownOptionIsRefusedAsWritten() {
        XCTAssertEqual(refusal(["run", "--bogus"]), .unknownOption("--bogus"))
        XCTAssertEqual(refusal(["run", "--bogus=1"]), .unknownOption("--bogus"))
        XCTAssertEqual(refusal(["run", "-x"]), .unknownOption("-x"))
        XCTAssertEqual(refusal(["run", "-fa.yaml"]), .unknownOption("-fa.yaml"), "no value glued to a short name")
        XCTAssertEqual(refusal(["run", "--no-verbose"]), .unknownOption("--no-verbose"), "only invertible flags have --no-")
        XCTAssertEqual(refusal(["pair", "a", "b", "--file", "x"]), .unknownOption("--file"), "another command's option")
    }

    func testARepeatedOptionKeepsItsLastValueAndAListKeepsEvery() throws {
        XCTAssertEqual(try run(["--file", "a", "--file=b"]).value(of: Tool.Run.file), "b")
        XCTAssertEqual(try run(["--count", "3", "--count", "4"]).value(of: Tool.Run.count), 4)
        XCTAssertEqual(try run(["--host", "a", "--verbose", "--host=b"]).values(of: Tool.Run.hosts), ["a", "b"])
        XCTAssertEqual(refusal(["run", "--host", "a", "b"]), .unexpectedArgument("b"), "one value per --host")
        let upToNext = try run(["--scopes", "read", "write", "--verbose", "--scopes", "admin"])
        XCTAssertEqual(try upToNext.values(of: Tool.Run.scopes), ["read", "write", "admin"])
        XCTAssertTrue(upToNext.value(of: Tool.Run.verbose))
        XCTAssertEqual(try run([]).values(of: Tool.Run.scopes), ["read"], "the default")
        XCTAssertEqual(try run([]).values(of: Tool.Run.hosts), [])
    }

    func testFlags() throws {
        XCTAssertFalse(try run([]).value(of: Tool.Run.verbose))
        XCTAssertTrue(try run(["--verbose"]).value(of: Tool.Run.verbose))
        XCTAssertEqual(refusal(["run", "--verbose=yes"]), .unexpectedValue(flag: "--verbose", value: "yes"))
        XCTAssertNil(try run([]).value(of: Tool.Run.gateway))
        XCTAssertEqual(try run(["--gateway"]).value(of: Tool.Run.gateway), true)
        XCTAssertEqual(try run(["--no-gateway"]).value(of: Tool.Run.gateway), false)
        XCTAssertEqual(try run(["--gateway", "--no-gateway"]).value(of: Tool.Run.gateway), false, "the last wins")
        XCTAssertEqual(try run(["--no-gateway", "--gateway"]).value(of: Tool.Run.gateway), true, "the last wins")
    }

    func testDoubleDashEndsTheOptions() throws {
        let values = try parse(["pair", "--verbose", "--", "-a", "--help"]).1
        XCTAssertEqual(values.value(of: Tool.Pair.old), "-a")
        XCTAssertEqual(values.value(of: Tool.Pair.new), "--help", "no help after --")
        XCTAssertTrue(values.value(of: Tool.Pair.verbose))
        XCTAssertEqual(refusal(["run", "--", "--verbose"]), .unexpectedArgument("--verbose"))
        XCTAssertEqual(try parse(["pair", "a", "--", "--"]).1.value(of: Tool.Pair.new), "--", "only the first -- is special")
    }

    func testPositionalArgumentsInOrderAmongOptions() throws {
        let values = try parse(["pair", "old.yaml", "--verbose", "new.yaml"]).1
        XCTAssertEqual(values.value(of: Tool.Pair.old), "old.yaml")
        XCTAssertEqual(values.value(of: Tool.Pair.new), "new.yaml")
        XCTAssertEqual(try parse(["pair", "-", "b"]).1.value(of: Tool.Pair.old), "-")
        XCTAssertEqual(refusal(["pair", "a"]), .missingArgument("new"))
        XCTAssertEqual(refusal(["pair", "a", "b", "c"]), .unexpectedArgument("c"))
    }

    func testARequiredOption() throws {
        XCTAssertEqual(try parse(["copy", "--to", "x"]).1.value(of: Tool.Copy.to), "x")
        let values = try parse(["copy", "--force"]).1
        XCTAssertThrowsError(try values.value(of: Tool.Copy.to)) { error in
            XCTAssertEqual(error as? UsageError, .missingOption("--to"))
        }
    }

    func testTheEnvironmentIsTheFallbackAndTheOptionWins() throws {
        let environment = ["TOOL_COUNT": "12", "TOOL_NAME": "from-env", "TOOL_HOSTS": "a.example,b.example", "TOOL_VERBOSE": "yes"]
        let fallback = try run([], environment: environment)
        XCTAssertEqual(try fallback.value(of: Tool.Run.count), 12)
        XCTAssertEqual(try fallback.value(of: Tool.Run.name), "from-env")
        XCTAssertFalse(fallback.isGiven(Tool.Run.name), "the environment, not the command line")
        XCTAssertEqual(try fallback.values(of: Tool.Run.hosts), ["a.example,b.example"], "the variable's text is one value")
        XCTAssertTrue(fallback.value(of: Tool.Run.verbose))

        let given = try run(["--count", "5", "--name", "cli", "--host", "c.example"], environment: environment)
        XCTAssertEqual(try given.value(of: Tool.Run.count), 5)
        XCTAssertEqual(try given.value(of: Tool.Run.name), "cli")
        XCTAssertTrue(given.isGiven(Tool.Run.name))
        XCTAssertEqual(try given.values(of: Tool.Run.hosts), ["c.example"])

        let empty = try run([], environment: ["TOOL_COUNT": "", "TOOL_NAME": ""])
        XCTAssertEqual(try empty.value(of: Tool.Run.count), 8, "an empty variable is unset: the default")
        XCTAssertNil(try empty.value(of: Tool.Run.name))
        XCTAssertEqual(try run([]).value(of: Tool.Run.count), 8)

        for (text, on) in [("1", true), ("TRUE", true), ("Yes", true), ("0", false), ("false", false), ("no", false), ("on", false)] {
            XCTAssertEqual(try run([], environment: ["TOOL_VERBOSE": text]).value(of: Tool.Run.verbose), on, text)
        }
        XCTAssertTrue(try run(["--verbose"], environment: ["TOOL_VERBOSE": "0"]).value(of: Tool.Run.verbose))
    }

    func testNumbersOutsideTheirRangeAreRefusedNamingTheOptionOrVariable() throws {
        XCTAssertEqual(try run(["--count", "1"]).value(of: Tool.Run.count), 1)
        XCTAssertEqual(try run(["--count", "256"]).value(of: Tool.Run.count), 256)
        for text in ["0", "257", "-1", "abc", "1.5", "99999999999999999999", ""] {
            XCTAssertThrowsError(try run(["--count=" + text]).value(of: Tool.Run.count), text) { error in
                XCTAssertEqual(
                    error as? UsageError, .invalidValue(.option("--count"), value: text, expected: "an integer in 1...256"))
            }
        }
        XCTAssertThrowsError(try run([], environment: ["TOOL_COUNT": "999"]).value(of: Tool.Run.count)) { error in
            XCTAssertEqual(
                error as? UsageError, .invalidValue(.environment("TOOL_COUNT"), value: "999", expected: "an integer in 1...256"))
        }
        XCTAssertThrowsError(try run(["-o", "xml"]).value(of: Tool.Run.output)) { error in
            XCTAssertEqual(error as? UsageError, .invalidValue(.option("--output"), value: "xml", expected: "one of text, json"))
        }
    }

    func testSubcommandsAndHelp() throws {
        XCTAssertEqual(try help([]), "tool", "no subcommand: the program's help")
        XCTAssertEqual(try help(["--help"]), "tool")
        XCTAssertEqual(try help(["help"]), "tool")
        XCTAssertEqual(try help(["help", "run"]), "tool run")
        XCTAssertEqual(try help(["help", "group", "leaf"]), "tool group leaf")
        XCTAssertEqual(try help(["run", "--help"]), "tool run")
        XCTAssertEqual(try help(["run", "-f", "x", "-h"]), "tool run", "help wherever it stands")
        XCTAssertEqual(try help(["run", "--bogus", "-h"]), "tool run", "help before errors")
        XCTAssertEqual(try help(["group"]), "tool group", "a group without its subcommand")
        XCTAssertEqual(try help(["group", "-h"]), "tool group")
        XCTAssertNil(try help(["group", "leaf"]))
        XCTAssertEqual(try parse(["group", "leaf"]).0.qualifiedName, "tool group leaf")
        XCTAssertEqual(refusal(["bogus"]), .unknownSubcommand("bogus"))
        XCTAssertEqual(refusal(["--bogus"]), .unknownOption("--bogus"))
        XCTAssertEqual(refusal(["help", "bogus"]), .unknownSubcommand("bogus"))
        XCTAssertEqual(refusal(["group", "bogus"]), .unknownSubcommand("bogus"))
        XCTAssertEqual(refusal(["run", "--", "-h"]), .unexpectedArgument("-h"))
    }

    func testTheHelpListsEveryParameterWithItsDefaultsAndEnvironment() throws {
        guard case .help(let path) = try CommandLineParser.parse(["run", "-h"], root: Tool.self, environment: [:]) else {
            return XCTFail("no help")
        }
        let text = CommandHelp.text(for: path)
        for expected in [
            "OVERVIEW: Run it.", "\nRuns it.\n", "USAGE: tool run [<options>]",
            "  -f, --file <file>       Input file. (default: -)",
            "  -o, --output <output>   Output. (values: text, json; default: text)",
            "  --count <count>         How many. (default: 8; environment: TOOL_COUNT)",
            "  --name <name>           A name. (environment: TOOL_NAME)",
            "  --host <host> ...       Hosts (repeatable). (environment: TOOL_HOSTS)",
            "  --scopes <scopes> ...   Scopes. (default: read)",
            "  --verbose               Say more. (environment: TOOL_VERBOSE)",
            "  --gateway/--no-gateway  Whether the gateway is on.",
            "  -h, --help              Show help information.",
        ] {
            XCTAssertTrue(text.contains(expected), "\(expected) missing from:\n\(text)")
        }
        for line in text.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, String(line)) }

        guard case .help(let copy) = try CommandLineParser.parse(["help", "copy"], root: Tool.self, environment: [:]),
            case .help(let group) = try CommandLineParser.parse(["group"], root: Tool.self, environment: [:]),
            case .help(let pair) = try CommandLineParser.parse(["pair", "--help"], root: Tool.self, environment: [:])
        else { return XCTFail("no help") }
        XCTAssertTrue(CommandHelp.text(for: copy).contains("USAGE: tool copy --to <FILE> [<options>]\n"))
        XCTAssertTrue(CommandHelp.text(for: pair).contains("USAGE: tool pair [<options>] <old> <new>\n"))
        XCTAssertTrue(CommandHelp.text(for: pair).contains("ARGUMENTS:\n  <old>                   The old side.\n"))
        let groupHelp = CommandHelp.text(for: group)
        XCTAssertTrue(groupHelp.contains("USAGE: tool group <subcommand>\n"), groupHelp)
        XCTAssertTrue(groupHelp.contains("SUBCOMMANDS:\n  leaf                    A leaf.\n"), groupHelp)
        XCTAssertTrue(groupHelp.contains("See 'tool help group <subcommand>' for detailed help."), groupHelp)
    }

    func testAUsageErrorNamesTheProblemAndTheCommandsUsage() {
        do {
            _ = try CommandLineParser.parse(["run", "--bogus"], root: Tool.self, environment: [:])
            XCTFail("accepted")
        } catch {
            XCTAssertEqual(
                CommandHelp.errorText(error.usage, for: error.path),
                "Error: unknown option '--bogus'\nUsage: tool run [<options>]\n  See 'tool run --help' for more information.")
        }
        XCTAssertEqual(
            UsageError.invalidValue(.environment("TOOL_COUNT"), value: "x", expected: "an integer in 1...256").description,
            "invalid value 'x' for the environment variable TOOL_COUNT: expected an integer in 1...256")
        XCTAssertEqual(UsageError.missingValue(option: "--file").description, "missing value for '--file'")
    }

    /// A URL's user info is not quoted back (usage errors reach standard error and its logs);
    /// the rest of the word is, and words that are not such URLs are quoted whole.
    func testUsageErrorsDoNotQuoteAURLsUserInfo() {
        let url = "postgres://app:s3cret@db.example.com:5432/netpol?sslmode=require"
        for error: UsageError in [
            .unexpectedArgument(url), .unexpectedValue(flag: "--verbose", value: url),
            .invalidValue(.option("--count"), value: url, expected: "an integer"), .unknownSubcommand(url),
        ] {
            XCTAssertFalse(error.description.contains("s3cret"), error.description)
            XCTAssertFalse(error.description.contains("app:"), error.description)
            XCTAssertTrue(error.description.contains("postgres://…@db.example.com:5432/netpol"), error.description)
        }
        XCTAssertEqual(UsageError.unexpectedArgument("https://host/a@b").description, "unexpected argument 'https://host/a@b'")
        XCTAssertEqual(UsageError.unexpectedArgument("x@y").description, "unexpected argument 'x@y'")
        XCTAssertEqual(UsageError.unexpectedArgument("b").description, "unexpected argument 'b'")
    }
}
