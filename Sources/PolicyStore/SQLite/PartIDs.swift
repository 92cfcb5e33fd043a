/// The object ids of some of a revision's three documents (warnings, inputs, policies: a
/// ``PartsList``), in ``DocumentParts/parts`` order, one document after another in one flat
/// array: reading a revision builds one array of ids instead of one per document and a list of
/// them, and keeps no ids of the documents it does not assemble.
struct PartIDs {
    /// The documents whose ids are kept.
    let documents: RevisionDocuments
    /// The kept documents' ids, one document after another in stored order.
    private(set) var ids: [Int64] = []
    /// Where each kept document's ids end in ``ids``, by stored index (0 warnings, 1 inputs,
    /// 2 policies); 0 for a document not kept.
    private var ends: [3 of Int] = [0, 0, 0]

    /// No ids yet, keeping those of `documents`.
    init(documents: RevisionDocuments) {
        self.documents = documents
        // One allocation for most reads (the policies' list: 2 + one per policy).
        ids.reserveCapacity(documents.contains(.policies) ? 32 : 16)
    }

    /// Whether the document at stored index `document` (0...2) is kept.
    @inline(__always)
    func keeps(_ document: Int) -> Bool {
        documents.rawValue & (1 << document) != 0
    }

    /// Adds `id`, the next of document `document` (its stored index), when that is kept;
    /// documents come in stored order. Ids of a fourth or later document (a malformed list,
    /// refused by its count) are ignored.
    @inline(__always)
    mutating func append(_ id: Int64, document: Int) {
        guard document < 3, keeps(document) else { return }
        ids.append(id)
        ends[document] = ids.count
    }

    /// The ids of the document at stored index `document` (empty when it is not kept).
    func ids(of document: Int) -> ArraySlice<Int64> {
        // Kept documents' ends only grow; the document starts where the last kept one before it ends.
        var start = 0
        for earlier in 0..<document { start = max(start, ends[earlier]) }
        return ids[start..<max(start, ends[document])]
    }
}
