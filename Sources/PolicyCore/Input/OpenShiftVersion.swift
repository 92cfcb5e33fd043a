/// A `cluster.openshiftVersion`: `MAJOR.MINOR` or `MAJOR.MINOR.PATCH`, digits only (§1.4).
///
/// Components are kept as digit strings and compared as integers without converting them, so no
/// version text can overflow.
struct OpenShiftVersion: Equatable, Sendable {
    var major: Substring
    var minor: Substring

    init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        for p in parts {
            guard !p.isEmpty, p.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        }
        major = parts[0]
        minor = parts[1]
    }

    static let syntaxMessage = "must be \"MAJOR.MINOR\" or \"MAJOR.MINOR.PATCH\" with digits only, such as \"4.20\""

    /// Compares major, then minor, as integers (§2).
    func isAtLeast(major wantMajor: Int, minor wantMinor: Int) -> Bool {
        let m = Self.compare(major, wantMajor)
        if m != 0 { return m > 0 }
        return Self.compare(minor, wantMinor) >= 0
    }

    /// -1, 0 or 1 as the decimal digits compare with `value`.
    private static func compare(_ digits: Substring, _ value: Int) -> Int {
        let significant = digits.drop { $0 == "0" }
        let other = String(value)
        if significant.count != other.count { return significant.count < other.count ? -1 : 1 }
        if significant == other[...] { return 0 }
        return significant.utf8.lexicographicallyPrecedes(other.utf8) ? -1 : 1
    }
}
