import XCTest
@testable import PolicyStore
final class PolicyStoreSmokeTests: XCTestCase { func testModuleLoads() { XCTAssertTrue(true) } }
