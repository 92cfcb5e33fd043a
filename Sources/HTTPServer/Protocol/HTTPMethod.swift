/// An HTTP request method (RFC 9110 §9): any token, compared case-sensitively.
public struct HTTPMethod: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
    /// The method token exactly as sent, e.g. `GET`.
    public var rawValue: String

    /// Wraps a method token. No validation: the parser only produces valid tokens.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Same as `init(rawValue:)`.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static let get = HTTPMethod("GET")
    public static let head = HTTPMethod("HEAD")
    public static let post = HTTPMethod("POST")
    public static let put = HTTPMethod("PUT")
    public static let delete = HTTPMethod("DELETE")
    public static let options = HTTPMethod("OPTIONS")
    public static let patch = HTTPMethod("PATCH")
    public static let connect = HTTPMethod("CONNECT")
    public static let trace = HTTPMethod("TRACE")
}
