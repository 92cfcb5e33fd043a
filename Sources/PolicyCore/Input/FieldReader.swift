/// Strictly typed reads of input fields. Each read logs a field-addressed error for a wrong type
/// and returns nil; `null` counts as absent (spec §1.1).
///
/// Paths and descriptions are autoclosures: they are only built when there is an error to report,
/// so valid input pays nothing for them.
extension IssueLog {
    mutating func object(
        _ value: JSONValue?, at path: @autoclosure () -> FieldPath, what: @autoclosure () -> String = "an object"
    ) -> JSONObject? {
        switch value {
        case nil, .null?: return nil
        case .object(let o)?: return o
        case let other?:
            error(path(), "must be \(what()), not \(Self.describe(other))")
            return nil
        }
    }

    mutating func array(
        _ value: JSONValue?, at path: @autoclosure () -> FieldPath, what: @autoclosure () -> String = "a list"
    ) -> [JSONValue]? {
        switch value {
        case nil, .null?: return nil
        case .array(let a)?: return a
        case let other?:
            error(path(), "must be \(what()), not \(Self.describe(other))")
            return nil
        }
    }

    mutating func string(
        _ value: JSONValue?, at path: @autoclosure () -> FieldPath, what: @autoclosure () -> String = "a string"
    ) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case .number(let literal)?:
            error(path(), "must be \(what()), not the number \(literal): quote it (\"\(literal)\")")
            return nil
        case let other?:
            error(path(), "must be \(what()), not \(Self.describe(other))")
            return nil
        }
    }

    mutating func bool(_ value: JSONValue?, at path: @autoclosure () -> FieldPath) -> Bool? {
        switch value {
        case nil, .null?: return nil
        case .bool(let b)?: return b
        case let other?:
            error(path(), "must be true or false, not \(Self.describe(other))")
            return nil
        }
    }

    /// An integer within `range`.
    mutating func integer(_ value: JSONValue?, at path: @autoclosure () -> FieldPath, in range: ClosedRange<Int>) -> Int? {
        switch value {
        case nil, .null?: return nil
        case .number(let literal)?:
            guard let i = JSONNumberText.integer(literal), range.contains(i) else {
                error(path(), "must be an integer from \(range.lowerBound) to \(range.upperBound), not \(literal)")
                return nil
            }
            return i
        case let other?:
            error(path(), "must be an integer from \(range.lowerBound) to \(range.upperBound), not \(Self.describe(other))")
            return nil
        }
    }

    /// One of the raw values of `E`.
    mutating func enumeration<E: RawRepresentable & CaseIterable>(
        _ value: JSONValue?, at path: @autoclosure () -> FieldPath, _ type: E.Type
    ) -> E? where E.RawValue == String {
        func allowed() -> String { E.allCases.map { $0.rawValue }.joined(separator: ", ") }
        guard let s = string(value, at: path(), what: "one of \(allowed())") else { return nil }
        guard let e = E(rawValue: s) else {
            error(path(), "must be one of \(allowed()), not \(Self.quoted(s))")
            return nil
        }
        return e
    }

    /// A DNS-1123 label (1–63 characters: lowercase letters, digits, `-`, alphanumeric at both ends).
    mutating func dnsLabel(_ value: JSONValue?, at path: @autoclosure () -> FieldPath) -> String? {
        guard let s = string(value, at: path()) else { return nil }
        guard KubernetesNames.isDNSLabel(s) else {
            error(path(), "must be a DNS-1123 label (1-63 characters: lowercase letters, digits and '-', "
                + "starting and ending with a letter or digit), not \(Self.quoted(s))")
            return nil
        }
        return s
    }

    /// Logs an error for every key of `object` not in `known`.
    mutating func rejectUnknownKeys(_ object: JSONObject, at path: @autoclosure () -> FieldPath, known: [String]) {
        for e in object.entries where !known.contains(e.key) {
            let p = path()
            error(p.key(e.key), "unknown field; \(p.pointer) has \(Self.list(known))")
        }
    }

    /// `a string "yes"`, `a number (4.2)` …: what a value is, for messages.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return "the string \(quoted(s))"
        case .number(let n): return "the number \(n)"
        case .bool(let b): return "the boolean \(b)"
        default: return value.typeDescription
        }
    }

    /// A string in double quotes, shortened when long.
    static func quoted(_ s: String) -> String {
        let limit = 80
        var out = "\""
        for (i, ch) in s.unicodeScalars.enumerated() {
            if i == limit {
                out += "…"
                break
            }
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if ch.value < 0x20 || ch.value == 0x7F {
                    out += "\\u" + String(repeating: "0", count: 4 - String(ch.value, radix: 16).count)
                        + String(ch.value, radix: 16)
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        return out + "\""
    }

    /// `a, b and c`.
    static func list(_ items: [String]) -> String {
        guard items.count > 1, let last = items.last else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + last
    }
}
