#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The routing table behind `Router`: a trie of path segments. Each node has static children by
/// segment bytes and at most one parameter child (`{name}`); the handlers sit on the node where a
/// pattern ends, by method. Parameter names belong to the registered pattern, not to the node, so
/// `/a/{x}` and `/a/{y}/b` can share the parameter node. Matching works on the path's UTF-8 bytes:
/// no segment strings, no hashing.
struct RouteTrie: Sendable {
    /// A handler with the pattern it was registered under. A class: resolving a request hands
    /// out one reference, not the pattern, the names and two closures each retained.
    final class Endpoint: Sendable {
        let pattern: String
        let parameterNames: [String]
        /// The index of each parameter's segment in the path (`/a/{x}/b/{y}`: 1 and 3).
        let parameterSegments: [Int]
        /// The handler as registered.
        let handler: HTTPHandler
        /// `handler` inside the router's middleware chain, composed when registered (and again
        /// when a middleware is added), not per request.
        let composed: HTTPHandler

        init(
            pattern: String, parameterNames: [String], parameterSegments: [Int], handler: @escaping HTTPHandler,
            composed: @escaping HTTPHandler
        ) {
            self.pattern = pattern
            self.parameterNames = parameterNames
            self.parameterSegments = parameterSegments
            self.handler = handler
            self.composed = composed
        }

        /// The same endpoint with `handler` composed anew.
        func recomposed(_ composed: @escaping HTTPHandler) -> Endpoint {
            Endpoint(
                pattern: pattern, parameterNames: parameterNames, parameterSegments: parameterSegments,
                handler: handler, composed: composed)
        }

        /// Calls `body` with the byte range of each parameter's raw (still percent-encoded)
        /// value in `path`, a path this endpoint matched, in pattern order; stops when `body`
        /// returns false.
        func forEachParameter(in path: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Bool) {
            var next = 0
            var segment = 0
            var start = 1  // after the leading slash
            while next < parameterSegments.count, start <= path.count {
                let end = RouteTrie.slash(in: path, from: start)
                if segment == parameterSegments[next] {
                    guard body(start..<end) else { return }
                    next += 1
                }
                segment += 1
                start = end + 1
            }
        }
    }

    private struct Node: Sendable {
        /// Few per node, so a linear scan beats hashing.
        var children: [(segment: [UInt8], node: Int)] = []
        var parameterChild: Int?
        var endpoints: [(method: HTTPMethod, endpoint: Endpoint)] = []

        func child(_ segment: UnsafeBufferPointer<UInt8>) -> Int? {
            for child in children where child.segment.count == segment.count {
                let equal = child.segment.withUnsafeBufferPointer { bytes in
                    guard let lhs = bytes.baseAddress, let rhs = segment.baseAddress else { return true }
                    return memcmp(lhs, rhs, bytes.count) == 0
                }
                if equal { return child.node }
            }
            return nil
        }

        func endpoint(for method: HTTPMethod) -> Endpoint? {
            for entry in endpoints where entry.method == method { return entry.endpoint }
            return nil
        }
    }

    /// The result of resolving a method and path.
    enum Resolution {
        /// A handler (``Endpoint/forEachParameter(in:_:)`` finds its parameters in the path).
        case found(Endpoint)
        /// The path exists for other methods: the allowed ones, sorted, HEAD included with GET,
        /// and one of the path's patterns.
        case methodNotAllowed(allowed: [HTTPMethod], pattern: String)
        case notFound
    }

    private var nodes = [Node()]
    /// The most segments of a registered pattern: how deep a search can go.
    private var height = 0

    /// Registers `handler` for `method` on `pattern`; a second registration of the same method
    /// and pattern shape replaces the first.
    mutating func insert(
        _ method: HTTPMethod, _ pattern: String, _ handler: @escaping HTTPHandler, composed: @escaping HTTPHandler
    ) {
        var node = 0
        var names: [String] = []
        var parameterSegments: [Int] = []
        var text = Substring(pattern)
        if text.utf8.first == ASCII.slash { text = text.dropFirst() }
        var depth = 0
        for (position, segmentBytes) in text.utf8.split(separator: ASCII.slash, omittingEmptySubsequences: false).enumerated() {
            depth = position + 1
            let segment = Array(segmentBytes)
            if segment.count > 2, segment.first == UInt8(ascii: "{"), segment.last == UInt8(ascii: "}") {
                names.append(String(decoding: segment.dropFirst().dropLast(), as: UTF8.self))
                parameterSegments.append(position)
                if let child = nodes[node].parameterChild {
                    node = child
                } else {
                    nodes.append(Node())
                    nodes[node].parameterChild = nodes.count - 1
                    node = nodes.count - 1
                }
            } else if let child = segment.withUnsafeBufferPointer({ nodes[node].child($0) }) {
                node = child
            } else {
                nodes.append(Node())
                nodes[node].children.append((segment, nodes.count - 1))
                node = nodes.count - 1
            }
        }
        height = max(height, depth)
        let endpoint = Endpoint(
            pattern: pattern, parameterNames: names, parameterSegments: parameterSegments, handler: handler,
            composed: composed)
        nodes[node].endpoints.removeAll { $0.method == method }
        nodes[node].endpoints.append((method, endpoint))
    }

