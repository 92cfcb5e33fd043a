import XCTest

@testable import HTTPServer

final class PathParametersTests: XCTestCase {
    func testLooksUpByNameInRouteOrder() {
        let parameters = PathParameters(names: ["ns", "name"], values: ["team", "dev"])
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
