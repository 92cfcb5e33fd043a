/// Writes a response head into memory the caller provides, counting past its end instead of
/// writing there: `fits` is false when the head needed more (`count` then says how much), and
/// the caller writes it again into that much. One copy into the output per head, instead of an
/// `Array.append` per piece (each checks uniqueness and capacity).
struct HeadWriter {
    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    /// Bytes written, or needed when past `capacity`.
    private(set) var count = 0

    init(_ memory: UnsafeMutableBufferPointer<UInt8>) {
        base = memory.baseAddress.unsafelyUnwrapped
        capacity = memory.count
    }

    /// Everything written fit the memory.
    var fits: Bool { count <= capacity }

    /// The bytes written (only when `fits`).
    var written: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    @inline(__always)
    mutating func write(_ bytes: UnsafeRawBufferPointer) {
        let end = count &+ bytes.count
        if end <= capacity, let source = bytes.baseAddress {
            UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)
        }
        count = end
    }

    @inline(__always)
    mutating func write(_ text: StaticString) {
        write(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always)
    mutating func write(byte: UInt8) {
        if count < capacity { base[count] = byte }
        count &+= 1
    }

    mutating func write(_ bytes: some Collection<UInt8>) {
        if bytes.withContiguousStorageIfAvailable({ write(UnsafeRawBufferPointer($0)) }) == nil {
            for byte in bytes { write(byte: byte) }
        }
    }

    /// Writes `text` with CR, LF and NUL as SP, so that a value built from untrusted data cannot
    /// split the response.
    mutating func writeSanitised(_ text: String) {
        let first = count
        write(text.utf8)
        guard count <= capacity else { return }
        // CR (0x0D), LF (0x0A) and NUL are all below 0x0E: one compare per byte in the common case.
        for index in first..<count where base[index] < 0x0E {
            switch base[index] {
            case ASCII.cr, ASCII.lf, 0: base[index] = ASCII.space
            default: continue
            }
        }
    }

    /// Writes the field line `name: value` CRLF, sanitised.
    mutating func writeField(_ name: String, _ value: String) {
        writeSanitised(name)
        write(": ")
        writeSanitised(value)
        write("\r\n")
    }

    /// The three digits of a status code, clamped to 100…999 (RFC 9110 §15) rather than
    /// producing an unparseable status line.
    mutating func writeStatusCode(_ code: Int) {
        let clamped = min(max(code, 100), 999)
        write(byte: UInt8(truncatingIfNeeded: clamped / 100) &+ 0x30)
        write(byte: UInt8(truncatingIfNeeded: clamped / 10 % 10) &+ 0x30)
        write(byte: UInt8(truncatingIfNeeded: clamped % 10) &+ 0x30)
    }

    /// The decimal digits of `value` (≥ 0).
    mutating func writeDecimal(_ value: Int) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for any Int
        withUnsafeMutableBytes(of: &digits) { raw in
            var remaining = max(value, 0).magnitude
            var start = raw.count
            repeat {
                start -= 1
                raw[start] = UInt8(truncatingIfNeeded: remaining % 10) &+ 0x30
                remaining /= 10
            } while remaining > 0
            write(UnsafeRawBufferPointer(rebasing: raw[start...]))
        }
    }

    /// Appends what `write` writes to `buffer`: into `guess` bytes of temporary memory first,
    /// again into as much as it turned out to need when that was too little. `write` must
    /// write the same bytes each time it is called.
    static func append<Result>(
        to buffer: inout [UInt8], guess: Int, _ write: (inout HeadWriter) -> Result
    ) -> Result {
        var needed = 0
        let first = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: guess) { memory in
            var writer = HeadWriter(memory)
            let result = write(&writer)
            if writer.fits {
                buffer.append(contentsOf: writer.written)
            } else {
                needed = writer.count
            }
            return result
        }
        guard needed > 0 else { return first }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: needed) { memory in
            var writer = HeadWriter(memory)
            let result = write(&writer)
            buffer.append(contentsOf: writer.written)
            return result
        }
    }
}
