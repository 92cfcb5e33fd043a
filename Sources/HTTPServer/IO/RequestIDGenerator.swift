import SystemSupport

/// Cheap request ids for one event loop: a random 24-bit prefix per loop plus a counter,
/// 15 hex digits (a small string: no allocation).
struct RequestIDGenerator {
    private let prefix: UInt64
    private var counter: UInt64 = 0

    init() {
        var random = SystemRandomNumberGenerator()
        prefix = random.next() & 0xFF_FFFF
    }

    /// The next id, e.g. `3fa9c1000000001`.
    mutating func next() -> String {
        counter &+= 1
        let value = (prefix << 36) | (counter & 0xF_FFFF_FFFF)
        return String(unsafeUninitializedCapacity: 15) { buffer in
            var remaining = value
            for index in stride(from: 14, through: 0, by: -1) {
                buffer[index] = HexDigit.lowercase(UInt8(truncatingIfNeeded: remaining))
                remaining >>= 4
            }
            return 15
        }
    }
}
