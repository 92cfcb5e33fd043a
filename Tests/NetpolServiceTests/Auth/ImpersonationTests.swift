import HTTPServer
import XCTest

@testable import NetpolService

/// `Impersonate-*` headers are recognised whatever their letter case.
final class ImpersonationTests: XCTestCase {
    func testHeaderNamesAreCaseInsensitive() {
        XCTAssertEqual(Impersonation.read(HTTPHeaders([("Authorization", "Bearer x")])), .none)
        XCTAssertEqual(Impersonation.read(HTTPHeaders([("IMPERSONATE-USER", "alice")])), .user("alice"))
        XCTAssertEqual(Impersonation.read(HTTPHeaders([("impersonate-user", "alice")])), .user("alice"))
        guard case .malformed = Impersonation.read(HTTPHeaders([("Impersonate-Group", "admins")])) else {
            return XCTFail("another Impersonate-* header is refused")
        }
        guard case .malformed = Impersonation.read(HTTPHeaders([("impersonate-userx", "alice")])) else {
            return XCTFail("only Impersonate-User itself names a user")
        }
        XCTAssertEqual(Impersonation.read(HTTPHeaders([("Impersonate", "alice")])), .none)
    }
}
