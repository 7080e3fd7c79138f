import Foundation
import Testing

@testable import DataGateway

@Suite("CSV reader")
struct CSVReaderTests {
    private func records(_ text: String) throws -> (CSVReader, [[SQLValue]]) {
        var reader = try CSVReader(bytes: Data(text.utf8))
        var rows: [[SQLValue]] = []
        while let row = reader.next() { rows.append(row) }
        return (reader, rows)
    }

    @Test("Quoted fields, escaped quotes, embedded newlines, CRLF and BOM")
    func rfc4180() throws {
        let (reader, rows) = try records("\u{FEFF}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n1,,NA\n")
        #expect(reader.header == ["a", "b", "c"])
        #expect(rows == [[.text("x, y"), .text("say \"hi\""), .text("two\nlines")], [.text("1"), .null, .null]])
        #expect(reader.problem == nil)
    }

    @Test("A quoted NA or empty string stays text")
    func quotedNA() throws {
        let (_, rows) = try records("a,b\n\"NA\",\"\"\n")
        #expect(rows == [[.text("NA"), .text("")]])
    }

    @Test("Wrong field count stops at the record's line")
    func wrongFieldCount() throws {
        let (reader, rows) = try records("a,b\n1,2\n\"multi\nline\",3\n4\n5,6\n")
        #expect(rows.count == 2)
        #expect(reader.problem == CSVReader.Problem(line: 5, reason: "expected 2 fields but found 1"))
    }

    @Test("Unclosed quote and stray quote are problems, never crashes")
    func malformedQuotes() throws {
        let (unclosed, _) = try records("a\n\"open\n")
        #expect(unclosed.problem?.line == 2)
        let (stray, _) = try records("a,b\nx\"y,1\n")
        #expect(stray.problem?.line == 2)
        let (trailing, _) = try records("a,b\n\"x\"y,1\n")
        #expect(trailing.problem?.reason.contains("closing quote") == true)
    }

    @Test("An empty file or empty header name is refused")
    func badHeader() {
        #expect(throws: CSVReader.Problem.self) { try CSVReader(bytes: Data()) }
        #expect(throws: CSVReader.Problem(line: 1, reason: "the header row has an empty column name")) {
            try CSVReader(bytes: Data("a,,c\n".utf8))
        }
    }
}
