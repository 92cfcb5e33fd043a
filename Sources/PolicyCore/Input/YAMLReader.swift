internal import CYAML

/// Reads a YAML stream into `JSONValue` documents.
///
/// Uses the system's libyaml (the `CYAML` system-library module) at the event level with an
/// iterative composer, rather than a recursive composer, which hostile input (deep nesting, alias-
/// expanded keys) can drive into stack overflow or exponential time. Here:
/// - nesting is limited to `maxDepth` (checked per event, aliases included);
/// - the decoded size is bounded by `InputLimits.maxDecodedBytes`, aliases counted at every
///   expansion (billion-laughs guard): past it, `.tooLarge` at the pointer being decoded;
/// - map keys must be scalars and unique; scalars are typed by the YAML 1.2 core schema
///   (`YAMLScalar`), not by a YAML 1.1 resolver.
enum YAMLReader {
    /// The documents of a stream, in order; an empty document is `.null`. A stream of more than
    /// `maxDocuments` documents is `.invalid` as soon as the next document starts.
    static func documents(
        _ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, maxDocuments: Int
    ) throws(InputError) -> [JSONValue] {
        if let bad = UTF8Validation.firstInvalidOffset(bytes) {
            throw InputText.unreadable("input is not valid UTF-8 (\(InputText.location(of: bad, in: bytes)))")
        }
        var composer = Composer(
            maxDepth: min(maxDepth, InputLimits.maxDepth), maxDocuments: maxDocuments, budget: DecodedSizeBudget())
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        parser.initialize(to: yaml_parser_t())
        let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
        event.initialize(to: yaml_event_t())
        defer {
            yaml_parser_delete(parser)
            parser.deallocate()
            event.deallocate()
        }
        guard yaml_parser_initialize(parser) == 1 else { throw InputText.unreadable("cannot start the YAML parser") }
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
        while true {
            guard yaml_parser_parse(parser, event) == 1 else {
                throw InputText.unreadable(parserProblem(parser.pointee))
            }
            let outcome: Result<Bool, Composer.Failure> = composer.handle(event.pointee)
            yaml_event_delete(event)
            switch outcome {
            case .success(let streamEnded): if streamEnded { return composer.documents }
            case .failure(let failure):
                if failure.tooManyDocuments {
                    throw InputError(
                        [FieldIssue(pointer: "", message: "the YAML stream has more than \(maxDocuments) documents; at most \(maxDocuments) are accepted")],
                        kind: .invalid)
                }
                if let place = failure.budgetExceeded {
                    throw composer.budget.exceeded(at: place, document: composer.documents.count)
                }
                let where_ = "line \(failure.line + 1), column \(failure.column + 1)"
                throw InputText.unreadable("invalid YAML at \(where_): \(failure.message)")
            }
        }
    }

    private static func parserProblem(_ p: yaml_parser_t) -> String {
        let problem = p.problem.map { String(cString: $0) } ?? "unreadable input"
        var message = "invalid YAML at line \(p.problem_mark.line + 1), column \(p.problem_mark.column + 1): \(problem)"
        if let context = p.context.map({ String(cString: $0) }) { message += " (\(context))" }
        return message
    }
}

/// Builds values from libyaml events with an explicit stack (no recursion).
private struct Composer {
    struct Failure: Error {
        var line: Int
        var column: Int
        var message: String
        /// Set when the decoded-size budget ran out: where, inside the document.
        var budgetExceeded: FieldPath? = nil
        /// Set when a document starts past `maxDocuments`.
        var tooManyDocuments = false
    }

    /// A value with what is needed to place it: its key text (scalars only), its decoded size in
    /// budget bytes (keys included) and its nesting height (0 for scalars).
    private struct Node {
        var value: JSONValue
        var keyText: String?
        var bytes: Int
        var height: Int
    }

    /// An open list or map.
    private struct Frame {
        var isMapping: Bool
        var anchor: String?
        var items: [JSONValue] = []
        var entries: [(key: String, value: JSONValue)] = []
        var pendingKey: String? = nil
        var keys = MappingKeys()
        var bytes = DecodedSizeBudget.collectionCost
        var height = 1
    }

