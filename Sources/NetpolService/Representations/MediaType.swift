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
