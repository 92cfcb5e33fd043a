/// Ordered HTTP header fields. Names compare case-insensitively (ASCII); order and the
/// spelling of names as sent are preserved.
///
/// Two representations behind one API: fields given as Strings (responses, literals), and a
/// request's fields as received (`ReceivedFieldStorage`: their bytes in one buffer, a String
/// made only when a field is asked for as one; obs-text bytes that are not UTF-8 then become
/// U+FFFD). Modifying received fields turns them into Strings first.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral, Equatable,
    CustomStringConvertible
{
    /// One field line.
    public typealias Element = (name: String, value: String)

    /// The two representations, in one word: a response embeds its headers, and a larger
    /// response struct made the optimizer copy responses it otherwise moves.
    @usableFromInline
    enum Storage: @unchecked Sendable {  // `received` is not mutated once shared (see ReceivedFieldStorage)
        /// Fields given as Strings.
        case strings([Element])
        /// A request's fields as received, until modified.
        case received(ReceivedFieldStorage)
    }

    @usableFromInline
    var storage: Storage

    /// Empty header list.
    public init() { storage = .strings([]) }

    /// Empty header list with room for `capacity` fields (one allocation for a response's
    /// known fields).
    public init(reservingCapacity capacity: Int) {
        var fields: [Element] = []
        fields.reserveCapacity(capacity)
        storage = .strings(fields)
    }

    /// Fields in the given order.
    public init(_ fields: [(String, String)]) {
        storage = .strings(fields.map { (name: $0.0, value: $0.1) })
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// Number of field lines.
    public var count: Int {
        switch storage {
        case .strings(let fields): fields.count
        case .received(let received): received.count
        }
    }

    /// True when there is no field.
    public var isEmpty: Bool { count == 0 }

    /// The value of the first field named `name`, nil if there is none.
    public subscript(name: String) -> String? {
        firstIndex(of: name, from: 0).map(value(at:))
    }

    /// The values of every field named `name`, in order.
    public func values(_ name: String) -> [String] {
        var values: [String] = []
        var next = firstIndex(of: name, from: 0)
        while let index = next {
            values.append(value(at: index))
            next = firstIndex(of: name, from: index + 1)
        }
        return values
    }

    /// The number of fields named `name`.
    public func count(of name: String) -> Int {
        var count = 0
        var next = firstIndex(of: name, from: 0)
        while let index = next {
            count += 1
            next = firstIndex(of: name, from: index + 1)
        }
        return count
    }

    /// True if a field named `name` is present.
    public func contains(_ name: String) -> Bool {
        firstIndex(of: name, from: 0) != nil
    }

    /// How many fields are named `name`, with the value (or what was read of it) when there is
    /// exactly one.
    public enum Occurrence<Value> {
        case absent
        case one(Value)
        case several
    }

    /// Whether no field, one field (and its value) or several are named `name`: one pass for
    /// the checks that need a single field (`Authorization`, `Accept`).
    public func occurrence(of name: String) -> Occurrence<String> {
        guard let first = firstIndex(of: name, from: 0) else { return .absent }
        return firstIndex(of: name, from: first + 1) == nil ? .one(value(at: first)) : .several
    }

    /// As ``occurrence(of:)``, with the one field's value read by `read` from its bytes (in
    /// place for a request's received fields: no String is made) instead of given as a String.
    /// Inlinable: specialised where it is called (unspecialised, a generic `Value` made every
    /// call look up its type metadata, more than the String it saves).
    @inlinable
    public func occurrence<Value>(
        of name: String, reading read: (UnsafeBufferPointer<UInt8>) -> Value
    ) -> Occurrence<Value> {
        guard let first = firstIndex(of: name, from: 0) else { return .absent }
        guard firstIndex(of: name, from: first + 1) == nil else { return .several }
        switch storage {
        case .strings(let fields):
            let value = fields[first].value
            return .one(value.utf8.withContiguousStorageIfAvailable(read) ?? Array(value.utf8).withUnsafeBufferPointer(read))
        case .received(let received):
            return .one(received.withField(first) { _, value in read(value) })
        }
    }

    /// True if a field's name starts with `prefix` (lowercase ASCII), letter case ignored.
    public func containsName(withPrefix prefix: StaticString) -> Bool {
        let fields: [Element]
        switch storage {
        case .strings(let strings): fields = strings
        case .received(let received): return received.containsName(withPrefix: prefix)
        }
        var index = 0
        while index < fields.count {
            if HTTPHeaders.name(fields[index].name, hasPrefix: prefix) { return true }
            index += 1
        }
        return false
    }

    /// Whether the field name `name` starts with `prefix` (lowercase ASCII), letter case
    /// ignored; no String is built.
    public static func name(_ name: String, hasPrefix prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard name.utf8.count >= count else { return false }
        var bytes = name.utf8.makeIterator()
        for index in 0..<count {
            guard let byte = bytes.next(), ASCII.lowercased(byte) == prefix.utf8Start[index] else { return false }
        }
        return true
    }

    /// Index of the first field named `name` at or after `start`. String names are read in
    /// place (an iterator would copy each field, retaining and releasing its name and value).
    @usableFromInline
    func firstIndex(of name: String, from start: Int) -> Int? {
        switch storage {
        case .strings(let fields):
            return Self.firstIndex(of: name, in: fields, from: start)
        case .received(let received):
            return name.utf8.withContiguousStorageIfAvailable { received.firstIndex(of: $0, from: start) }
                ?? Array(name.utf8).withUnsafeBufferPointer { received.firstIndex(of: $0, from: start) }
        }
    }

    private static func firstIndex(of name: String, in fields: [Element], from start: Int) -> Int? {
        var index = start
        while index < fields.count {
            if HTTPHeaders.equalsIgnoringCase(fields[index].name, name) { return index }
            index += 1
        }
        return nil
    }

    /// The value of field `index` as a String.
    private func value(at index: Int) -> String {
        switch storage {
        case .strings(let fields): fields[index].value
        case .received(let received): received.withField(index) { _, value in CommonFieldStrings.value(value) }
        }
    }

    /// Field `index` as Strings.
    private func element(at index: Int) -> Element {
        switch storage {
        case .strings(let fields):
            fields[index]
        case .received(let received):
            received.withField(index) { name, value in (ASCII.string(name), CommonFieldStrings.value(value)) }
        }
    }

    /// Runs `body` on the fields as Strings (received fields turned into Strings first), the
    /// array uniquely referenced while it runs (no copy on write).
    private mutating func modifyStrings<Result>(_ body: (inout [Element]) -> Result) -> Result {
        var fields: [Element]
        switch storage {
        case .strings(let strings): fields = strings
        case .received: fields = Array(self)
        }
        storage = .strings([])
        defer { storage = .strings(fields) }
        return body(&fields)
    }

    /// The fields in `received` (none if nil), as the parser received them.
    init(received: ReceivedFieldStorage?) {
        storage = received.map(Storage.received) ?? .strings([])
    }

    /// Appends a field (keeps existing ones of the same name).
    public mutating func add(_ name: consuming String, _ value: consuming String) {
        let field = (name: name, value: value)
        modifyStrings { $0.append(field) }
    }

    /// Replaces every field named `name` by one field with `value` (at the first one's place,
    /// or at the end when there was none).
    public mutating func set(_ name: consuming String, _ value: consuming String) {
        let field = (name: name, value: value)
        modifyStrings { fields in
            guard let first = Self.firstIndex(of: field.name, in: fields, from: 0) else {
                fields.append(field)
                return
            }
            var next = Self.firstIndex(of: field.name, in: fields, from: first + 1)
            fields[first] = field
            while let index = next {
                fields.remove(at: index)
                next = Self.firstIndex(of: field.name, in: fields, from: index)
            }
        }
    }

    /// Removes every field named `name`.
    public mutating func remove(_ name: String) {
        modifyStrings { $0.removeAll { HTTPHeaders.equalsIgnoringCase($0.name, name) } }
    }

    /// The fields in order, as Strings.
    public struct Iterator: IteratorProtocol {
        private let headers: HTTPHeaders
        private var index = 0

        fileprivate init(_ headers: HTTPHeaders) { self.headers = headers }

        public mutating func next() -> Element? {
            guard index < headers.count else { return nil }
            defer { index += 1 }
            return headers.element(at: index)
        }
    }

    public func makeIterator() -> Iterator { Iterator(self) }

    /// The number of fields (`Array(headers)` allocates once).
    public var underestimatedCount: Int { count }

    /// Same fields, as Strings, in the same order (whichever the representations).
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    public var description: String {
        map { "\($0.name): \($0.value)" }.joined(separator: "\n")
    }

    /// ASCII case-insensitive comparison of two header names.
    @inline(__always)
    static func equalsIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        // Lengths first, inlined into the caller (constant time for native strings): most
        // names differ there.
        lhs.utf8.count == rhs.utf8.count && equalBytesIgnoringCase(lhs, rhs)
    }

    /// `equalsIgnoringCase` once the lengths agree.
    private static func equalBytesIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        if lhs == rhs { return true }  // the usual spelling: a quick comparison
        // The bytes in place (native strings have them contiguous): copying the strings to call
        // `withUTF8` would retain and release both on every header lookup.
        let compared = lhs.utf8.withContiguousStorageIfAvailable { left in
            rhs.utf8.withContiguousStorageIfAvailable { right in equalBytesIgnoringCase(left, right) }
        }
        return (compared ?? nil) ?? equalBytesIgnoringCase(lhs.utf8, rhs.utf8)
    }

    /// Byte-wise comparison, ASCII letters case-folded; the lengths are equal.
    static func equalBytesIgnoringCase(_ left: some Collection<UInt8>, _ right: some Collection<UInt8>) -> Bool {
        for (l, r) in zip(left, right) where l != r {
            if ASCII.lowercased(l) != ASCII.lowercased(r) { return false }
        }
        return true
    }
}

extension HTTPHeaders.Occurrence: Equatable where Value: Equatable {}
extension HTTPHeaders.Occurrence: Sendable where Value: Sendable {}
