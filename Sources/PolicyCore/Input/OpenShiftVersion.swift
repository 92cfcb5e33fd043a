/// A `cluster.openshiftVersion` (§1.4):
/// `["v"] 1*DIGIT "." 1*DIGIT ["." 1*DIGIT ["-" ids] ["+" ids]]`, where `ids` is one or more
/// non-empty `[0-9A-Za-z-]` identifiers separated by `.` (a SemVer pre-release or build suffix,
/// as `oc get clusterversion` prints it: `v4.20.1`, `4.21.0-rc.1`, `4.19.0-ec.3+build.5`).
///
/// Only MAJOR.MINOR is compared; the caller keeps the text as given. Components are kept as digit
/// strings and compared as integers without converting them, so no version text can overflow.
struct OpenShiftVersion: Equatable, Sendable {
    var major: Substring
    var minor: Substring

    init?(_ text: String) {
        var rest = Substring(text)
        if rest.utf8.first == UInt8(ascii: "v") { rest = rest.dropFirst() }
        // The suffixes follow only MAJOR.MINOR.PATCH; split them off first ('+' before '-':
        // a build suffix may itself contain '-').
        var core = rest
        var build: Substring? = nil
        var preRelease: Substring? = nil
        if let plus = core.firstIndex(of: "+") {
            build = core[core.index(after: plus)...]
            core = core[..<plus]
        }
        if let dash = core.firstIndex(of: "-") {
            preRelease = core[core.index(after: dash)...]
            core = core[..<dash]
        }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        for p in parts where !Self.isDigits(p) { return nil }
        if parts.count == 2, build != nil || preRelease != nil { return nil }
        for ids in [preRelease, build].compactMap({ $0 }) where !Self.isIdentifiers(ids) { return nil }
        major = parts[0]
        minor = parts[1]
    }

    static let syntaxMessage =
        "must be \"MAJOR.MINOR\" or \"MAJOR.MINOR.PATCH\" (digits), optionally with a leading \"v\" and, "
        + "after PATCH, a SemVer \"-pre.release\" and/or \"+build\" suffix, such as \"4.20\" or \"v4.21.0-rc.1\""

    private static func isDigits(_ s: Substring) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// One or more non-empty `[0-9A-Za-z-]` identifiers separated by `.`.
    private static func isIdentifiers(_ s: Substring) -> Bool {
        s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { id in
            !id.isEmpty
                && id.utf8.allSatisfy { b in
                    (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "-")
                }
        }
    }

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
