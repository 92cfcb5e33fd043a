/// A stored JSON document cut into the parts the store keeps content-addressed (once per
/// distinct part, by SHA-256): `head + items.joined(",") + tail`, byte for byte.
///
/// The canonical JSON the service writes has no insignificant whitespace, so the items of a
/// container are separated by single commas and each item is its own canonical JSON:
/// - a Kubernetes `List` (an object with an `items` array): the head runs up to and including
///   the array's `[`, the tail from its `]`, one item per policy, so a revision that changes one
///   policy stores one new policy;
/// - any other object: `{`, one item per member (`"key":value`), `}` (the inputs envelope);
/// - an array: `[`, one item per element, `]` (the warnings);
/// - anything else, or bytes the cut would not give back exactly: the whole document as the
///   head, an empty tail, no items.
///
/// ``init(splitting:)`` checks that ``document`` gives back its argument byte for byte and
/// falls back to the whole document otherwise, so any bytes are stored losslessly.
struct DocumentParts: Equatable {
    /// The bytes before the first item.
    var head: [UInt8]
    /// The bytes after the last item.
    var tail: [UInt8]
    /// The items, in order.
    var items: [[UInt8]]

    /// Every part in stored order: head, tail, then the items.
    var parts: [[UInt8]] { [head, tail] + items }

    /// The document cut into parts (see the type's description).
    init(splitting document: [UInt8]) {
        if let cut = Self.cut(document), cut.document == document {
            self = cut
        } else {
            self.init(head: document, tail: [], items: [])
        }
    }

    init(head: [UInt8], tail: [UInt8], items: [[UInt8]]) {
        self.head = head
        self.tail = tail
        self.items = items
    }

    /// The document the parts make.
    var document: [UInt8] {
        Self.assemble(head: head, tail: tail, items: items)
    }

    /// `head + items.joined(",") + tail` (``DocumentAssembler``).
    static func assemble(head: [UInt8], tail: [UInt8], items: [[UInt8]]) -> [UInt8] {
        var assembler = DocumentAssembler(
            reservingCapacity: head.count + tail.count + items.reduce(items.count) { $0 + $1.count })
        assembler.append(head)
        assembler.append(tail)
        for item in items { assembler.append(item) }
        return assembler.finish() ?? []
    }

    private static let itemsKey = Array(#""items":"#.utf8)

    /// The cut of a container document, or `nil` when it is not one.
    private static func cut(_ document: [UInt8]) -> DocumentParts? {
        guard let first = document.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return nil }
        guard let top = JSONScanner.elements(of: document, openingAt: 0), top.end == document.count - 1 else {
            return nil
        }
        if first == UInt8(ascii: "{") {
            // A List: cut its `items` array instead of its members.
            for member in top.elements where document[member].starts(with: itemsKey) {
                let valueStart = member.lowerBound + itemsKey.count
                guard valueStart < member.upperBound, document[valueStart] == UInt8(ascii: "["),
                    let list = JSONScanner.elements(of: document, openingAt: valueStart),
                    list.end == member.upperBound - 1
                else { break }
                return DocumentParts(
                    head: Array(document[...valueStart]), tail: Array(document[list.end...]),
                    items: list.elements.map { Array(document[$0]) })
            }
        }
        return DocumentParts(
            head: [first], tail: [document[top.end]], items: top.elements.map { Array(document[$0]) })
    }
}
