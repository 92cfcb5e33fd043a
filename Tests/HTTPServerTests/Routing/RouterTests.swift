import XCTest

@testable import HTTPServer

extension HandlerResult {
    /// The eventual response (runs deferred work).
    func response() async -> HTTPResponse {
        switch self {
        case .response(let response): return response
        case .deferred(let work): return await work()
        }
    }
}

/// A handler answering with the route, parameters and query items it saw.
private func echo(_ label: String) -> HTTPHandler {
    { request, context in
        let parameters = context.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let query = context.queryItems.map { "\($0.name)=\($0.value)" }
        let text = "\(label) \(request.method) route=\(context.route ?? "-") params=\(parameters) query=\(query)"
        return .response(HTTPResponse(status: .ok, body: Array(text.utf8)))
    }
}

private func request(_ method: HTTPMethod, _ target: String) -> HTTPRequest {
    HTTPRequest(method: method, target: target, headers: ["Host": "h"])
}

private extension HTTPResponse {
    var text: String { String(decoding: body, as: UTF8.self) }
}

final class RouterTests: XCTestCase {
    private func makeRouter() -> Router {
        var router = Router()
        router.add(.get, "/", echo("root"))
        router.add(.get, "/v1/namespaces/{ns}/lokistacks/{name}", echo("stack"))
        router.add(.put, "/v1/namespaces/{ns}/lokistacks/{name}", echo("put-stack"))
        router.add(.delete, "/v1/namespaces/{ns}/lokistacks/{name}", echo("delete-stack"))
        router.add(.get, "/v1/namespaces/{namespace}/lokistacks", echo("list"))
        router.add(.get, "/v1/lokistacks", echo("all"))
        router.add(.get, "/a/static", echo("static"))
        router.add(.get, "/a/{p}", echo("param"))
        router.add(.get, "/b/x/c", echo("b-static"))
        router.add(.get, "/b/{y}/d", echo("b-param"))
        router.add(.post, "/c/{x}", echo("c-post"))
        router.add(.get, "/c/fixed", echo("c-fixed"))
        router.add(.head, "/h", echo("explicit-head"))
        router.add(.get, "/h", echo("h-get"))
        return router
    }

    func testResolution() async {
        let router = makeRouter()
        let table: [(HTTPMethod, String, String)] = [
            (.get, "/", "root GET route=/ params=[] query=[]"),
            (.get, "/v1/namespaces/ns1/lokistacks/s1",
             "stack GET route=/v1/namespaces/{ns}/lokistacks/{name} params=[\"name=s1\", \"ns=ns1\"] query=[]"),
            (.put, "/v1/namespaces/ns1/lokistacks/s1",
             "put-stack PUT route=/v1/namespaces/{ns}/lokistacks/{name} params=[\"name=s1\", \"ns=ns1\"] query=[]"),
            (.get, "/v1/namespaces/ns1/lokistacks",
             "list GET route=/v1/namespaces/{namespace}/lokistacks params=[\"namespace=ns1\"] query=[]"),
            (.get, "/v1/lokistacks?limit=5&cursor=a%2Bb", "all GET route=/v1/lokistacks params=[] query=[\"limit=5\", \"cursor=a+b\"]"),
            // Static before parameter at the same position.
            (.get, "/a/static", "static GET route=/a/static params=[] query=[]"),
            (.get, "/a/other", "param GET route=/a/{p} params=[\"p=other\"] query=[]"),
            // Backtracking out of a static branch that dead-ends.
            (.get, "/b/x/d", "b-param GET route=/b/{y}/d params=[\"y=x\"] query=[]"),
            (.get, "/b/x/c", "b-static GET route=/b/x/c params=[] query=[]"),
            // A static node without the method gives way to a parameter node with it.
            (.post, "/c/fixed", "c-post POST route=/c/{x} params=[\"x=fixed\"] query=[]"),
            // HEAD falls back to GET; an explicit HEAD handler wins.
            (.head, "/v1/lokistacks", "all HEAD route=/v1/lokistacks params=[] query=[]"),
            (.head, "/h", "explicit-head HEAD route=/h params=[] query=[]"),
        ]
        for (method, target, expected) in table {
            let response = await router.handle(request(method, target), context: RequestContext()).response()
            XCTAssertEqual(response.status, .ok, "\(method) \(target)")
            XCTAssertEqual(response.text, expected, "\(method) \(target)")
        }
    }

    func testNotFound() async {
        let router = makeRouter()
        for target in ["/nope", "/v1/lokistacks/", "/v1//lokistacks", "/a/static/", "/a//", "/a/", "//", "/v1/namespaces//lokistacks"] {
            let response = await router.handle(request(.get, target), context: RequestContext()).response()
            XCTAssertEqual(response.status, .notFound, target)
        }
        let star = await router.handle(request(.options, "*"), context: RequestContext()).response()
        XCTAssertEqual(star.status, .notFound)
    }

