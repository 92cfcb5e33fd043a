/// The work budget of one policy's diff, counted in operations (never time), so that
/// the same pair always gives the same answer (api.md "Diff and plan", issue 8).
///
/// Each diff of one policy may spend `operationsPerPolicy` = **500,000** operations:
/// - structured diff (`PolicyPatch`): one per pair of values compared, per object key
///   merged, per list item passed while trimming a common head or tail or while reading
///   the alignment back, and one per cell of the longest-common-subsequence table of
///   what is left of a list (old × new items);
/// - text diff (`UnifiedDiff`, `ShortestEdit`): one per diagonal visited by Myers'
///   search (forward and backward) and one per pair of equal lines passed along a snake
///   or a common head or tail.
///
/// Work linear in the documents' size (building their trees or lines, writing the
/// values of the changes) is not counted: the input size limit bounds it. A spend that
/// would pass the budget is refused before the work is done, so at most
/// `operationsPerPolicy` operations are ever carried out. A normal pair spends a few
/// hundred (a typical policy); a 256-value selector list rewritten whole (the input limit
/// per expression) spends about 66,000 (structured) and 130,000 (text).
struct DiffBudget {
    /// Operations one policy's diff may spend: 500,000.
    static let operationsPerPolicy = 500_000

    /// Raised when a spend would pass the budget.
    struct Spent: Error {}

    /// The most operations this budget allows.
    let limit: Int
    /// Operations spent so far (never more than `limit`).
    private(set) var spent = 0

    init(limit: Int = DiffBudget.operationsPerPolicy) {
        self.limit = limit
    }

    /// Spends `count` operations, or throws (spending nothing) when they would pass the limit.
    mutating func spend(_ count: Int) throws(Spent) {
        guard count <= limit - spent else { throw Spent() }
        spent += count
    }
}
