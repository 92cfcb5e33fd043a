import HTTPServer
import SystemSupport

/// What every request passes through, composed once when the router is made (not per
/// request): the request id, authentication, then — around the answer — metrics and the
/// access log, then authorization, and inside them the route's ``RouteHandler``. An answer
/// made on the event loop is recorded (metrics, access log) after its response is written.
///
/// Order (api.md): authentication decides who the caller is before the access log sees the
/// request (refused requests are logged with their identity too); a refusal (401, 429, 421,
/// 400, 403) is answered instead of the handler; the response gets `X-Request-Id`.
struct RequestPipeline: Sendable {
    let service: NetpolService
    let authenticator: Authenticator
    let recorder: RequestRecorder

    /// The HTTPServer handler of `method` on `pattern`: the pipeline around `inline` (when
    /// given) and `handler`, with the route's permission and observation looked up once, here.
    func endpoint(
        _ method: HTTPMethod, _ pattern: String, inline: InlineAnswer?, _ handler: @escaping RouteHandler
    ) -> HTTPHandler {
        let permission = RoutePermission.of(method, route: pattern)
        // The router gives this handler's requests `pattern` as their route.
        let observation = RouteObservation(route: pattern, metrics: recorder.metrics, accessLog: recorder.accessLog)
        return { [self] request, context in
            run(request, consume context, permission: permission, observation: observation) { request, context in
                service.dispatch(handler, inline: inline, request, context)
            }
        }
    }

    /// The HTTPServer handler of requests no route takes (404, 405, undecodable parameters):
    /// the pipeline around `handler`, the permission looked up per request.
    func fallback(_ handler: @escaping RouteHandler) -> HTTPHandler {
        { [self] request, context in
            let permission = RoutePermission.of(request.method, route: context.route)
            return run(request, consume context, permission: permission, observation: nil) {
                request, context in service.dispatch(handler, request, context)
            }
        }
    }

    /// Runs the pipeline around `answer`; `observation`: that of the context's route, if resolved.
    func run(
        _ request: HTTPRequest, _ context: consuming RequestContext, permission: RoutePermission?,
        observation: RouteObservation?, answer: (HTTPRequest, RequestContext) -> HandlerResult
    ) -> HandlerResult {
        StandardMiddleware.adoptRequestID(request, &context)
        let outcome = authenticator.authenticate(request, &context)
        let result: HandlerResult
        if let problem = authenticator.refusal(outcome, context, permission) {
            result = .response(problem.response(instance: request.target, requestID: context.requestID))
        } else {
            result = answer(request, context)
        }
        // Consumed: the response's headers stay uniquely referenced, so echoing the id below
        // appends to them instead of copying them.
        switch consume result {
        case .response(let response):
            return .response(finish(response, request, consume context, observation, recordAfterWrite: true))
        case .deferred(let work):
            let answered = context
            return .deferred { [self] in
                finish(await work(), request, answered, observation, recordAfterWrite: false)
            }
        }
    }

    /// Echoes the request id and records the answered request (metrics, access log): at once,
    /// or as the response's epilogue when `recordAfterWrite`.
    private func finish(
        _ response: consuming HTTPResponse, _ request: HTTPRequest, _ context: consuming RequestContext,
        _ observation: RouteObservation?, recordAfterWrite: Bool
    ) -> HTTPResponse {
        response.headers.set("X-Request-Id", context.requestID)
        let answered = AnsweredRequest(
            method: request.method, path: request.path, context: context, status: response.status.code,
            bytes: response.body.count, answeredNanoseconds: MonotonicClock.now(), observation: observation)
        if recordAfterWrite {
            response.epilogue = recorder.epilogue(answered)
        } else {
            recorder.record(answered)
        }
        return response
    }
}