    func testNotFoundHook() async {
        var router = makeRouter()
        router.notFound = { request, context in
            .response(HTTPResponse(status: .notFound, body: Array("custom \(request.path) \(context.route ?? "nil")".utf8)))
        }
        let response = await router.handle(request(.get, "/missing"), context: RequestContext()).response()
        XCTAssertEqual(response.text, "custom /missing nil")
    }

    func testMethodNotAllowedListsSortedMethodsWithHead() async {
        let router = makeRouter()
        let response = await router.handle(request(.post, "/v1/namespaces/a/lokistacks/b"), context: RequestContext()).response()
        XCTAssertEqual(response.status, .methodNotAllowed)
        XCTAssertEqual(response.headers["Allow"], "DELETE, GET, HEAD, PUT")
        let postOnly = await router.handle(request(.get, "/c/zzz"), context: RequestContext()).response()
        XCTAssertEqual(postOnly.headers["Allow"], "POST", "no HEAD without GET")
    }

    func testMethodNotAllowedHookGetsMethodsAndRoute() async {
        var router = makeRouter()
        router.methodNotAllowed = { _, context, allowed in
            .response(HTTPResponse(status: .methodNotAllowed, headers: ["Allow": allowed.map(\.rawValue).joined(separator: ",")],
                                   body: Array((context.route ?? "nil").utf8)))
        }
        let response = await router.handle(request(.patch, "/v1/lokistacks"), context: RequestContext()).response()
        XCTAssertEqual(response.headers["Allow"], "GET,HEAD")
        XCTAssertEqual(response.text, "/v1/lokistacks")
    }

    func testPercentDecodingOfParameters() async {
        let router = makeRouter()
        let decoded = await router.handle(request(.get, "/a/x%2Fy%20z+%C3%A9"), context: RequestContext()).response()
        XCTAssertEqual(decoded.text, "param GET route=/a/{p} params=[\"p=x/y z+é\"] query=[]", "'+' stays '+' in a path")
        for bad in ["/a/%zz", "/a/%4", "/a/x%", "/a/%00", "/a/%FF", "/a/%C3"] {
            let response = await router.handle(request(.get, bad), context: RequestContext()).response()
            XCTAssertEqual(response.status, .badRequest, bad)
        }
    }

    /// Raw bytes that are not plain ASCII take the full decoding: a NUL is refused, UTF-8 is
    /// kept, bytes that are not UTF-8 are refused (not repaired), in a path segment and in a query.
    func testRawBytesOutsidePlainASCII() {
        func decode(_ bytes: [UInt8], plusAsSpace: Bool) -> Result<String, PercentDecoding.Failure> {
            bytes.withUnsafeBufferPointer { PercentDecoding.decode($0, plusAsSpace: plusAsSpace) }
        }
        for plusAsSpace in [false, true] {
            XCTAssertEqual(decode(Array("a\u{0}b".utf8), plusAsSpace: plusAsSpace), .failure(.init(reason: "NUL in percent-encoded text")))
            XCTAssertEqual(decode(Array("é+x".utf8), plusAsSpace: plusAsSpace), .success(plusAsSpace ? "é x" : "é+x"))
            XCTAssertEqual(decode([0x61, 0xFF], plusAsSpace: plusAsSpace), .failure(.init(reason: "percent-encoded text is not UTF-8")))
            XCTAssertEqual(decode(Array("plain-ascii_1.2~".utf8), plusAsSpace: plusAsSpace), .success("plain-ascii_1.2~"))
        }
    }

    func testQueryParsing() async {
        let router = makeRouter()
        let response = await router.handle(request(.get, "/v1/lokistacks?a=1&b=x+y&c&&d=%41&e=f=g&=h&i="), context: RequestContext()).response()
        XCTAssertEqual(response.text,
                       "all GET route=/v1/lokistacks params=[] query=[\"a=1\", \"b=x y\", \"c=\", \"d=A\", \"e=f=g\", \"=h\", \"i=\"]")
        for bad in ["/v1/lokistacks?a=%G1", "/v1/lokistacks?%=1", "/v1/lokistacks?a=%00"] {
            let result = await router.handle(request(.get, bad), context: RequestContext()).response()
            XCTAssertEqual(result.status, .badRequest, bad)
        }
    }

    func testBadRequestHook() async {
        var router = makeRouter()
        router.badRequest = { _, context, reason in
            .response(HTTPResponse(status: .badRequest, body: Array("\(context.route ?? "nil"): \(reason)".utf8)))
        }
        let response = await router.handle(request(.get, "/a/%zz"), context: RequestContext()).response()
        XCTAssertEqual(response.text, "/a/{p}: invalid percent-encoding")
    }

