/// Errors and warnings found while decoding and validating one input, with their field paths.
///
/// Checks run in code order; `ordered(_:by:)` then sorts the issues into input document order.
struct IssueLog {
    struct Issue {
        var path: FieldPath
        var message: String
        /// The stream document the issue belongs to when the path alone cannot tell (a document
        /// that has no place in the envelope, such as one of an unknown kind).
        var document: Int?
        /// Tie-breaker: issues at the same place keep the order they were found in.
        var sequence: Int
        /// The lint rule id of a lint warning.
        var rule: String? = nil
    }

    private(set) var errors: [Issue] = []
    private(set) var warnings: [Issue] = []
    private var sequence = 0

    var hasErrors: Bool { !errors.isEmpty }

    mutating func error(_ path: FieldPath, _ message: String, document: Int? = nil) {
        errors.append(Issue(path: path, message: message, document: document, sequence: sequence))
        sequence += 1
    }

    mutating func warn(_ path: FieldPath, _ message: String, rule: String? = nil) {
        warnings.append(Issue(path: path, message: message, document: nil, sequence: sequence, rule: rule))
        sequence += 1
    }

    /// Adds every issue of `other` after this log's own.
    mutating func merge(_ other: IssueLog) {
        for e in other.errors { error(e.path, e.message, document: e.document) }
        for w in other.warnings { warn(w.path, w.message, rule: w.rule) }
    }

    /// `issues` as `FieldIssue`s in input document order.
    static func ordered(_ issues: [Issue], by order: DocumentOrder) -> [FieldIssue] {
        let keyed = issues.map { (key: order.key(for: $0.path, document: $0.document), issue: $0) }
        let sorted = keyed.sorted { a, b in
            if a.key != b.key { return a.key.lexicographicallyPrecedes(b.key) }
            return a.issue.sequence < b.issue.sequence
        }
        return sorted.map { FieldIssue(pointer: $0.issue.path.pointer, message: $0.issue.message, rule: $0.issue.rule) }
    }

    /// The errors as an `.invalid` InputError, in document order, each distinct issue once.
    func inputError(order: DocumentOrder) -> InputError {
        var seen: Set<FieldIssue> = []
        return InputError(Self.ordered(errors, by: order).filter { seen.insert($0).inserted }, kind: .invalid)
    }
}
