/// Bodies of content-addressed objects one reader connection has read, by id. Objects never
/// change and committed ids are never reused, so an entry stays right for ever; a reader sees
/// only committed objects. Most parts of a revision (the policies that did not change) are
/// shared with its neighbours, so reading a history mostly reads the revision row and the few
/// parts that changed. Bounded by ``capacity`` bytes: when full, it starts over empty.
final class ObjectCache {
    /// The most body bytes held.
    static let capacity = 8 << 20

    private var bodies: [Int64: [UInt8]] = [:]
    private var bytes = 0

    func body(_ id: Int64) -> [UInt8]? { bodies[id] }

    func insert(_ id: Int64, _ body: [UInt8]) {
        guard body.count <= Self.capacity / 8 else { return }
        if bytes + body.count > Self.capacity {
            bodies.removeAll(keepingCapacity: true)
            bytes = 0
        }
        if bodies.updateValue(body, forKey: id) == nil { bytes += body.count }
    }
}
