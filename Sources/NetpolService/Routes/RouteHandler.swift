import HTTPServer
import Synchronization

/// The one shape of every route: the request (its context holds the route's path parameters,
/// query and caller) in, the response out; failures are thrown as ``ServiceError`` and become
/// problem+json in one place (``ServiceError/problem(requestID:logger:metrics:)``).
///
/// A handler starts on the event loop and stays there until it first suspends: answering from
/// memory (cached policies, health, a small render) costs no hop. Its first store call takes it
/// off the loop; a handler with heavy work before any store call (decoding and rendering a
/// large body) leaves the loop first with ``NetpolService/leaveEventLoop()``.
typealias RouteHandler = @Sendable (HTTPRequest, RequestContext) async throws(ServiceError) -> HTTPResponse

extension NetpolService {
    /// Runs `handler` at once on the calling thread (the event loop) until it first suspends:
    /// a handler that never suspends is answered inline; one that does continues off the loop
    /// and is answered when it finishes. A thrown ``ServiceError`` becomes its problem+json.
    func dispatch(_ handler: @escaping RouteHandler, _ request: HTTPRequest, _ context: RequestContext) -> HandlerResult {
        let slot = ResponseSlot()
        let task = Task.immediate { [self] () -> HTTPResponse in
            let response: HTTPResponse
            do throws(ServiceError) {
                response = try await handler(request, context)
            } catch {
                response = error.problem(requestID: context.requestID, logger: logger, metrics: metrics)
                    .response(instance: request.target, requestID: context.requestID)
            }
            slot.fill(response)
            return response
        }
        if let response = slot.take() { return .response(response) }
        return .deferred { await task.value }
    }
}

/// Where a handler run by ``NetpolService/dispatch(_:_:_:)`` leaves its response when it
/// finished without suspending.
private final class ResponseSlot: Sendable {
    private let response = Mutex<HTTPResponse?>(nil)

    func fill(_ value: HTTPResponse) { response.withLock { $0 = value } }

    func take() -> HTTPResponse? { response.withLock { $0.take() } }
}