    let maxDepth: Int
    let maxDocuments: Int
    private(set) var documents: [JSONValue] = []
    private(set) var budget: DecodedSizeBudget

    init(maxDepth: Int, maxDocuments: Int, budget: DecodedSizeBudget) {
        self.maxDepth = maxDepth
        self.maxDocuments = maxDocuments
        self.budget = budget
    }
    private var stack: [Frame] = []
    private var root: JSONValue? = nil
    private var anchors: [String: Node] = [:]
    private var line = 0
    private var column = 0

    /// Consumes one event; `.success(true)` at the end of the stream.
    mutating func handle(_ event: yaml_event_t) -> Result<Bool, Failure> {
        line = Int(event.start_mark.line)
        column = Int(event.start_mark.column)
        do throws(Failure) {
            switch event.type {
            case YAML_STREAM_END_EVENT: return .success(true)
            case YAML_DOCUMENT_START_EVENT:
                if documents.count >= maxDocuments {
                    var failure = fail("too many documents")
                    failure.tooManyDocuments = true
                    throw failure
                }
                stack.removeAll()
                root = nil
                anchors.removeAll()
            case YAML_DOCUMENT_END_EVENT:
                documents.append(root ?? .null)
                root = nil
            case YAML_SCALAR_EVENT: try scalar(event.data.scalar)
            case YAML_ALIAS_EVENT: try alias(event.data.alias)
            case YAML_SEQUENCE_START_EVENT:
                let s = event.data.sequence_start
                try open(mapping: false, anchor: Self.string(s.anchor), tag: Self.string(s.tag))
            case YAML_MAPPING_START_EVENT:
                let m = event.data.mapping_start
                try open(mapping: true, anchor: Self.string(m.anchor), tag: Self.string(m.tag))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT: try close()
            default: break
            }
            return .success(false)
        } catch {
            return .failure(error)
        }
    }

    private func fail(_ message: String) -> Failure {
        Failure(line: line, column: column, message: message)
    }

