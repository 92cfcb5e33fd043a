import XCTest

@testable import HTTPServer

final class PathParametersTests: XCTestCase {
    func testLooksUpByNameInRouteOrder() {
        var parameters = PathParameters()
        parameters.reset(names: ["ns", "name"])
        parameters.append("team")
        parameters.append("dev")
        XCTAssertEqual(parameters["ns"], "team")
        XCTAssertEqual(parameters["name"], "dev")
        XCTAssertNil(parameters["n"])
        XCTAssertEqual(parameters.count, 2)
        XCTAssertEqual(parameters.map(\.key), ["ns", "name"])
        XCTAssertEqual(parameters.map(\.value), ["team", "dev"])
    }

    func testEmptyAndLiteral() {
        let empty: PathParameters = [:]
        XCTAssertTrue(empty.isEmpty)
        XCTAssertNil(empty["id"])
        let literal: PathParameters = ["id": "7", "id2": "8"]
        XCTAssertEqual(literal["id"], "7")
        XCTAssertEqual(literal["id2"], "8")
    }

    /// Values past the inline ones go to the overflow list, in order.
    func testMoreParametersThanStoredInline() {
        let names = (0..<6).map { "p\($0)" }
        var parameters: PathParameters = ["old": "value"]
        parameters.reset(names: names)
        XCTAssertNil(parameters["old"], "a reset drops the earlier names and values")
        for index in 0..<6 { parameters.append("v\(index)") }
        XCTAssertGreaterThan(names.count, PathParameters.inlineCount)
        for index in 0..<6 { XCTAssertEqual(parameters["p\(index)"], "v\(index)") }
        XCTAssertEqual(parameters.map(\.value), (0..<6).map { "v\($0)" })
        let literal: PathParameters = ["a": "1", "b": "2", "c": "3", "d": "4", "a": "5"]
        XCTAssertEqual(literal["d"], "4")
        XCTAssertEqual(literal["a"], "1", "a repeated name: the first one counts")
        XCTAssertEqual(literal.count, 5)

        var router = Router()
        router.add(.get, "/{a}/{b}/{c}/{d}/{e}") { _, context in
            .response(.text(.ok, context.parameters.map { "\($0.key)=\($0.value)" }.joined(separator: " ")))
        }
        guard case .response(let response) = router.handle(HTTPRequest(method: .get, target: "/1/2/3/4%2F5/6"), context: RequestContext())
        else { return XCTFail("answered inline") }
        XCTAssertEqual(String(decoding: response.body, as: UTF8.self), "a=1 b=2 c=3 d=4/5 e=6")
    }

    func testTheRouterFillsTheParametersOfTheMatchedPattern() {
        var router = Router()
        router.add(.get, "/a/{x}/b/{y}") { _, context in
            .response(.text(.ok, "\(context.parameters["x"] ?? "-") \(context.parameters["y"] ?? "-")"))
        }
        guard case .response(let response) = router.handle(HTTPRequest(method: .get, target: "/a/1%202/b/3"), context: RequestContext())
        else { return XCTFail("answered inline") }
        XCTAssertEqual(String(decoding: response.body, as: UTF8.self), "1 2 3")
    }
}
