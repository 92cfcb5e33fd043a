import Glibc
import Synchronization
import SystemSupport
import XCTest

final class DetachedThreadTests: XCTestCase {
    /// The thread runs the body once, under its name (truncated to the 15 bytes Linux keeps).
    func testRunsTheBodyOnANamedThread() throws {
        let seen = Mutex<[String]>([])
        let done = Atomic<Int>(0)
        for stackBytes in [nil, 1 << 20] as [Int?] {
            let status = DetachedThread.spawn(name: "a-very-long-thread-name", stackBytes: stackBytes) {
                seen.withLock { $0.append(Self.currentThreadName()) }
                done.add(1, ordering: .releasing)
            }
            XCTAssertEqual(status, 0)
        }
        while done.load(ordering: .acquiring) < 2 { sched_yield() }
        XCTAssertEqual(seen.withLock { $0 }, ["a-very-long-thr", "a-very-long-thr"])
    }

    /// The calling thread's name, as Linux reports it.
    private static func currentThreadName() -> String {
        guard let file = fopen("/proc/thread-self/comm", "r") else { return "?" }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 64)
        guard fgets(&line, Int32(line.count), file) != nil else { return "?" }
        let bytes = line.prefix { $0 != 0 && $0 != 0x0A }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
