/// The JSON values of the documents being compared, hash-consed: every value is stored
/// once and named by an id, so two values are equal exactly when their ids are, and the
/// diff compares whole rules, peers or ports in O(1).
///
/// Building the table is linear in the documents' size: strings and numbers are looked up
/// by value; a list or object by its children's ids, hashed once (with the standard
/// library's seeded hasher) into an open-addressing index that never hashes a node again
/// when it grows. Children live in one flat array.
struct ValueTable {
    enum Kind: UInt8 {
        case string, number, array, object
    }

    /// One member of an object: its key and the id of its value.
    struct Member {
        let key: String
        let value: Int
    }

    private var kinds: [Kind] = []
    /// String: index in `strings`; number: the value; list or object: start in `children`.
    private var payloads: [Int] = []
    /// List: item count; object: member count; scalars: 0.
    private var counts: [Int] = []
    /// List items (ids); object members as (id of the key's string node, id of the value).
    private var children: [Int] = []
    private var strings: [String] = []
    private var stringIDs: [String: Int] = [:]
    private var numberIDs: [Int: Int] = [:]
    /// Open addressing over lists and objects: node id + 1 (0: empty), at hash & mask.
    private var slots: [Int]
    private var hashes: [Int] = []
    private var composites = 0

    init(capacity: Int = 64) {
        kinds.reserveCapacity(capacity)
        payloads.reserveCapacity(capacity)
        counts.reserveCapacity(capacity)
        hashes.reserveCapacity(capacity)
        children.reserveCapacity(2 * capacity)
        strings.reserveCapacity(capacity / 2)
        stringIDs.reserveCapacity(capacity / 2)
        var size = 64
        while size < capacity { size *= 2 }
        slots = [Int](repeating: 0, count: size)
    }

    func kind(_ id: Int) -> Kind { kinds[id] }

    /// A list's item ids.
    func items(_ id: Int) -> ArraySlice<Int> { children[payloads[id]..<payloads[id] + counts[id]] }

    /// An object's members, keys in code point order.
    func members(_ id: Int) -> [Member] {
        (0..<counts[id]).map { i in
            Member(key: strings[payloads[children[payloads[id] + 2 * i]]], value: children[payloads[id] + 2 * i + 1])
        }
    }

    mutating func string(_ text: String) -> Int {
        if let id = stringIDs[text] { return id }
        strings.append(text)
        let id = append(.string, payload: strings.count - 1, count: 0, hash: 0)
        stringIDs[text] = id
        return id
    }

    mutating func number(_ value: Int) -> Int {
        if let id = numberIDs[value] { return id }
        let id = append(.number, payload: value, count: 0, hash: 0)
        numberIDs[value] = id
        return id
    }

    mutating func array(_ items: [Int]) -> Int {
        composite(.array, items, count: items.count)
    }

    /// An object from members whose keys are unique and in code point order.
    mutating func object(_ members: [(String, Int)]) -> Int {
        var flat: [Int] = []
        flat.reserveCapacity(2 * members.count)
        for (key, value) in members {
            flat.append(string(key))
            flat.append(value)
        }
        return composite(.object, flat, count: members.count)
    }

    /// The value `id` names, as the diff reports it.
    func value(_ id: Int) -> DiffValue {
        switch kinds[id] {
        case .string: return .string(strings[payloads[id]])
        case .number: return .number(payloads[id])
        case .array: return .array(items(id).map(value))
        case .object:
            let list = members(id)
            return .object(DiffObject(sortedKeys: list.map(\.key), values: list.map { value($0.value) }))
        }
    }

    // MARK: Storage

    private mutating func append(_ kind: Kind, payload: Int, count: Int, hash: Int) -> Int {
        kinds.append(kind)
        payloads.append(payload)
        counts.append(count)
        hashes.append(hash)
        return kinds.count - 1
    }

    /// The id of the list or object with these children, adding it if it is new.
    private mutating func composite(_ kind: Kind, _ flat: [Int], count: Int) -> Int {
        var hasher = Hasher()
        hasher.combine(kind)
        hasher.combine(count)
        for child in flat { hasher.combine(child) }
        let hash = hasher.finalize()
        let mask = slots.count - 1
        var slot = hash & mask
        while slots[slot] != 0 {
            let id = slots[slot] - 1
            if hashes[id] == hash, kinds[id] == kind, counts[id] == count,
                children[payloads[id]..<payloads[id] + flat.count].elementsEqual(flat)
            {
                return id
            }
            slot = (slot + 1) & mask
        }
        let id = append(kind, payload: children.count, count: count, hash: hash)
        children.append(contentsOf: flat)
        slots[slot] = id + 1
        composites += 1
        if 2 * composites > slots.count { grow() }
        return id
    }

    /// Doubles the index, placing every list and object by its kept hash.
    private mutating func grow() {
        var larger = [Int](repeating: 0, count: 2 * slots.count)
        let mask = larger.count - 1
        for entry in slots where entry != 0 {
            var slot = hashes[entry - 1] & mask
            while larger[slot] != 0 { slot = (slot + 1) & mask }
            larger[slot] = entry
        }
        slots = larger
    }
}
