@testable import DataGateway
import Testing

/// Malformed binary COPY streams must fail with a `.query` error, never crash. No server needed.
@Suite("Postgres binary COPY reader")
struct PostgresBinaryCopyReaderTests {
    static let header: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0]
    static let oneRow: [UInt8] = [0, 2] + [0, 0, 0, 4, 0, 0, 0, 42] + [0xFF, 0xFF, 0xFF, 0xFF]
    static let trailer: [UInt8] = [0xFF, 0xFF]

    func read(_ messages: [[UInt8]]) throws -> Frame {
        var reader = PostgresBinaryCopyReader(names: ["n", "t"], types: [.int4, .text])
        for message in messages {
            try message.withUnsafeBytes { try reader.consume($0) }
        }
        return try reader.frame()
    }

    @Test func readsAWellFormedStream() throws {
        let frame = try read([Self.header + Self.oneRow, Self.oneRow, Self.trailer])
        #expect(frame.rowCount == 2)
        #expect(frame.columns[0].int64(1) == 42)
        #expect(frame.columns[1].isNull(1))
    }

    @Test(arguments: [
        ("bad signature", [[UInt8](repeating: 0, count: 19)]),
        ("critical flag", [Array(header[0..<11]) + [0, 2, 0, 0, 0, 0, 0, 0] + trailer]),
        ("truncated header", [Array(header[0..<13])]),
        ("truncated row", [header + Array(oneRow.dropLast(2))]),
        ("wrong field count", [header + [0, 3] + Array(oneRow.dropFirst(2)) + trailer]),
        ("wrong int4 size", [header + [0, 2, 0, 0, 0, 2, 0, 42, 0xFF, 0xFF, 0xFF, 0xFF] + trailer]),
        ("negative length", [header + [0, 2, 0xFF, 0xFF, 0xFF, 0xF0] + trailer]),
        ("no trailer", [header + oneRow]),
        ("data after trailer", [header + trailer + oneRow]),
    ])
    func rejectsMalformedStreams(problem: String, messages: [[UInt8]]) {
        let error = #expect(throws: DatabaseError.self, "\(problem)") { try read(messages) }
        #expect(error?.kind == .query)
        #expect(error?.message.hasPrefix("malformed") == true)
    }
}
