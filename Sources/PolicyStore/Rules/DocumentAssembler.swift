/// Puts a stored document together from its parts as a read delivers them, in stored order
/// (``DocumentParts/parts``: head, tail, then the items), without keeping them: the head and
/// the items go straight into the document (items separated by single commas), the tail waits
/// for ``finish()``. ``DocumentParts/document`` assembles with it too, so there is one rule for
/// what parts make.
struct DocumentAssembler {
    /// The parts appended so far.
    private(set) var partCount = 0
    private var document: [UInt8] = []
    private var tail: [UInt8] = []
    private let capacity: Int

    /// An assembler whose document reserves `capacity` bytes at its first part.
    init(reservingCapacity capacity: Int = 2_048) {
        self.capacity = capacity
    }

    /// Appends the next part.
    mutating func append(_ part: UnsafeRawBufferPointer) {
        switch partCount {
        case 0:
            document.reserveCapacity(capacity)
            document.append(contentsOf: part)
        case 1:
            tail = Array(part)
        case 2:
            document.append(contentsOf: part)
        default:
            document.append(Self.comma)
            document.append(contentsOf: part)
        }
        partCount += 1
    }

    /// Appends the next part. A tail given as an array is kept as it is (shared, not copied).
    mutating func append(_ part: [UInt8]) {
        if partCount == 1 {
            tail = part
            partCount += 1
        } else {
            part.withUnsafeBytes { append($0) }
        }
    }

    /// The document: head, the items joined by ",", tail; `nil` when fewer than two parts came.
    consuming func finish() -> [UInt8]? {
        guard partCount >= 2 else { return nil }
        document.append(contentsOf: tail)
        return document
    }

    private static let comma = UInt8(ascii: ",")
}
