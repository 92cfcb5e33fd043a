import XCTest
@testable import NetpolService
final class NetpolServiceSmokeTests: XCTestCase { func testModuleLoads() { XCTAssertTrue(true) } }
