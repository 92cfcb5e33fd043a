/// Which documents of a revision a read puts together
/// (``StackStore/revision(namespace:name:number:documents:)``): a route that answers with some of
/// them does not pay for reading and assembling the others (`GET …/revisions/{n}` shows the
/// inputs and warnings, not the policies, the largest of the three).
public struct RevisionDocuments: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// ``StoredRevision/warningsJSON``.
    public static let warnings = RevisionDocuments(rawValue: 1 << 0)
    /// ``StoredRevision/inputsJSON``.
    public static let inputs = RevisionDocuments(rawValue: 1 << 1)
    /// ``StoredRevision/policiesJSON``.
    public static let policies = RevisionDocuments(rawValue: 1 << 2)
    /// All three.
    public static let all: RevisionDocuments = [.warnings, .inputs, .policies]

    /// For each document in stored order (warnings, inputs, policies): whether it is selected.
    var selection: [Bool] { [contains(.warnings), contains(.inputs), contains(.policies)] }
}
