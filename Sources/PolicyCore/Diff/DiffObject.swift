/// The members of a JSON object in a diff value (`DiffValue.object`): keys unique and in
/// code point order, so equal objects are equal member by member and write without sorting.
public struct DiffObject: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// Keys, in code point order.
    public private(set) var keys: [String]
    /// Values, in the order of `keys`.
    public private(set) var values: [DiffValue]

    /// Members whose keys are already unique and in code point order.
    init(sortedKeys keys: [String], values: [DiffValue]) {
        self.keys = keys
        self.values = values
    }

    /// The members of `dictionary`.
    public init(_ dictionary: [String: DiffValue]) {
        let members = dictionary.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        keys = members.map(\.key)
        values = members.map(\.value)
    }

    public init(dictionaryLiteral elements: (String, DiffValue)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { $1 }))
    }

    /// The member `key`; setting nil removes it, setting a new key inserts it in order.
    public subscript(key: String) -> DiffValue? {
        get { position(of: key).found.map { values[$0] } }
        set {
            let (found, insertion) = position(of: key)
            switch (found, newValue) {
            case (let index?, let value?): values[index] = value
            case (let index?, nil):
                keys.remove(at: index)
                values.remove(at: index)
            case (nil, let value?):
                keys.insert(key, at: insertion)
                values.insert(value, at: insertion)
            case (nil, nil): break
            }
        }
    }

    /// Where `key` is, or where it would go.
    private func position(of key: String) -> (found: Int?, insertion: Int) {
        var low = 0
        var high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if keys[mid].utf8.lexicographicallyPrecedes(key.utf8) { low = mid + 1 } else { high = mid }
        }
        return (low < keys.count && keys[low] == key ? low : nil, low)
    }
}