    private mutating func scalar(_ s: yaml_event_t.__Unnamed_union_data.__Unnamed_struct_scalar) throws(Failure) {
        // The input was validated as UTF-8 up front and libyaml emits UTF-8, so decoding never repairs.
        let text = String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self)
        let plain = s.style == YAML_PLAIN_SCALAR_STYLE
        let tag = Self.string(s.tag)
        let value: JSONValue
        switch YAMLScalar.value(text: text, plain: plain, tag: tag) {
        case .success(let v): value = v
        case .failure(let e):
            // Name the key the value belongs to, never the value (it may be a Secret's).
            if let top = stack.last, top.isMapping, let key = top.pendingKey {
                throw fail("the value of \(IssueLog.quoted(key)): \(e.message)")
            }
            throw fail(e.message)
        }
        let node = Node(value: value, keyText: text, bytes: DecodedSizeBudget.cost(ofScalarBytes: s.length), height: 0)
        try spend(node.bytes)
        if let anchor = Self.string(s.anchor) { anchors[anchor] = node }
        try place(node)
    }

    private mutating func alias(_ a: yaml_event_t.__Unnamed_union_data.__Unnamed_struct_alias) throws(Failure) {
        guard let name = Self.string(a.anchor), let node = anchors[name] else {
            throw fail("alias to an undefined anchor")
        }
        try spend(node.bytes)
        try place(node)
    }

    private mutating func open(mapping: Bool, anchor: String?, tag: String?) throws(Failure) {
        guard YAMLScalar.isCollectionTagAllowed(tag, mapping: mapping) else {
            throw fail(YAMLScalar.unsupportedTagMessage(tag))
        }
        if let top = stack.last, top.isMapping, top.pendingKey == nil {
            throw fail("map keys must be strings, not lists or maps")
        }
        if stack.count + 1 > maxDepth {
            throw fail("nesting deeper than \(maxDepth) levels")
        }
        try spend(DecodedSizeBudget.collectionCost)
        stack.append(Frame(isMapping: mapping, anchor: anchor))
    }

    private mutating func close() throws(Failure) {
        guard let frame = stack.popLast() else { throw fail("unbalanced collection end") }
        if frame.isMapping, frame.pendingKey != nil { throw fail("map key without a value") }
        let value: JSONValue =
            frame.isMapping ? .object(JSONObject(uniqueEntries: frame.entries)) : .array(frame.items)
        let node = Node(value: value, keyText: nil, bytes: frame.bytes, height: frame.height)
        if let anchor = frame.anchor { anchors[anchor] = node }
        try place(node)
    }

    /// Puts a finished value into the open collection (or makes it the document root).
    private mutating func place(_ node: Node) throws(Failure) {
        guard !stack.isEmpty else {
            root = node.value
            return
        }
        let top = stack.count - 1
        if stack.count + node.height > maxDepth {
            throw fail("nesting deeper than \(maxDepth) levels")
        }
        if stack[top].isMapping {
            if stack[top].pendingKey == nil {
                guard let key = node.keyText else { throw fail("map keys must be strings, not lists or maps") }
                if !stack[top].keys.insert(key) { throw fail("duplicate key \"\(key)\"") }
                stack[top].pendingKey = key
                stack[top].bytes += node.bytes
                return
            }
            stack[top].entries.append((stack[top].pendingKey ?? "", node.value))
            stack[top].pendingKey = nil
        } else {
            stack[top].items.append(node.value)
        }
        stack[top].bytes += node.bytes
        stack[top].height = max(stack[top].height, node.height + 1)
    }

    /// Counts decoded bytes; past the budget, fails at the place being decoded.
    private mutating func spend(_ bytes: Int) throws(Failure) {
        guard !budget.spend(bytes) else { return }
        var failure = fail(budget.exceededMessage)
        if let root = stack.first, root.isMapping {
            let slices = documents.count { $0["kind"] == .string("EndpointSlice") }
            failure.budgetExceeded = DecodedSizeBudget.envelopePlace(
                of: currentPath, topLevel: root.entries, endpointSliceIndex: slices)
        } else {
            failure.budgetExceeded = currentPath
        }
        throw failure
    }

    /// The pointer (inside the current document) of the value about to be placed.
    private var currentPath: FieldPath {
        var path = FieldPath.root
        for frame in stack {
            if frame.isMapping {
                guard let key = frame.pendingKey else { break }
                path = path.key(key)
            } else {
                path = path.index(frame.items.count)
            }
        }
        return path
    }

    private static func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let p else { return nil }
        return String(decoding: UnsafeBufferPointer(start: p, count: strlen(p)), as: UTF8.self)
    }
}

extension JSONValue {
    /// Parses a YAML stream (UTF-8) into its documents, typing scalars with the YAML 1.2 core
    /// schema. An empty document is `.null`. Nesting is limited to 64 levels and the decoded size
    /// to `InputLimits.maxDecodedBytes` (aliases counted at each use: `.tooLarge`); duplicate and
    /// non-scalar map keys are errors (`.unparseable`, pointer `""`).
    public static func parseYAMLStream(_ bytes: some Collection<UInt8>) throws(InputError) -> [JSONValue] {
        try parseYAMLStream(bytes, maxDepth: InputLimits.maxDepth)
    }

    /// As `parseYAMLStream(_:)`, with a smaller depth limit and, for input streams, a limit on the
    /// number of documents (`.invalid` past it, before the rest is decoded).
    static func parseYAMLStream(
        _ bytes: some Collection<UInt8>, maxDepth: Int, maxDocuments: Int = .max
    ) throws(InputError) -> [JSONValue] {
        try InputText.withContiguous(bytes) { (buffer) throws(InputError) -> [JSONValue] in
            try YAMLReader.documents(buffer, maxDepth: maxDepth, maxDocuments: maxDocuments)
        }
    }
}
