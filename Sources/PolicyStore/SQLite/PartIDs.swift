/// The object ids of some of a revision's three documents (warnings, inputs, policies: a
/// ``PartsList``), in ``DocumentParts/parts`` order, one document after another in one flat
/// collection: reading a revision builds no array per document nor a list of them, and keeps no
/// ids of the documents it does not assemble. Up to ``inlineCapacity`` ids are held in place,
/// without an allocation (a revision's warnings and inputs: a head, a tail and one id per
/// warning or input field).
struct PartIDs: RandomAccessCollection {
    /// The most ids held in place; more go to an array.
    static let inlineCapacity = 16

    /// The documents whose ids are kept.
    let documents: RevisionDocuments
    /// The number of ids kept.
    private(set) var count = 0
    /// The ids while there are at most ``inlineCapacity`` of them.
    private var inline: [16 of Int64] = .init(repeating: 0)
    /// All the ids once there are more (a policies' list: 2 + one per policy); empty until then.
    private var spilled: [Int64] = []
    /// Where each kept document's ids end, by stored index (0 warnings, 1 inputs, 2 policies);
    /// 0 for a document not kept.
    private var ends: [3 of Int] = [0, 0, 0]

    /// No ids yet, keeping those of `documents`.
    init(documents: RevisionDocuments) {
        self.documents = documents
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(position: Int) -> Int64 {
        precondition(position >= 0 && position < count, "PartIDs index out of range")
        return spilled.isEmpty ? inline[position] : spilled[position]
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
        if count < Self.inlineCapacity {
            inline[count] = id
        } else {
            if spilled.isEmpty {
                spilled.reserveCapacity(2 * Self.inlineCapacity)
                for index in 0..<count { spilled.append(inline[index]) }
            }
            spilled.append(id)
        }
        count += 1
        ends[document] = count
    }

    /// The positions of the ids of the document at stored index `document` (empty when it is
    /// not kept).
    func positions(of document: Int) -> Range<Int> {
        // Kept documents' ends only grow; the document starts where the last kept one before it ends.
        var start = 0
        for earlier in 0..<document { start = Swift.max(start, ends[earlier]) }
        return start..<Swift.max(start, ends[document])
    }
}
