import HTTPServer
import PolicyCore

/// An RFC 9457 problem (`application/problem+json`): every error the service answers.
///
/// `type` is `urn:lokinetpol:problem:<slug>`; input errors carry `errors` (every offending
/// field by JSON Pointer into the envelope form). Problems never contain a stack trace, input
/// bodies or credentials.
public struct ProblemDetails: Error, Sendable {
    /// The HTTP status.
    public var status: HTTPStatus
    /// The `type` slug (`invalid-input`, `not-found`, …).
    public var slug: String
    /// A short, human-readable summary of the problem type.
    public var title: String
    /// What went wrong with this request.
    public var detail: String
    /// For input errors: every offending field, in input document order.
    public var errors: [FieldIssue]
    /// Extra response headers (e.g. `Allow` on a 405).
    public var headers: HTTPHeaders

    public init(
        status: HTTPStatus, slug: String, title: String, detail: String, errors: [FieldIssue] = [],
        headers: HTTPHeaders = [:]
    ) {
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    /// The `type` URI.
    public var type: String { "urn:lokinetpol:problem:" + slug }

    /// The problem as a response (`instance` = the request target, `requestId` = the
    /// request's id; each left out when unknown).
    public func response(instance: String?, requestID: String?) -> HTTPResponse {
        var body = JSONWriter(reservingCapacity: 256 + detail.utf8.count + errors.count * 96)
        body.raw("{\"detail\":")
        body.string(detail)
        if !errors.isEmpty {
            body.raw(",\"errors\":")
            PolicyEncoding.writeIssues(errors, to: &body)
        }
        if let instance {
            body.raw(",\"instance\":")
            body.string(instance)
        }
        if let requestID, !requestID.isEmpty {
            body.raw(",\"requestId\":")
            body.string(requestID)
        }
        body.raw(",\"status\":")
        body.int(status.code)
        body.raw(",\"title\":")
        body.string(title)
        body.raw(",\"type\":")
        body.string(type)
        body.raw("}")
        var headers = HTTPHeaders([("Content-Type", MediaType.problemJSON.contentType)])
        for (name, value) in self.headers { headers.add(name, value) }
        return HTTPResponse(status: status, headers: headers, body: body.finish())
    }

    // MARK: - The problems the service answers

    /// 400: an unparseable body, query parameter, cursor or path parameter.
    public static func badRequest(_ detail: String) -> ProblemDetails {
        ProblemDetails(status: .badRequest, slug: "bad-request", title: "Bad Request", detail: detail)
    }

    /// 404: no such route, stack or revision.
    public static func notFound(_ detail: String) -> ProblemDetails {
        ProblemDetails(status: .notFound, slug: "not-found", title: "Not Found", detail: detail)
    }

    /// 405 with `Allow`.
    public static func methodNotAllowed(_ method: HTTPMethod, allowed: [HTTPMethod]) -> ProblemDetails {
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        return ProblemDetails(
            status: .methodNotAllowed, slug: "method-not-allowed", title: "Method Not Allowed",
            detail: "\(method.rawValue) is not allowed here; allowed: \(allow)", headers: HTTPHeaders([("Allow", allow)]))
    }

    /// 406: none of `offers` is acceptable.
    public static func notAcceptable(offers: [MediaType]) -> ProblemDetails {
        ProblemDetails(
            status: .notAcceptable, slug: "not-acceptable", title: "Not Acceptable",
            detail: "this resource is available as " + offers.map(\.essence).joined(separator: ", "))
    }

    /// 412: `If-Match` / `If-None-Match` did not hold.
    public static func preconditionFailed(_ detail: String) -> ProblemDetails {
        ProblemDetails(
            status: .preconditionFailed, slug: "precondition-failed", title: "Precondition Failed", detail: detail)
    }

    /// 415: a body without `Content-Type` or with a type that is not JSON or YAML.
    public static func unsupportedMediaType(_ contentType: String?) -> ProblemDetails {
        let detail =
            if let contentType {
                "Content-Type \(contentType) is not supported; use application/json, application/yaml, application/x-yaml or text/yaml"
            } else {
                "a request body needs a Content-Type: application/json, application/yaml, application/x-yaml or text/yaml"
            }
        return ProblemDetails(
            status: .unsupportedMediaType, slug: "unsupported-media-type", title: "Unsupported Media Type",
            detail: detail)
    }

    /// 422: the input parsed but is invalid (or an unknown/unusable value in a cluster parameter).
    public static func invalidInput(_ error: InputError) -> ProblemDetails {
        let count = error.problemCount
        return ProblemDetails(
            status: .unprocessableContent, slug: "invalid-input", title: "Invalid input",
            detail: count == 1 ? "The input has 1 error." : "The input has \(count) errors.", errors: error.issues)
    }

    /// 413: the decoded input is past `InputLimits.maxDecodedBytes`; `errors` names the place.
    public static func inputTooLarge(_ error: InputError) -> ProblemDetails {
        ProblemDetails(
            status: .contentTooLarge, slug: "content-too-large", title: "Content Too Large",
            detail: error.issues.first?.message ?? "the decoded input is too large", errors: error.issues)
    }

    /// 500: a server fault; the request id is in the log line that describes it.
    public static func internalError(requestID: String) -> ProblemDetails {
        ProblemDetails(
            status: .internalServerError, slug: "internal-error", title: "Internal Server Error",
            detail: "the server failed to answer; the request id \(requestID) is logged with the cause")
    }

    /// 503: the database cannot serve right now.
    public static func unavailable(_ detail: String) -> ProblemDetails {
        ProblemDetails(
            status: .serviceUnavailable, slug: "unavailable", title: "Service Unavailable", detail: detail)
    }

    /// The problem for an HTTP-level status the server answers on its own (parse errors, limits).
    public static func httpError(_ status: HTTPStatus, detail: String) -> ProblemDetails {
        let slug: String
        switch status.code {
        case 400: slug = "bad-request"
        case 408: slug = "request-timeout"
        case 413: slug = "content-too-large"
        case 414: slug = "uri-too-long"
        case 417: slug = "expectation-failed"
        case 431: slug = "request-header-fields-too-large"
        case 501: slug = "not-implemented"
        case 503: slug = "unavailable"
        case 505: slug = "http-version-not-supported"
        default: slug = "http-\(status.code)"
        }
        let title = status.reasonPhrase.isEmpty ? "HTTP \(status.code)" : status.reasonPhrase
        return ProblemDetails(status: status, slug: slug, title: title, detail: detail)
    }
}
