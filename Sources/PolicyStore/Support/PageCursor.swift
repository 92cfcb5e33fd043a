/// The position a listing resumes after, carried to the client as an opaque
/// token: base64url of `[version, kind, payload…]`.
enum PageCursor: Hashable {
    /// Revisions newest first: the next page holds numbers below `number`.
    case revisions(before: Int)
    /// Stacks by `(namespace, name)`: the next page starts after this key.
    case stacks(namespace: String, name: String)

    private static let version: UInt8 = 1
    private static let revisionsKind = UInt8(ascii: "r")
    private static let stacksKind = UInt8(ascii: "s")
    /// Longer tokens are rejected before decoding (Kubernetes names are short).
    private static let maximumTokenLength = 1_024

    /// The opaque token handed to clients.
    var token: String {
        var bytes: [UInt8] = [Self.version]
        switch self {
        case .revisions(let number):
            bytes.append(Self.revisionsKind)
            let value = UInt64(truncatingIfNeeded: number)
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
            }
        case .stacks(let namespace, let name):
            bytes.append(Self.stacksKind)
            let namespaceBytes = Array(namespace.utf8)
            let length = UInt16(clamping: namespaceBytes.count)
            bytes.append(UInt8(length >> 8))
            bytes.append(UInt8(length & 0xFF))
            bytes.append(contentsOf: namespaceBytes.prefix(Int(length)))
            bytes.append(contentsOf: name.utf8)
        }
        return Base64URL.encode(bytes)
    }

    /// Decodes a client token; throws ``StoreError/badCursor`` for anything this
    /// type did not produce.
    init(token: String) throws(StoreError) {
        guard token.utf8.count <= Self.maximumTokenLength,
            let bytes = Base64URL.decode(token), bytes.count >= 2, bytes[0] == Self.version
        else { throw .badCursor }
        let payload = bytes[2...]
        switch bytes[1] {
        case Self.revisionsKind:
            guard payload.count == 8 else { throw .badCursor }
            let value = payload.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard value >= 1, value <= UInt64(Int.max) else { throw .badCursor }
            self = .revisions(before: Int(value))
        case Self.stacksKind:
            guard payload.count >= 2 else { throw .badCursor }
            let length = Int(payload[payload.startIndex]) << 8 | Int(payload[payload.startIndex + 1])
            let namespaceStart = payload.startIndex + 2
            guard payload.endIndex - namespaceStart >= length else { throw .badCursor }
            let namespaceEnd = namespaceStart + length
            guard let namespace = String(validating: payload[namespaceStart..<namespaceEnd], as: UTF8.self),
                let name = String(validating: payload[namespaceEnd...], as: UTF8.self)
            else { throw .badCursor }
            self = .stacks(namespace: namespace, name: name)
        default:
            throw .badCursor
        }
    }

    /// The upper bound (exclusive) of a revisions page resumed at `cursor` (`nil`: from the newest).
    static func revisionsBound(_ cursor: String?) throws(StoreError) -> Int? {
        guard let cursor else { return nil }
        guard case let .revisions(number) = try PageCursor(token: cursor) else { throw .badCursor }
        return number
    }

    /// The key a stacks page in `namespace` (all when `nil`) resumes after (`nil`: from the start).
    static func stacksStart(_ cursor: String?, namespace: String?) throws(StoreError) -> (namespace: String, name: String)? {
        guard let cursor else { return nil }
        guard case let .stacks(cursorNamespace, cursorName) = try PageCursor(token: cursor),
            namespace == nil || namespace == cursorNamespace
        else { throw .badCursor }
        return (cursorNamespace, cursorName)
    }
}
