import XCTest
@testable import PolicyCore
final class PolicyCoreSmokeTests: XCTestCase { func testModuleLoads() { XCTAssertTrue(true) } }
