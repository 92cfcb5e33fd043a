/// The JSON values of the documents being compared, hash-consed: every value is stored
/// once and named by an id, so two values are equal exactly when their ids are, and the
/// diff compares whole rules, peers or ports in O(1).
///
/// Building the table is linear in the documents' size (each node hashes its scalar or
/// its children's ids).
struct ValueTable {
    /// One value; children are ids.
    enum Node: Hashable {
        case string(String)
        case number(Int)
        case array([Int])
        /// Members with unique keys in code point order.
        case object([Member])
    }

    /// One object member.
    struct Member: Hashable {
        let key: String
        let value: Int
    }

    private(set) var nodes: [Node] = []
    private var ids: [Node: Int] = [:]

    /// The id of `node`, adding it if it is new.
    mutating func id(_ node: Node) -> Int {
        if let id = ids[node] { return id }
        nodes.append(node)
        ids[node] = nodes.count - 1
        return nodes.count - 1
    }

    mutating func string(_ text: String) -> Int { id(.string(text)) }

    mutating func number(_ value: Int) -> Int { id(.number(value)) }

    mutating func array(_ items: [Int]) -> Int { id(.array(items)) }

    /// An object from members whose keys are unique and in code point order.
    mutating func object(_ members: [(String, Int)]) -> Int {
        id(.object(members.map { Member(key: $0.0, value: $0.1) }))
    }

    subscript(id: Int) -> Node { nodes[id] }

    /// The value `id` names, as the diff reports it.
    func value(_ id: Int) -> DiffValue {
        switch nodes[id] {
        case .string(let text): .string(text)
        case .number(let number): .number(number)
        case .array(let items): .array(items.map(value))
        case .object(let members):
            .object(Dictionary(uniqueKeysWithValues: members.map { ($0.key, value($0.value)) }))
        }
    }
}
