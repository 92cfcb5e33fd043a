import CYAML

/// Composes a YAML stream into untyped nodes from libyaml's events, for reading encoder output
/// back independently of PolicyCore's reader (whose typing is the thing under test elsewhere).
/// Aliases are rejected: the encoders never write them.
enum YAMLTestReader {
    /// A composed node; scalars keep their text, whether they were plain and their explicit tag.
    indirect enum Node {
        case scalar(String, plain: Bool, tag: String?)
        case sequence([Node])
        case mapping([(Node, Node)])
    }

    /// An open sequence or mapping while composing.
    private enum Open {
        case sequence([Node])
        case mapping([(Node, Node)], pendingKey: Node?)
    }

    /// The documents of the stream, in order.
    static func documents(_ bytes: [UInt8]) throws -> [Node] {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw TreeError.unexpected("yaml_parser_initialize") }
        defer { yaml_parser_delete(&parser) }
        return try bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var documents: [Node] = []
            var stack: [Open] = []
            var root: Node? = nil
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    let problem = parser.problem.map { String(cString: $0) } ?? "?"
                    throw TreeError.unexpected("YAML line \(parser.problem_mark.line + 1): \(problem)")
                }
                defer { yaml_event_delete(&event) }
                var finished: Node? = nil
                switch event.type {
                case YAML_STREAM_END_EVENT: return documents
                case YAML_DOCUMENT_END_EVENT:
                    guard let node = root else { throw TreeError.unexpected("empty document") }
                    documents.append(node)
                    root = nil
                case YAML_ALIAS_EVENT: throw TreeError.unexpected("alias")
                case YAML_SCALAR_EVENT:
                    let s = event.data.scalar
                    finished = .scalar(
                        String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self),
                        plain: s.style == YAML_PLAIN_SCALAR_STYLE, tag: s.tag.map { String(cString: $0) })
                case YAML_SEQUENCE_START_EVENT: stack.append(.sequence([]))
                case YAML_MAPPING_START_EVENT: stack.append(.mapping([], pendingKey: nil))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    switch stack.popLast() {
                    case .sequence(let items)?: finished = .sequence(items)
                    case .mapping(let pairs, nil)?: finished = .mapping(pairs)
                    default: throw TreeError.unexpected("unbalanced collection end")
                    }
                default: break
                }
                guard let node = finished else { continue }
                switch stack.popLast() {
                case nil: root = node
                case .sequence(let items)?: stack.append(.sequence(items + [node]))
                case .mapping(let pairs, nil)?: stack.append(.mapping(pairs, pendingKey: node))
                case .mapping(let pairs, let key?)?: stack.append(.mapping(pairs + [(key, node)], pendingKey: nil))
                }
            }
        }
    }
}
