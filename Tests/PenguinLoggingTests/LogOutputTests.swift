import Dispatch
import Foundation
import Logging
import Testing

@testable import PenguinLogging

/// The server's log output never holds a request up: a reader that does not read costs dropped lines, which
/// are counted, never a stalled `log` call; and whatever is written is whole lines, one per event.
@Suite struct LogOutputTests {
    /// A pipe whose read end the test holds, with `output` writing into it through a buffer of `capacity` bytes.
    private struct PipedOutput {
        let output: LogOutput
        let reader: FileHandle

        init(capacity: Int) {
            let pipe = Pipe()
            reader = pipe.fileHandleForReading
            // The write end stays open for the test's life: the output's thread may still be writing to it.
            let descriptor = dup(pipe.fileHandleForWriting.fileDescriptor)
            output = LogOutput(descriptor: descriptor, capacity: capacity)
        }

        /// Reads until `lines` newlines have arrived.
        func read(lines: Int) -> [Substring] {
            var data = Data()
            var newlines = 0
            while newlines < lines {
                let chunk = reader.availableData
                newlines += chunk.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
                data.append(chunk)
            }
            return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        }
    }

    private func logger(_ output: LogOutput) -> Logger {
        Logger(label: "test") { label in LineLogHandler(label: label, level: .info, format: .json, output: output) }
    }

    @Test("With nobody reading, logging carries on: full-buffer lines are dropped and counted, and the rest arrive whole")
    func unreadPipeDropsAndCounts() throws {
        let piped = PipedOutput(capacity: 16 * 1024)
        let logger = logger(piped.output)
        let threads = 4
        let perThread = 5_000
        // Far more than the pipe (64 KiB) and the buffer hold; if a full pipe blocked `log`, this would never return.
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for index in 0..<perThread {
                logger.info("request", metadata: ["id": .string("\(thread)-\(index)"), "path": .string(String(repeating: "p", count: 100))])
            }
        }
        let dropped = piped.output.droppedLines
        #expect(dropped > 0)
        let lines = piped.read(lines: threads * perThread - dropped)
        var ids = Set<String>()
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "torn or interleaved: \(line)")
            #expect(object["message"] as? String == "request")
            ids.insert(try #require(object["id"] as? String))
        }
        #expect(ids.count == threads * perThread - dropped, "each line written once")
    }

    @Test("flush writes every line appended before it")
    func flushWritesEverything() throws {
        let piped = PipedOutput(capacity: 1 << 20)
        let logger = logger(piped.output)
        for index in 0..<100 { logger.info("line \(index)") }
        piped.output.flush()
        // Everything is in the pipe now: a non-blocking read takes it without waiting for the writer.
        _ = fcntl(piped.reader.fileDescriptor, F_SETFL, O_NONBLOCK)
        var bytes = [UInt8](repeating: 0, count: 1 << 16)
        let count = read(piped.reader.fileDescriptor, &bytes, bytes.count)
        let lines = String(decoding: bytes.prefix(max(count, 0)), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 100)
        #expect(lines.last?.contains(#""message":"line 99""#) == true)
        #expect(piped.output.droppedLines == 0)
    }
}
