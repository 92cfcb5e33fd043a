/// Builds a Prometheus text exposition (format 0.0.4): metric families with their `# HELP` and
/// `# TYPE` lines, then samples with escaped label values.
///
/// ```swift
/// var writer = PrometheusTextWriter()
/// writer.family("app_jobs_total", type: .counter, help: "Jobs run since start.")
/// writer.sample("app_jobs_total", labels: [("queue", name)], value: count)
/// let body = writer.text
/// ```
public struct PrometheusTextWriter: Sendable {
    /// A metric family's type, as its `# TYPE` line names it.
    public enum MetricType: String, Sendable {
        case counter, gauge, histogram, summary, untyped
    }

    /// The exposition so far.
    public private(set) var text = ""

    /// An empty exposition.
    public init() {}

    /// Starts the family `name`: its `# HELP` (backslash and line feed escaped) and `# TYPE`
    /// lines.
    public mutating func family(_ name: String, type: MetricType, help: String) {
        text += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(type.rawValue)\n"
    }

    /// One sample line: `name{label="value",…} value`.
    public mutating func sample(
        _ name: String, labels: [(name: String, value: String)] = [], value: some CustomStringConvertible
    ) {
        text += name
        if !labels.isEmpty {
            text += "{"
            for (index, label) in labels.enumerated() {
                if index > 0 { text += "," }
                text += label.name + "=\"" + Self.escapeLabelValue(label.value) + "\""
            }
            text += "}"
        }
        text += " \(value)\n"
    }

    /// A family with a single unlabelled sample.
    public mutating func metric(
        _ name: String, type: MetricType, help: String, value: some CustomStringConvertible
    ) {
        family(name, type: type, help: help)
        sample(name, value: value)
    }

    /// Appends text that is already in the exposition format (e.g. another writer's `text`).
    public mutating func append(exposition: String) {
        text += exposition
    }

    /// A label value with backslash, double quote and line feed escaped.
    public static func escapeLabelValue(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x22 || $0 == 0x0A }) else { return value }
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Help text with backslash and line feed escaped.
    static func escapeHelp(_ help: String) -> String {
        guard help.utf8.contains(where: { $0 == 0x5C || $0 == 0x0A }) else { return help }
        var escaped = ""
        for character in help {
            switch character {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
