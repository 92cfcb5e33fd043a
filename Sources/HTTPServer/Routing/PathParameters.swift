/// The percent-decoded path parameters of a matched route, by name (`{id}` in `/things/{id}`).
///
/// A route has few parameters, so a lookup is a linear scan of the names, which belong to the
/// route (shared, not built per request), and the first ``inlineCount`` values are stored
/// inline: matching a route allocates neither a dictionary nor an array per request.
public struct PathParameters: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    /// One parameter.
    public typealias Element = (key: String, value: String)

    /// How many values are stored inline (the service's routes have at most three parameters).
    static let inlineCount = 3

    private var names: [String]
    /// The number of values appended.
    private var valueCount = 0
    private var value0 = ""
    private var value1 = ""
    private var value2 = ""
    /// The values after the first ``inlineCount``.
    private var overflow: [String] = []

    /// No parameters.
    public init() {
        names = []
    }

    /// Parameters in the given order (a repeated name: the first one counts).
    public init(dictionaryLiteral elements: (String, String)...) {
        names = elements.map(\.0)
        for element in elements { append(element.1) }
    }

    /// Starts over with the parameters named `names` (the router's: the names of the route
    /// pattern), their values to be appended in the same order. In place: the usual context
    /// has none yet, and assigning a new set would destroy the old one field by field.
    mutating func reset(names: [String]) {
        if valueCount > 0 { self = PathParameters() }
        self.names = names
    }

    /// Appends the value of the next name.
    mutating func append(_ value: String) {
        switch valueCount {
        case 0: value0 = value
        case 1: value1 = value
        case 2: value2 = value
        default: overflow.append(value)
        }
        valueCount += 1
    }

    /// The value at `index` (below the number of values).
    private func value(at index: Int) -> String {
        switch index {
        case 0: value0
        case 1: value1
        case 2: value2
        default: overflow[index - Self.inlineCount]
        }
    }

    /// The value of the parameter `name`; nil when the route has none of that name.
    public subscript(name: String) -> String? {
        // Lengths first: most names differ there, and comparing two strings costs more.
        for index in 0..<count where names[index].utf8.count == name.utf8.count && names[index] == name {
            return value(at: index)
        }
        return nil
    }

    /// The number of parameters.
    public var count: Int { Swift.min(names.count, valueCount) }

    /// True when the route has no parameter.
    public var isEmpty: Bool { count == 0 }

    public func makeIterator() -> some IteratorProtocol<Element> {
        (0..<count).lazy.map { (key: names[$0], value: value(at: $0)) }.makeIterator()
    }
}