    /// Composes every endpoint's handler again with `compose` (the middleware chain changed).
    mutating func recompose(_ compose: (@escaping HTTPHandler) -> HTTPHandler) {
        for node in nodes.indices {
            for entry in nodes[node].endpoints.indices {
                let endpoint = nodes[node].endpoints[entry].endpoint
                nodes[node].endpoints[entry].endpoint = endpoint.recomposed(compose(endpoint.handler))
            }
        }
    }

    /// Resolves `method` on the raw `path` (its UTF-8 bytes): static segments are tried before a
    /// parameter at the same position (backtracking when the static branch dead-ends); the first
    /// matching node that has `method` (or GET for HEAD) wins, else the first matching node gives
    /// 405. A parameter matches one non-empty segment.
    func resolve(_ method: HTTPMethod, path: UnsafeBufferPointer<UInt8>) -> Resolution {
        guard path.first == ASCII.slash else { return .notFound }
        let (found, firstMatch) = nodes.withUnsafeBufferPointer { nodes in
            // One untried parameter branch at most per level of the trie.
            withUnsafeTemporaryAllocation(of: Branch.self, capacity: height + 1) { branches in
                Self.search(method, path, nodes, branches)
            }
        }
        if let found { return .found(found) }
        guard let node = firstMatch else { return .notFound }
        var allowed = nodes[node].endpoints.map(\.method)
        if allowed.contains(.get), !allowed.contains(.head) { allowed.append(.head) }
        allowed.sort { $0.rawValue < $1.rawValue }
        let pattern = nodes[node].endpoints.map(\.endpoint.pattern).min() ?? ""
        return .methodNotAllowed(allowed: allowed, pattern: pattern)
    }

    /// Where a search resumes when the branch it took dead-ends: a parameter child, and the
    /// start of the segment after the one the parameter takes (-1: the path ends there).
    private struct Branch {
        var node: Int
        var from: Int
    }

    /// Depth-first search over the trie, static children first, without recursion: a node with
    /// both a matching static child and a parameter child leaves the parameter branch in
    /// `branches` to come back to. Returns the endpoint found, else the first node where the
    /// path ended that has endpoints (for 405). Borrows the nodes: nothing is copied or retained
    /// until the endpoint is found.
    private static func search(
        _ method: HTTPMethod, _ path: UnsafeBufferPointer<UInt8>, _ nodes: UnsafeBufferPointer<Node>,
        _ branches: UnsafeMutableBufferPointer<Branch>
    ) -> (found: Endpoint?, firstMatch: Int?) {
        var firstMatch: Int?
        var pending = 0
        var node = 0
        var from = 1  // after the leading slash; -1 once the path is consumed
        while true {
            if from >= 0 {
                let end = slash(in: path, from: from)
                let next = end < path.count ? end + 1 : -1
                let parameter = end > from ? nodes[node].parameterChild : nil
                if let child = nodes[node].child(UnsafeBufferPointer(rebasing: path[from..<end])) {
                    if let parameter {
                        branches[pending] = Branch(node: parameter, from: next)
                        pending += 1
                    }
                    (node, from) = (child, next)
                    continue
                }
                if let parameter {
                    (node, from) = (parameter, next)
                    continue
                }
            } else if !nodes[node].endpoints.isEmpty {
                if let endpoint = nodes[node].endpoint(for: method)
                    ?? (method == .head ? nodes[node].endpoint(for: .get) : nil)
                {
                    return (endpoint, firstMatch)
                }
                if firstMatch == nil { firstMatch = node }
            }
            // A dead end: back to the latest untried parameter branch.
            guard pending > 0 else { return (nil, firstMatch) }
            pending -= 1
            (node, from) = (branches[pending].node, branches[pending].from)
        }
    }

    /// The index of the first `/` in `path` at or after `start` (`path.count` when none), found
    /// by `memchr` as the parser finds its delimiters.
    @inline(__always)
    static func slash(in path: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = path.baseAddress, start < path.count,
            let found = memchr(base + start, Int32(ASCII.slash), path.count &- start)
        else { return path.count }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
    }
}
