/// Proactive negotiation on `Accept` (RFC 9110 §12.5.1): which of the representations a
/// resource offers to send.
///
/// No `Accept` (or one with no well-formed media range) accepts anything, so the first offer
/// wins. Otherwise each offer gets the quality of the most specific range that matches it
/// (`type/subtype` over `type/*` over `*/*`); the highest non-zero quality wins, ties go to
/// the earlier offer. Media-range parameters other than `q` are ignored; a malformed element
/// is skipped.
public enum AcceptNegotiation {
    /// The offer to send for `request`'s `Accept`, nil when none is acceptable (406).
    /// `mediaType` gives an offer's `type/subtype` in lowercase, without parameters.
    ///
    /// ```swift
    /// AcceptNegotiation.preferred(request, offers: [MyType.json, .yaml], mediaType: \.essence)
    /// ```
    public static func preferred<Offer>(
        _ request: HTTPRequest, offers: [Offer], mediaType: (Offer) -> String
    ) -> Offer? {
        preferred(acceptValues: request.headers.values("Accept"), offers: offers, mediaType: mediaType)
    }

    /// The offer to send for the `Accept` field lines `acceptValues`, nil when none is
    /// acceptable.
    public static func preferred<Offer>(
        acceptValues: [String], offers: [Offer], mediaType: (Offer) -> String
    ) -> Offer? {
        if acceptValues.isEmpty { return offers.first }
        var ranges: [MediaRange] = []
        for value in acceptValues {
            for element in value.utf8.split(separator: ASCII.comma) {
                if let range = MediaRange(Substring(element)) { ranges.append(range) }
            }
        }
        if ranges.isEmpty { return offers.first }
        var best: Offer?
        var bestQuality = 0
        for offer in offers {
            let quality = quality(of: mediaType(offer), in: ranges)
            if quality > bestQuality {
                best = offer
                bestQuality = quality
            }
        }
        return best
    }

    /// The quality (in thousandths) of the most specific range matching `mediaType`; 0 when
    /// none matches.
    private static func quality(of mediaType: String, in ranges: [MediaRange]) -> Int {
        let slash = mediaType.utf8.firstIndex(of: ASCII.slash) ?? mediaType.utf8.endIndex
        let type = Substring(mediaType[..<slash])
        let subtype = slash == mediaType.utf8.endIndex ? "" : Substring(mediaType[mediaType.utf8.index(after: slash)...])
        var specificity = -1
        var quality = 0
        for range in ranges {
            if let match = range.specificity(type: type, subtype: subtype), match > specificity {
                specificity = match
                quality = range.quality
            }
        }
        return quality
    }
}
