/// Kubernetes name syntaxes (apimachinery `validation`): DNS-1123 labels and subdomains, label
/// keys (qualified names) and label values, IANA service (port) names.
public enum KubernetesNames {
    /// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, 1–63 characters.
    public static func isDNSLabel(_ s: String) -> Bool {
        // On the contiguous bytes when the string has them (native strings do): no index walk.
        s.utf8.withContiguousStorageIfAvailable { isDNSLabel($0) } ?? isDNSLabel(s.utf8[...])
    }

    /// DNS-1123 labels joined by `.`, at most 253 characters.
    static func isDNSSubdomain(_ s: String) -> Bool {
        let u = s.utf8
        guard !u.isEmpty, u.count <= 253 else { return false }
        return u.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy(isDNSLabel)
    }

    /// A label key: `[prefix/]name`, prefix a DNS subdomain, name a qualified-name part.
    static func isLabelKey(_ s: String) -> Bool {
        let u = Array(s.utf8)
        if let slash = u.firstIndex(of: UInt8(ascii: "/")) {
            let prefix = String(decoding: u[..<slash], as: UTF8.self)
            return isDNSSubdomain(prefix) && isQualifiedNamePart(u[(slash + 1)...])
        }
        return isQualifiedNamePart(u[...])
    }

    /// A label value: empty, or up to 63 of `[A-Za-z0-9_.-]`, alphanumeric at both ends.
    static func isLabelValue(_ s: String) -> Bool {
        s.isEmpty || isQualifiedNamePart(Array(s.utf8)[...])
    }

    /// An IANA service name (a named port): 1–15 of `[a-z0-9-]`, at least one letter, no `--`,
    /// alphanumeric at both ends.
    static func isPortName(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard !u.isEmpty, u.count <= 15, let first = u.first, let last = u.last,
            first != UInt8(ascii: "-"), last != UInt8(ascii: "-")
        else { return false }
        var hasLetter = false
        for (i, b) in u.enumerated() {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): hasLetter = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"): break
            case UInt8(ascii: "-"): if i > 0, u[i - 1] == UInt8(ascii: "-") { return false }
            default: return false
            }
        }
        return hasLetter
    }

    private static func isDNSLabel(_ u: some BidirectionalCollection<UInt8>) -> Bool {
        guard !u.isEmpty, u.count <= 63, let first = u.first, let last = u.last else { return false }
        guard isLowerAlnum(first), isLowerAlnum(last) else { return false }
        return u.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    /// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`, 1–63 characters.
    private static func isQualifiedNamePart(_ u: ArraySlice<UInt8>) -> Bool {
        guard !u.isEmpty, u.count <= 63, let first = u.first, let last = u.last else { return false }
        guard isAlnum(first), isAlnum(last) else { return false }
        return u.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    @inline(__always) private static func isLowerAlnum(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
    }

    @inline(__always) private static func isAlnum(_ b: UInt8) -> Bool {
        isLowerAlnum(b) || (b >= 0x41 && b <= 0x5A)
    }
}
