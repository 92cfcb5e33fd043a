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

    /// The offer to send for the request's `Accept`, nil when none is acceptable (406):
    /// HTTPServer's `AcceptNegotiation` (RFC 9110 §12.5.1) over the offers' `type/subtype`.
    /// No `Accept` field selects the first offer (any type is acceptable) and one common range is
    /// answered in place (``exactMatch(_:_:)``); everything else is parsed and weighed.
    public static func negotiate(_ request: HTTPRequest, offers: [MediaType]) -> MediaType? {
        switch request.headers.occurrence(of: "Accept", reading: { exactMatch($0, offers) }) {
        case .absent: return offers.first
        case .one(let exact?): return exact
        case .one(nil), .several: break
        }
        return AcceptNegotiation.preferred(
            acceptValues: request.headers.values("Accept"), offers: offers, mediaType: \.essence)
    }

    /// What the common one-range `Accept` values select, without parsing: `*/*` the first
    /// offer, an offer's exact `type/subtype` that offer (the answer the full negotiation
    /// gives for them); nil for anything else.
    private static func exactMatch(_ bytes: UnsafeBufferPointer<UInt8>, _ offers: [MediaType]) -> MediaType? {
        // On the bytes, lengths first: `String`'s `==` costs about a hundred instructions a
        // comparison.
        if bytes.count == 3, bytes[0] == UInt8(ascii: "*"), bytes[1] == UInt8(ascii: "/"), bytes[2] == UInt8(ascii: "*") {
            return offers.first
        }
        for offer in offers where offer.essence.utf8.count == bytes.count && has(bytes, offer.essence) { return offer }
        return nil
    }

    /// Whether `text`'s bytes are `bytes` (of the same length), compared from the end (offers
    /// share their `type/` prefix); false when `text` has no contiguous bytes.
    private static func has(_ bytes: UnsafeBufferPointer<UInt8>, _ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { other in
            var index = bytes.count
            while index > 0, bytes[index &- 1] == other[index &- 1] { index &-= 1 }
            return index == 0
        } ?? false
    }

    /// The input format for the request's `Content-Type` (letter case and parameters such as
    /// `charset` ignored); nil when absent or not JSON/YAML (415).
    public static func inputFormat(_ request: HTTPRequest) -> InputFormat? {
        request.headers["Content-Type"].flatMap(InputFormat.init(mediaType:))
    }
}
