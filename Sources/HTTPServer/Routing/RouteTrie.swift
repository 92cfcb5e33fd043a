/// The routing table behind `Router`: a trie of path segments. Each node has static children by
/// segment text and at most one parameter child (`{name}`); the handlers sit on the node where a
/// pattern ends, by method. Parameter names belong to the registered pattern, not to the node, so
/// `/a/{x}` and `/a/{y}/b` can share the parameter node.
struct RouteTrie: Sendable {
    /// A handler with the pattern it was registered under.
    struct Endpoint: Sendable {
        var pattern: String
        var parameterNames: [String]
        var handler: HTTPHandler
    }

    private struct Node: Sendable {
        var children: [Substring: Int] = [:]
        var parameterChild: Int?
        var endpoints: [HTTPMethod: Endpoint] = [:]
    }

    /// The result of resolving a method and path.
    enum Resolution {
        /// A handler, with the raw (still percent-encoded) parameter values in pattern order.
        case found(Endpoint, parameterValues: [Substring])
        /// The path exists for other methods: the allowed ones, sorted, HEAD included with GET,
        /// and one of the path's patterns.
        case methodNotAllowed(allowed: [HTTPMethod], pattern: String)
        case notFound
    }

    private var nodes = [Node()]

    /// Registers `handler` for `method` on `pattern`; a second registration of the same method
    /// and pattern shape replaces the first.
    mutating func insert(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping HTTPHandler) {
        var node = 0
        var names: [String] = []
        for segment in RouteTrie.segments(of: pattern) {
            if let name = RouteTrie.parameterName(segment) {
                names.append(String(name))
                if let child = nodes[node].parameterChild {
                    node = child
                } else {
                    nodes.append(Node())
                    nodes[node].parameterChild = nodes.count - 1
                    node = nodes.count - 1
                }
            } else if let child = nodes[node].children[segment] {
                node = child
            } else {
                nodes.append(Node())
                nodes[node].children[segment] = nodes.count - 1
                node = nodes.count - 1
            }
        }
        nodes[node].endpoints[method] = Endpoint(pattern: pattern, parameterNames: names, handler: handler)
    }

    /// Resolves `method` on the raw `path`: static segments are tried before a parameter at the
    /// same position (backtracking when the static branch dead-ends); the first matching node
    /// that has `method` (or GET for HEAD) wins, else the first matching node gives 405.
    func resolve(_ method: HTTPMethod, path: String) -> Resolution {
        guard path.utf8.first == ASCII.slash else { return .notFound }
        let segments = RouteTrie.segments(of: path)
        var values: [Substring] = []
        var firstMatch: Int?
        var found: (Endpoint, [Substring])?
        search(node: 0, segments: segments[...], values: &values) { node, values in
            if let endpoint = endpoint(of: node, for: method) {
                found = (endpoint, values)
                return true
            }
            if firstMatch == nil { firstMatch = node }
            return false
        }
        if let (endpoint, values) = found { return .found(endpoint, parameterValues: values) }
        guard let firstMatch else { return .notFound }
        var allowed = Array(nodes[firstMatch].endpoints.keys)
        if allowed.contains(.get), !allowed.contains(.head) { allowed.append(.head) }
        allowed.sort { $0.rawValue < $1.rawValue }
        let pattern = nodes[firstMatch].endpoints.values.map(\.pattern).min() ?? ""
        return .methodNotAllowed(allowed: allowed, pattern: pattern)
    }

    private func endpoint(of node: Int, for method: HTTPMethod) -> Endpoint? {
        let endpoints = nodes[node].endpoints
        if let endpoint = endpoints[method] { return endpoint }
        return method == .head ? endpoints[.get] : nil
    }

    /// Depth-first over full matches of `segments` below `node`, static children first; `visit`
    /// is called for every node with endpoints where the path ends, and stops the search by
    /// returning true. Returns true once stopped.
    @discardableResult
    private func search(
        node: Int, segments: ArraySlice<Substring>, values: inout [Substring],
        visit: (Int, [Substring]) -> Bool
    ) -> Bool {
        guard let segment = segments.first else {
            return !nodes[node].endpoints.isEmpty && visit(node, values)
        }
        let rest = segments.dropFirst()
        if let child = nodes[node].children[segment],
            search(node: child, segments: rest, values: &values, visit: visit)
        {
            return true
        }
        if let child = nodes[node].parameterChild, !segment.isEmpty {
            values.append(segment)
            if search(node: child, segments: rest, values: &values, visit: visit) { return true }
            values.removeLast()
        }
        return false
    }

    /// The segments after the leading `/`, empty ones kept (`/` → `[""]`, `/a/` → `["a", ""]`).
    private static func segments(of path: String) -> [Substring] {
        var text = Substring(path)
        if text.utf8.first == ASCII.slash { text = text.dropFirst() }
        return text.split(separator: "/", omittingEmptySubsequences: false)
    }

    /// `name` for a `{name}` segment.
    private static func parameterName(_ segment: Substring) -> Substring? {
        guard segment.count > 2, segment.first == "{", segment.last == "}" else { return nil }
        return segment.dropFirst().dropLast()
    }
}
