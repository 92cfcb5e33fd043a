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
    public static func negotiate(_ request: HTTPRequest, offers: [MediaType]) -> MediaType? {
        if case .one(let value) = request.headers.occurrence(of: "Accept"), let exact = exactMatch(value, offers) {
            return exact
        }
        return AcceptNegotiation.preferred(
            acceptValues: request.headers.values("Accept"), offers: offers, mediaType: \.essence)
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
}
