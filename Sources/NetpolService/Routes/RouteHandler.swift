import HTTPServer
import Synchronization

/// The one shape of every route: the request (its context holds the route's path parameters,
/// query and caller) in, the response out; failures are thrown as ``ServiceError`` and become
/// problem+json in one place (``ServiceError/problem(requestID:logger:metrics:)``).
///
/// A handler starts on the event loop and stays there until it first suspends: answering from
/// memory (health, a small render) costs no hop. A store call that suspends takes it off the
/// loop (SQLite point reads — a stack, a revision — may run on the calling thread when a reader
/// connection is free, and then do not); a handler with heavy work before any store call
/// (decoding and rendering a large body) leaves the loop first with
/// ``NetpolService/leaveEventLoop()``.
typealias RouteHandler = @Sendable (HTTPRequest, RequestContext) async throws(ServiceError) -> HTTPResponse

/// A route's answer from memory, tried on the event loop before its ``RouteHandler`` (e.g. the
/// current policies from the policy cache): the response, or nil when answering needs the
/// handler (a cache miss, a store call). Synchronous, so a hit costs no task.
typealias InlineAnswer = @Sendable (HTTPRequest, RequestContext) throws(ServiceError) -> HTTPResponse?

extension NetpolService {
    /// Answers with `inline` when it has the answer, else runs `handler` at once on the calling
    /// thread (the event loop) until it first suspends: a handler that never suspends is
    /// answered inline; one that does continues off the loop and is answered when it finishes.
    /// A thrown ``ServiceError`` becomes its problem+json.
    func dispatch(
        _ handler: @escaping RouteHandler, inline: InlineAnswer? = nil, _ request: HTTPRequest,
        _ context: RequestContext
    ) -> HandlerResult {
        if let inline {
            do throws(ServiceError) {
                if let response = try inline(request, context) { return .response(response) }
            } catch {
                return .response(problemResponse(error, request, context))
            }
        }
        let slot = ResponseSlot()
        let task = Task.immediate { [self] () -> HTTPResponse in
            let response: HTTPResponse
            do throws(ServiceError) {
                response = try await handler(request, context)
            } catch {
                response = problemResponse(error, request, context)
            }
            slot.fill(response)
            return response
        }
        if let response = slot.take() { return .response(response) }
        return .deferred { await task.value }
    }

    /// The problem+json answer of a failed request.
    private func problemResponse(_ error: ServiceError, _ request: HTTPRequest, _ context: RequestContext) -> HTTPResponse {
        error.problem(requestID: context.requestID, logger: logger, metrics: metrics)
            .response(instance: request.target, requestID: context.requestID)
    }
}

/// Where a handler run by ``NetpolService/dispatch(_:inline:_:_:)`` leaves its response when it
/// finished without suspending.
private final class ResponseSlot: Sendable {
    private let response = Mutex<HTTPResponse?>(nil)

    func fill(_ value: HTTPResponse) { response.withLock { $0 = value } }

    func take() -> HTTPResponse? { response.withLock { $0.take() } }
}
