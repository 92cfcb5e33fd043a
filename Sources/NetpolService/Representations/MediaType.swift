/// A media type the service produces, with the `Content-Type` it is sent with.
///
/// The values are the static ones below; each has its own ``Kind``, which equality and hashing
/// compare instead of the strings (negotiation compares media types on every request).
public struct MediaType: Sendable, Hashable {
    /// `type/subtype`, lowercase, no parameters.
    public let essence: String
    /// The full `Content-Type` header value (with `charset` for text types).
    public let contentType: String
    private let kind: Kind

    /// Which media type: one case per static value.
    private enum Kind: UInt8 {
        case json, yaml, xYAML, textYAML, xDiff, textPlain, markdown, problemJSON
    }

    private init(_ kind: Kind, essence: String, contentType: String) {
        self.kind = kind
        self.essence = essence
        self.contentType = contentType
    }

    public static let json = MediaType(.json, essence: "application/json", contentType: "application/json")
    public static let yaml = MediaType(.yaml, essence: "application/yaml", contentType: "application/yaml")
    public static let xYAML = MediaType(.xYAML, essence: "application/x-yaml", contentType: "application/x-yaml")
    public static let textYAML = MediaType(.textYAML, essence: "text/yaml", contentType: "text/yaml; charset=utf-8")
    public static let xDiff = MediaType(.xDiff, essence: "text/x-diff", contentType: "text/x-diff; charset=utf-8")
    public static let textPlain = MediaType(.textPlain, essence: "text/plain", contentType: "text/plain; charset=utf-8")
    public static let markdown = MediaType(
        .markdown, essence: "text/markdown", contentType: "text/markdown; charset=utf-8")
    public static let problemJSON = MediaType(
        .problemJSON, essence: "application/problem+json", contentType: "application/problem+json")

    /// True for the three YAML media types.
    public var isYAML: Bool { kind == .yaml || kind == .xYAML || kind == .textYAML }

    public static func == (lhs: MediaType, rhs: MediaType) -> Bool { lhs.kind == rhs.kind }

    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }
}
