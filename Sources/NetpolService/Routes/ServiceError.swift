import HTTPServer
import Logging
import PolicyCore
import PolicyStore

/// Why a route handler did not answer: every failure a handler throws. ``problem(requestID:logger:metrics:)``
/// turns each into its problem+json, in this one place.
enum ServiceError: Error {
    /// A problem decided where it arose (404, 406, a query parameter's 400, restore's 422, …).
    case problem(ProblemDetails)
    /// A store call failed: bad cursor → 400; unavailable → 503 with `Retry-After: 1`; corrupt
    /// data or a migration fault → 500 with the cause logged under the request id. Counted as
    /// a database error (not the bad cursor).
    case store(StoreError)
    /// A request body that does not parse (400), is past the decoded-size budget (413) or is
    /// invalid (422).
    case input(InputError)
    /// `If-Match` / `If-None-Match` did not hold (412).
    case preconditionFailed
    /// A server fault that is not the client's doing: the message is logged with the request
    /// id; the client gets a 500 naming the request id.
    case fault(String)

    /// The problem to answer, logging and counting what the operator must see.
    func problem(requestID: String, logger: Logger, metrics: ServiceMetrics) -> ProblemDetails {
        switch self {
        case .problem(let problem):
            return problem
        case .store(.badCursor):
            return .badRequest("cursor is not valid for this listing")
        case .store(.unavailable(let detail)):
            metrics.recordDatabaseError()
            logger.error("database unavailable", metadata: ["requestId": "\(requestID)", "error": "\(detail)"])
            var problem = ProblemDetails.unavailable("the database is unavailable; retry later")
            problem.headers.add("Retry-After", "1")
            return problem
        case .store(let error):
            metrics.recordDatabaseError()
            logger.error("database fault", metadata: ["requestId": "\(requestID)", "error": "\(error)"])
            return .internalError(requestID: requestID)
        case .input(let error):
            switch error.kind {
            case .unparseable: return .badRequest(InputReader.syntaxDetail(error))
            case .tooLarge: return .inputTooLarge(error)
            case .invalid: return .invalidInput(error)
            }
        case .preconditionFailed:
            return .preconditionFailed("the stack's current ETag does not satisfy If-Match / If-None-Match")
        case .fault(let message):
            logger.error("internal error", metadata: ["requestId": "\(requestID)", "error": "\(message)"])
            return .internalError(requestID: requestID)
        }
    }

    // The problems handlers throw by name (`throw .notFound(…)`).

    /// 400: an unparseable query or path parameter.
    static func badRequest(_ detail: String) -> ServiceError { .problem(.badRequest(detail)) }
    /// 404: no such stack or revision.
    static func notFound(_ detail: String) -> ServiceError { .problem(.notFound(detail)) }
    /// 422: invalid input (cluster parameters, a path segment that cannot name a stack).
    static func invalidInput(_ error: InputError) -> ServiceError { .problem(.invalidInput(error)) }
    /// 503: not ready.
    static func unavailable(_ detail: String) -> ServiceError { .problem(.unavailable(detail)) }
}
