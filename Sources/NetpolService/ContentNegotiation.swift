import HTTPServer
import PolicyCore

/// A media type the service produces, with the `Content-Type` it is sent with.
public struct MediaType: Sendable, Hashable {
    /// `type/subtype`, lowercase, no parameters.
    public let essence: String
    /// The full `Content-Type` header value (with `charset` for text types).
    public let contentType: String

    public static let json = MediaType(essence: "application/json", contentType: "application/json")
    public static let yaml = MediaType(essence: "application/yaml", contentType: "application/yaml")
    public static let xYAML = MediaType(essence: "application/x-yaml", contentType: "application/x-yaml")
    public static let textYAML = MediaType(essence: "text/yaml", contentType: "text/yaml; charset=utf-8")
    public static let xDiff = MediaType(essence: "text/x-diff", contentType: "text/x-diff; charset=utf-8")
    public static let textPlain = MediaType(essence: "text/plain", contentType: "text/plain; charset=utf-8")
    public static let markdown = MediaType(essence: "text/markdown", contentType: "text/markdown; charset=utf-8")
    public static let problemJSON = MediaType(
        essence: "application/problem+json", contentType: "application/problem+json")

    /// True for the three YAML media types.
    public var isYAML: Bool { self == .yaml || self == .xYAML || self == .textYAML }
}

/// `Accept` negotiation (RFC 9110 §12.5.1) and `Content-Type` → input parser selection.
public enum ContentNegotiation {
    /// The representations a resource offers, in the server's order of preference.
    public static let jsonOnly: [MediaType] = [.json]
    /// Policies: JSON (default) or one of the YAML types.
    public static let policies: [MediaType] = [.json, .yaml, .xYAML, .textYAML]
    /// Diffs and plans: JSON (default) or the unified diff.
    public static let diff: [MediaType] = [.json, .xDiff, .textPlain]
    /// Flow matrices: JSON (default), text tables or markdown tables.
    public static let flows: [MediaType] = [.json, .textPlain, .markdown]

    /// The offer to send for the request's `Accept`, nil when none is acceptable (406).
    ///
    /// No `Accept` (or one with no well-formed media range) accepts anything, so the first
    /// offer wins. Otherwise each offer gets the quality of the most specific range that
    /// matches it (`type/subtype` over `type/*` over `*/*`); the highest non-zero quality
    /// wins, ties go to the earlier offer.
    public static func negotiate(_ request: HTTPRequest, offers: [MediaType]) -> MediaType? {
        let values = request.headers.values("Accept")
        if values.isEmpty { return offers.first }
        var ranges: [MediaRange] = []
        for value in values {
            for element in value.utf8.split(separator: UInt8(ascii: ",")) {
                if let range = MediaRange(element) { ranges.append(range) }
            }
        }
        if ranges.isEmpty { return offers.first }
        var best: MediaType?
        var bestQuality = 0
        for offer in offers {
            let quality = Self.quality(of: offer, in: ranges)
            if quality > bestQuality {
                best = offer
                bestQuality = quality
            }
        }
        return best
    }

    /// The input format for the request's `Content-Type` (letter case and parameters such as
    /// `charset` ignored); nil when absent or not JSON/YAML (415).
    public static func inputFormat(_ request: HTTPRequest) -> InputFormat? {
        request.headers["Content-Type"].flatMap(InputFormat.init(mediaType:))
    }

    private static func quality(of offer: MediaType, in ranges: [MediaRange]) -> Int {
        let slash = offer.essence.utf8.firstIndex(of: UInt8(ascii: "/")) ?? offer.essence.utf8.endIndex
        let type = Substring(offer.essence[..<slash])
        let subtype = Substring(offer.essence[offer.essence.utf8.index(after: slash)...])
        var specificity = -1
        var quality = 0
        for range in ranges {
            let match: Int
            if range.type == "*" {
                match = 0
            } else if range.type == type && range.subtype == "*" {
                match = 1
            } else if range.type == type && range.subtype == subtype {
                match = 2
            } else {
                continue
            }
            if match > specificity {
                specificity = match
                quality = range.quality
            }
        }
        return quality
    }
}

/// One element of an `Accept` header: `type/subtype` (or `type/*`, `*/*`) with its quality in
/// thousandths.
struct MediaRange {
    var type: Substring
    var subtype: Substring
    /// 0...1000.
    var quality: Int

    /// Parses `type/subtype *( OWS ";" OWS parameter )`; nil when malformed.
    init?(_ element: Substring.UTF8View.SubSequence) {
        let text = Substring(element)
        var parts = text.split(separator: ";", omittingEmptySubsequences: false).makeIterator()
        guard let rangeText = parts.next() else { return nil }
        let range = rangeText.trimmingOWS()
        guard let slash = range.firstIndex(of: "/") else { return nil }
        let type = range[..<slash].lowercased()
        let subtype = range[range.index(after: slash)...].lowercased()
        guard MediaRange.isToken(type), MediaRange.isToken(subtype), !(type == "*" && subtype != "*")
        else { return nil }
        self.type = Substring(type)
        self.subtype = Substring(subtype)
        quality = 1000
        while let parameter = parts.next() {
            let trimmed = parameter.trimmingOWS()
            guard let equals = trimmed.firstIndex(of: "=") else { return nil }
            let name = trimmed[..<equals].trimmingOWS().lowercased()
            let value = trimmed[trimmed.index(after: equals)...].trimmingOWS()
            if name == "q" {
                guard let q = MediaRange.parseQuality(value) else { return nil }
                quality = q
            }
        }
    }

    /// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )` in thousandths.
    static func parseQuality(_ text: Substring) -> Int? {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, first == UInt8(ascii: "0") || first == UInt8(ascii: "1") else { return nil }
        var value = Int(first - UInt8(ascii: "0")) * 1000
        if bytes.count == 1 { return value }
        guard bytes[1] == UInt8(ascii: "."), bytes.count <= 5 else { return nil }
        var scale = 100
        for byte in bytes.dropFirst(2) {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value += Int(byte - UInt8(ascii: "0")) * scale
            scale /= 10
        }
        return value <= 1000 ? value : nil
    }

    private static func isToken(_ text: String) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
                case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
                    UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
                    UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
                    true
                default: false
                }
            }
    }
}

extension Substring {
    /// Removes leading and trailing optional whitespace (SP / HTAB).
    fileprivate func trimmingOWS() -> Substring {
        let isOWS = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = utf8.firstIndex(where: { !isOWS($0) }), let last = utf8.lastIndex(where: { !isOWS($0) })
        else { return "" }
        return self[first...last]
    }
}
