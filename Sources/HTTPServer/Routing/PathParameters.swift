/// The percent-decoded path parameters of a matched route, by name (`{id}` in `/things/{id}`).
///
/// A route has few parameters, so a lookup is a linear scan of the names, which belong to the
/// route (shared, not built per request): no dictionary is made for each request.
public struct PathParameters: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    /// One parameter.
    public typealias Element = (key: String, value: String)

    private var names: [String]
    private var values: [String]

    /// No parameters.
    public init() {
        names = []
        values = []
    }

    /// Parameters in the given order (a repeated name: the first one counts).
    public init(dictionaryLiteral elements: (String, String)...) {
        names = elements.map(\.0)
        values = elements.map(\.1)
    }

    /// `values[i]` for `names[i]` (the router's: the names come from the route pattern).
    init(names: [String], values: [String]) {
        self.names = names
        self.values = values
    }

    /// The value of the parameter `name`; nil when the route has none of that name.
    public subscript(name: String) -> String? {
        for index in names.indices where names[index] == name { return values[index] }
        return nil
    }

    /// The number of parameters.
    public var count: Int { names.count }

    /// True when the route has no parameter.
    public var isEmpty: Bool { names.isEmpty }

    public func makeIterator() -> some IteratorProtocol<Element> {
        zip(names, values).lazy.map { (key: $0, value: $1) }.makeIterator()
    }
}
