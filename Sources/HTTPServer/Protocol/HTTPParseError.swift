/// Why a request was rejected: the status to answer with and a short, client-safe reason.
/// After this error the connection must be closed once the response is written.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: HTTPStatus
    public var reason: String

    public init(status: HTTPStatus, reason: String) {
        self.status = status
        self.reason = reason
    }

    /// A 400 with `reason`.
    static func bad(_ reason: String) -> HTTPParseError {
        HTTPParseError(status: .badRequest, reason: reason)
    }

    public var description: String { "\(status.code) \(reason)" }
}
