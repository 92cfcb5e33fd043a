/// A Kubernetes label selector (`matchLabels` and `matchExpressions`).
///
/// Both empty is the empty selector `{}`, which selects everything.
public struct LabelSelector: Sendable, Hashable {
    /// Empty means the key is omitted.
    public var matchLabels: LabelMap
    /// In the order written; empty means the key is omitted.
    public var matchExpressions: [LabelSelectorRequirement]

    public init(matchLabels: LabelMap = LabelMap(), matchExpressions: [LabelSelectorRequirement] = []) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    /// The selector `{}`: every pod (or namespace).
    public static let everything = LabelSelector()
}

/// One `matchExpressions` entry.
public struct LabelSelectorRequirement: Sendable, Hashable {
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case `in` = "In"
        case notIn = "NotIn"
        case exists = "Exists"
        case doesNotExist = "DoesNotExist"
    }

    public var key: String
    public var `operator`: Operator
    /// Empty (and omitted) for `Exists` / `DoesNotExist`.
    public var values: [String]

    public init(key: String, operator op: Operator, values: [String] = []) {
        self.key = key
        self.operator = op
        self.values = values
    }
}

/// A string-to-string map kept sorted by key (code point order), as the output needs it.
public struct LabelMap: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// The entries, sorted by key, keys unique.
    public private(set) var entries: [(key: String, value: String)]

    public init() { entries = [] }

    /// Entries already sorted by key (code point order) with unique keys, taken as they
    /// are: the generator's fixed label sets, which need no sorting per render.
    init(sortedUniqueEntries: [(key: String, value: String)]) { entries = sortedUniqueEntries }

    public init(_ pairs: [(String, String)]) {
        var sorted: [(key: String, value: String)] = []
        sorted.reserveCapacity(pairs.count)
        for (k, v) in pairs { sorted.append((k, v)) }
        sorted.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        // Later duplicates win, as in a decoded map.
        var unique: [(key: String, value: String)] = []
        unique.reserveCapacity(sorted.count)
        for e in sorted {
            if let last = unique.last, last.key == e.key { unique[unique.count - 1] = e } else { unique.append(e) }
        }
        entries = unique
    }

    public init(dictionaryLiteral elements: (String, String)...) { self.init(elements) }

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    /// The value for `key`, if present.
    public subscript(key: String) -> String? {
        for e in entries where e.key == key { return e.value }
        return nil
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: String)]> {
        entries.makeIterator()
    }

    public static func == (a: LabelMap, b: LabelMap) -> Bool {
        a.entries.elementsEqual(b.entries) { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for e in entries {
            hasher.combine(e.key)
            hasher.combine(e.value)
        }
    }
}
