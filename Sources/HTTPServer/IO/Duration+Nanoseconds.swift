extension Duration {
    /// The duration in nanoseconds, clamped to `0...UInt64.max / 4` (negative → 0).
    var clampedNanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        let cap: UInt64 = UInt64.max / 4
        let wholeSeconds = UInt64(seconds)
        guard wholeSeconds < cap / 1_000_000_000 else { return cap }
        return wholeSeconds * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }
}
