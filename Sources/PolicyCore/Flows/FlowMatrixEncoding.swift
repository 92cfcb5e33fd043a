extension FlowMatrix {
    /// The §9.1 JSON, canonical (keys sorted, no whitespace), with `enabled` and `reason`:
    /// `{"egress":[{"component":…,"to":{…}}],"enabled":true,"ingress":[{"component":…,"from":{…}}],"reason":"…"}`.
    public func json() -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 6144)
        writeJSON(to: &writer)
        return writer.finish()
    }

    /// Appends the §9.1 JSON object to `writer` (for documents that embed a matrix).
    public func writeJSON(to writer: inout JSONWriter) {
        writer.raw("{\"egress\":[")
        FlowMatrix.writeRows(egress, key: "to", to: &writer)
        writer.raw("],\"enabled\":")
        writer.bool(enablement.isEnabled)
        writer.raw(",\"ingress\":[")
        FlowMatrix.writeRows(ingress, key: "from", to: &writer)
        writer.raw("],\"reason\":")
        writer.string(enablement.reason)
        writer.raw("}")
    }

    /// Appends `FlowPort`s as `[{"port":3100,"protocol":"TCP"},…]`; with `by` (one list of
    /// policy names per port) as `[{"by":["a","b"],"port":3100,"protocol":"TCP"},…]`.
    static func writePorts(_ ports: [FlowPort], by: [[String]]? = nil, to writer: inout JSONWriter) {
        writer.raw("[")
        for (i, port) in ports.enumerated() {
            if i > 0 { writer.raw(",") }
            writer.raw("{")
            if let names = by?[i] {
                writer.raw("\"by\":[")
                for (j, name) in names.enumerated() {
                    if j > 0 { writer.raw(",") }
                    writer.string(name)
                }
                writer.raw("],")
            }
            writer.raw("\"port\":")
            writer.int(port.port)
            writer.raw(",\"protocol\":")
            writer.string(port.protocol.rawValue)
            writer.raw("}")
        }
        writer.raw("]")
    }

    private static func writeRows<Class: FlowClass>(_ rows: [FlowRow<Class>], key: String, to writer: inout JSONWriter) {
        // Canonical member order: by code point (class raw values are ASCII identifiers).
        let sortedClasses = Class.allCases.sorted { $0.rawValue.utf8.lexicographicallyPrecedes($1.rawValue.utf8) }
        for (i, row) in rows.enumerated() {
            if i > 0 { writer.raw(",") }
            writer.raw("{\"component\":")
            writer.string(row.component.rawValue)
            writer.raw(",")
            writer.key(key)
            writer.raw("{")
            for (j, flowClass) in sortedClasses.enumerated() {
                if j > 0 { writer.raw(",") }
                writer.key(flowClass.rawValue)
                writePorts(row[flowClass], by: row.by?[flowClass.position], to: &writer)
            }
            writer.raw("}}")
        }
    }

    /// Two plain text tables (ingress, egress), columns aligned, cells `✅ 3100, 3101` or `❌`.
    /// A cell where a supplementary policy allows a port ends in a footnote mark (`[1]`); the
    /// footnotes, naming those policies, follow the tables.
    public func text() -> String {
        var notes = Footnotes(supplementary: Set(supplementary))
        var out = "Network policies: \(enablement.isEnabled ? "enabled" : "disabled") (\(enablement.reason))\n\n"
        out += "Ingress (incoming traffic)\n"
        out += FlowMatrix.textTable(FlowMatrix.tableCells(ingress, notes: &notes))
        out += "\nEgress (outgoing traffic)\n"
        out += FlowMatrix.textTable(FlowMatrix.tableCells(egress, notes: &notes))
        return out + notes.text(prefix: "\n")
    }

    /// Two markdown tables in the style of the documentation's flow matrix, with the footnotes
    /// of `text()`.
    public func markdown() -> String {
        var notes = Footnotes(supplementary: Set(supplementary))
        var out = "Network policies: **\(enablement.isEnabled ? "enabled" : "disabled")** (\(enablement.reason))\n\n"
        out += "### Ingress (Incoming Traffic)\n\n"
        out += FlowMatrix.markdownTable(FlowMatrix.tableCells(ingress, notes: &notes))
        out += "\n### Egress (Outgoing Traffic)\n\n"
        out += FlowMatrix.markdownTable(FlowMatrix.tableCells(egress, notes: &notes))
        return out + notes.text(prefix: "\n")
    }

    /// The footnotes of the text tables: one per distinct set of supplementary policies
    /// allowing a cell's ports, numbered in table order.
    private struct Footnotes {
        let supplementary: Set<String>
        var notes: [[String]] = []

        /// The mark (` [n]`) of a cell whose ports `by` allows, or "" when no supplementary policy does.
        mutating func mark(_ by: [[String]]?) -> String {
            guard !supplementary.isEmpty, let by else { return "" }
            var names: [String] = []
            for list in by { for name in list where supplementary.contains(name) && !names.contains(name) { names.append(name) } }
            guard !names.isEmpty else { return "" }
            names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            if let i = notes.firstIndex(of: names) { return " [\(i + 1)]" }
            notes.append(names)
            return " [\(notes.count)]"
        }

        func text(prefix: String) -> String {
            guard !notes.isEmpty else { return "" }
            var out = prefix
            for (i, names) in notes.enumerated() {
                let what = names.count == 1 ? "supplementary policy" : "supplementary policies"
                out += "[\(i + 1)] opened by \(what) \(names.joined(separator: ", "))\n"
            }
            return out
        }
    }

    /// A cell as the tables show it: `✅ 3100, 53/UDP` for allowed ports, `❌` for none.
    public static func cellText(_ ports: [FlowPort]) -> String {
        ports.isEmpty ? "❌" : "✅ " + ports.map(\.description).joined(separator: ", ")
    }

    private static func tableCells<Class: FlowClass>(_ rows: [FlowRow<Class>], notes: inout Footnotes) -> [[String]] {
        var cells = [["Component"] + Class.allCases.map(\.title)]
        for row in rows {
            var line = [row.component.rawValue]
            for flowClass in Class.allCases {
                line.append(cellText(row[flowClass]) + notes.mark(row.by?[flowClass.position]))
            }
            cells.append(line)
        }
        return cells
    }

    private static func textTable(_ cells: [[String]]) -> String {
        var widths = [Int](repeating: 0, count: cells[0].count)
        for line in cells {
            for (i, cell) in line.enumerated() { widths[i] = max(widths[i], displayWidth(cell)) }
        }
        var out = ""
        for line in cells {
            var text = ""
            for (i, cell) in line.enumerated() {
                text += cell
                if i < line.count - 1 {
                    text += String(repeating: " ", count: widths[i] - displayWidth(cell) + 2)
                }
            }
            out += text + "\n"
        }
        return out
    }

    private static func markdownTable(_ cells: [[String]]) -> String {
        var out = "| " + cells[0].joined(separator: " | ") + " |\n"
        out += "|" + cells[0].map { String(repeating: "-", count: $0.count + 2) }.joined(separator: "|") + "|\n"
        for line in cells.dropFirst() { out += "| " + line.joined(separator: " | ") + " |\n" }
        return out
    }

    /// Terminal columns: ✅ and ❌ are wide (two columns) characters.
    private static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1 == "✅" || $1 == "❌" ? 2 : 1) }
    }
}
