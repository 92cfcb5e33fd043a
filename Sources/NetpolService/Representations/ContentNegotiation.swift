import HTTPServer
import PolicyCore

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
        if values.count == 1, let exact = exactMatch(values[0], offers) { return exact }
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

    /// What the common one-range `Accept` values select, without parsing: `*/*` the first
    /// offer, an offer's exact `type/subtype` that offer (the answer the full negotiation
    /// gives for them); nil for anything else.
    private static func exactMatch(_ value: String, _ offers: [MediaType]) -> MediaType? {
        if value == "*/*" { return offers.first }
        for offer in offers where offer.essence == value { return offer }
        return nil
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
