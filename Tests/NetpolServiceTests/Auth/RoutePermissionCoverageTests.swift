import HTTPServer
import XCTest

@testable import NetpolService

/// Every operation the OpenAPI document declares has an entry in the permission table: a route
/// added without one fails closed (403 for every token), which is safe but breaks the route.
final class RoutePermissionCoverageTests: XCTestCase {
    func testEveryDocumentedOperationHasAPermission() throws {
        let document = String(decoding: NetpolService.openAPIDocument, as: UTF8.self)
        var path: String?
        var operations: [(HTTPMethod, String)] = []
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if !line.hasPrefix(" "), !line.isEmpty {
                path = nil  // a top-level key after `paths:`
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                switch line.trimmingCharacters(in: .whitespaces).dropLast() {
                case "get": operations.append((.get, path))
                case "head": operations.append((.head, path))
                case "post": operations.append((.post, path))
                case "put": operations.append((.put, path))
                case "delete": operations.append((.delete, path))
                default: break
                }
            }
        }
        XCTAssertGreaterThanOrEqual(operations.count, 30, "the OpenAPI paths were not read")
        for (method, path) in operations {
            let permission = RoutePermission.of(method, route: path)
            XCTAssertNotNil(permission, "\(method) \(path): no permission for a documented method")
            XCTAssertNotEqual(permission, .unlisted, "\(method) \(path) is missing from RoutePermission's table")
        }
    }
}
