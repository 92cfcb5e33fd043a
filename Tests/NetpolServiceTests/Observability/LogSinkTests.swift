import Foundation
import XCTest

@testable import NetpolService

/// The sink's bounded buffer: whole lines, in order; a line that does not fit is dropped and counted.
final class LogSinkTests: XCTestCase {
    private func line(_ index: Int, length: Int) -> [UInt8] {
        let number = Array(String(index).utf8)
        return number + [UInt8](repeating: UInt8(ascii: "."), count: length - number.count - 1) + [0x0A]
    }

    func testLinesPastTheCapacityAreDroppedWhole() throws {
        let pipe = Pipe()
        let sink = LogSink(descriptor: pipe.fileHandleForWriting.fileDescriptor, capacity: 4096)
        // 64 lines of 64 bytes fill the 4096 bytes exactly; the next ones are dropped.
        for index in 0..<70 {
            line(index, length: 64).withUnsafeBufferPointer { sink.write($0, flush: false) }
        }
        XCTAssertEqual(sink.droppedLines, 6)
        sink.flush()
        // Room again once written.
        line(70, length: 64).withUnsafeBufferPointer { sink.write($0, flush: false) }
        sink.shutdown()
        try pipe.fileHandleForWriting.close()
        let written = [UInt8](pipe.fileHandleForReading.readDataToEndOfFile())
        XCTAssertEqual(written, (Array(0..<64) + [70]).flatMap { line($0, length: 64) })
        XCTAssertEqual(sink.droppedLines, 6)
    }

    func testTheWriterThreadWritesEveryLineInOrder() throws {
        let pipe = Pipe()
        let sink = LogSink(descriptor: pipe.fileHandleForWriting.fileDescriptor)
        sink.startFlusher()
        // 48 KB: past the writer's wake-up threshold, within the pipe's buffer.
        for index in 0..<1000 {
            line(index, length: 48).withUnsafeBufferPointer { sink.write($0, flush: index == 500) }
        }
        sink.shutdown()
        try pipe.fileHandleForWriting.close()
        let written = [UInt8](pipe.fileHandleForReading.readDataToEndOfFile())
        XCTAssertEqual(written, (0..<1000).flatMap { line($0, length: 48) })
        XCTAssertEqual(sink.droppedLines, 0)
    }

    /// An idle writer sleeps until a line arrives (no wake-up per interval), and the first line
    /// after a quiet spell is still written within about one interval.
    func testAnIdleWriterSleepsUntilALineArrives() throws {
        let pipe = Pipe()
        let sink = LogSink(descriptor: pipe.fileHandleForWriting.fileDescriptor, flushIntervalMilliseconds: 10)
        sink.startFlusher()
        usleep(300_000)  // 30 intervals
        XCTAssertEqual(sink.writerBatches, 0, "the writer woke while nothing was buffered")
        line(1, length: 32).withUnsafeBufferPointer { sink.write($0, flush: false) }
        var waited = 0
        while sink.writerBatches == 0 && waited < 5_000 {
            usleep(1_000)
            waited += 1
        }
        XCTAssertEqual(sink.writerBatches, 1, "the line was not taken by the writer")
        usleep(300_000)
        XCTAssertEqual(sink.writerBatches, 1, "the writer woke again after writing everything")
        sink.shutdown()
        try pipe.fileHandleForWriting.close()
        XCTAssertEqual([UInt8](pipe.fileHandleForReading.readDataToEndOfFile()), line(1, length: 32))
    }
}