    /// A parameter that cannot be decoded leaves the context without parameters, even when the
    /// ones before it decoded (the 400's middleware sees no half-filled set).
    func testBadRequestHookGetsNoParameters() async {
        var router = Router()
        router.add(.get, "/t/{a}/{b}", echo("two"))
        router.badRequest = { _, context, _ in
            .response(HTTPResponse(status: .badRequest, body: Array("count=\(context.parameters.count) a=\(context.parameters["a"] ?? "nil")".utf8)))
        }
        let response = await router.handle(request(.get, "/t/ok/%zz"), context: RequestContext()).response()
        XCTAssertEqual(response.text, "count=0 a=nil")
    }

    func testTrailingSlashIsAnotherPath() async {
        var router = Router()
        router.add(.get, "/x/", echo("slash"))
        router.add(.get, "/x", echo("plain"))
        let slash = await router.handle(request(.get, "/x/"), context: RequestContext()).response()
        let plain = await router.handle(request(.get, "/x"), context: RequestContext()).response()
        XCTAssertEqual(slash.text, "slash GET route=/x/ params=[] query=[]")
        XCTAssertEqual(plain.text, "plain GET route=/x params=[] query=[]")
    }

    func testReRegistrationReplaces() async {
        var router = Router()
        router.add(.get, "/r/{a}", echo("first"))
        router.add(.get, "/r/{b}", echo("second"))
        let response = await router.handle(request(.get, "/r/1"), context: RequestContext()).response()
        XCTAssertEqual(response.text, "second GET route=/r/{b} params=[\"b=1\"] query=[]")
    }

    func testMiddlewareOrderOutermostFirst() async {
        var router = makeRouter()
        for name in ["outer", "inner"] {
            router.use { request, context, next in
                var context = context
                context.identity = (context.identity ?? "") + "\(name)>"
                return next(request, context).map { response in
                    var response = response
                    response.headers.add("X-Trace", name)
                    return response
                }
            }
        }
        router.add(.get, "/who", { _, context in .response(HTTPResponse(status: .ok, body: Array((context.identity ?? "").utf8))) })
        let response = await router.handle(request(.get, "/who"), context: RequestContext()).response()
        XCTAssertEqual(response.text, "outer>inner>", "requests pass outer first")
        XCTAssertEqual(response.headers.values("X-Trace"), ["inner", "outer"], "responses pass inner first")
        // Middleware also wraps 404, 405 and 400 answers, with the route known for 405.
        for (method, target, status) in [(HTTPMethod.get, "/none", HTTPStatus.notFound),
                                         (.post, "/who", .methodNotAllowed), (.get, "/a/%zz", .badRequest)] {
            let answer = await router.handle(request(method, target), context: RequestContext()).response()
            XCTAssertEqual(answer.status, status, target)
            XCTAssertEqual(answer.headers.values("X-Trace"), ["inner", "outer"], target)
        }
    }

    func testANotFoundHookSetAfterTheMiddlewareIsWrappedToo() async {
        var router = Router()
        router.use { request, context, next in
            next(request, context).map { response in
                var response = response
                response.headers.add("X-Trace", "m")
                return response
            }
        }
        router.notFound = { _, _ in .response(.text(.notFound, "custom\n")) }
        let answer = await router.handle(request(.get, "/none"), context: RequestContext()).response()
        XCTAssertEqual(answer.text, "custom\n")
        XCTAssertEqual(answer.headers.values("X-Trace"), ["m"])
    }

    func testMiddlewareSeesTheMatchedRoute() async {
        var router = makeRouter()
        router.use { request, context, next in
            next(request, context).map { response in
                var response = response
                response.headers.set("X-Route", context.route ?? "none")
                return response
            }
        }
        let found = await router.handle(request(.get, "/a/zz"), context: RequestContext()).response()
        XCTAssertEqual(found.headers["X-Route"], "/a/{p}")
        let missing = await router.handle(request(.get, "/zz"), context: RequestContext()).response()
        XCTAssertEqual(missing.headers["X-Route"], "none")
    }

    func testDeferredResultsAreMappedAfterTheirWork() async {
        var router = Router()
        router.add(.get, "/slow", { _, _ in
            .deferred {
                await Task.yield()
                return HTTPResponse(status: .ok, body: Array("work".utf8))
            }
        })
        router.use { request, context, next in
            next(request, context).map { response in
                var response = response
                response.body += Array("+mapped".utf8)
                return response
            }
        }
        let result = router.handle(request(.get, "/slow"), context: RequestContext())
        guard case .deferred = result else { return XCTFail("a deferred result stays deferred through middleware") }
        let response = await result.response()
        XCTAssertEqual(response.text, "work+mapped")
    }

    func testMapOnImmediateResult() async {
        let result = HandlerResult.response(HTTPResponse(status: .ok)).map { _ in HTTPResponse(status: .created) }
        guard case .response(let response) = result else { return XCTFail("stays immediate") }
        XCTAssertEqual(response.status, .created)
    }
}
