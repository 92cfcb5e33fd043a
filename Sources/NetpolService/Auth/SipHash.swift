/// SipHash-2-4 with its 128-bit output (Aumasson and Bernstein, the reference implementation's
/// `siphash` with `outlen` 16): a keyed pseudorandom function of a byte string, for
/// ``SecretFingerprint``. Eight bytes a step, straight from the bytes given (Swift's `Hasher`,
/// SipHash-1-3 under the process's seed, buffers byte by byte and gives 64 bits a run).
enum SipHash {
    /// A 128-bit key: the reference implementation's 16 key bytes read as two little-endian words.
    struct Key: Sendable {
        let k0: UInt64
        let k1: UInt64

        /// A key from the system's cryptographically secure generator (`getrandom`).
        static func random() -> Key {
            var generator = SystemRandomNumberGenerator()
            return Key(k0: generator.next(), k1: generator.next())
        }
    }

    /// The 128-bit SipHash-2-4 of `bytes` under `key`: the reference output's bytes 0–7 and 8–15,
    /// each read as a little-endian word.
    static func hash128(_ bytes: UnsafeRawBufferPointer, key: Key) -> (UInt64, UInt64) {
        var state = State(key)
        let count = bytes.count
        let whole = count & ~7
        var index = 0
        if let base = bytes.baseAddress {
            while index < whole {
                state.compress(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
                index &+= 8
            }
        }
        // The last block: the remaining bytes, and the length's low byte in the top one.
        var last = UInt64(truncatingIfNeeded: count) << 56
        var shift: UInt64 = 0
        while index < count {
            last |= UInt64(bytes[index]) << shift
            shift &+= 8
            index &+= 1
        }
        state.compress(last)
        state.v2 ^= 0xee
        state.rounds(4)
        let first = state.v0 ^ state.v1 ^ state.v2 ^ state.v3
        state.v1 ^= 0xdd
        state.rounds(4)
        return (first, state.v0 ^ state.v1 ^ state.v2 ^ state.v3)
    }

    /// The four words of SipHash's state.
    private struct State {
        var v0: UInt64
        var v1: UInt64
        var v2: UInt64
        var v3: UInt64

        /// The state of the 128-bit variant under `key`.
        init(_ key: Key) {
            v0 = key.k0 ^ 0x736f_6d65_7073_6575
            v1 = key.k1 ^ 0x646f_7261_6e64_6f6d ^ 0xee
            v2 = key.k0 ^ 0x6c79_6765_6e65_7261
            v3 = key.k1 ^ 0x7465_6462_7974_6573
        }

        /// Absorbs one 8-byte block with two rounds.
        @inline(__always)
        mutating func compress(_ block: UInt64) {
            v3 ^= block
            rounds(2)
            v0 ^= block
        }

        @inline(__always)
        mutating func rounds(_ count: Int) {
            for _ in 0..<count {
                v0 &+= v1
                v1 = rotate(v1, 13) ^ v0
                v0 = rotate(v0, 32)
                v2 &+= v3
                v3 = rotate(v3, 16) ^ v2
                v0 &+= v3
                v3 = rotate(v3, 21) ^ v0
                v2 &+= v1
                v1 = rotate(v1, 17) ^ v2
                v2 = rotate(v2, 32)
            }
        }

        @inline(__always)
        private func rotate(_ word: UInt64, _ bits: UInt64) -> UInt64 {
            (word &<< bits) | (word &>> (64 &- bits))
        }
    }
}
