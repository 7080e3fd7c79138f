import Foundation
import Logging
import Testing

@testable import PenguinLogging

/// A log line keeps its shape whatever a client put in a value: JSON lines always parse, with strings as
/// strings, and a text line stays one line in which no value reads as another field.
@Suite struct LineLogHandlerTests {
    private func line(_ format: LogFormat, message: String = "request", _ metadata: Logger.Metadata) -> String {
        var bytes: [UInt8] = []
        LogLineEncoder.append(
            format: format, time: LogTimestamp(seconds: 1_796_040_000, milliseconds: 0), level: .info, message: message, label: "penguins",
            metadata: [:], eventMetadata: metadata, to: &bytes)
        #expect(bytes.last == UInt8(ascii: "\n") && bytes.dropLast().allSatisfy { $0 != UInt8(ascii: "\n") })
        return String(decoding: bytes.dropLast(), as: UTF8.self)
    }

    private func json(_ metadata: Logger.Metadata, message: String = "request") throws -> [String: Any] {
        let text = line(.json, message: message, metadata)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    @Test("A string that reads as a number, even a non-finite one, stays a string and the line is written")
    func stringsStayStrings() throws {
        for id in ["NaN", "nan", "inf", "-Infinity", "1e999", "007", "42", "0x1p3"] {
            let object = try json(["request_id": .string(id), "status": .stringConvertible(401)])
            #expect(object["request_id"] as? String == id)
            #expect(object["status"] as? Int == 401)
            #expect(object["message"] as? String == "request")
        }
    }

    @Test("Numbers given as numbers are numbers; a non-finite double is written as text, not dropped")
    func numbers() throws {
        let object = try json(["duration_ms": .stringConvertible(1.5), "records": .stringConvertible(3), "ok": .stringConvertible(true),
                               "bad": .stringConvertible(Double.nan)])
        #expect(object["duration_ms"] as? Double == 1.5)
        #expect(object["records"] as? Int == 3)
        #expect(object["ok"] as? Bool == true)
        #expect(object["bad"] as? String == "nan")
    }

    @Test("Metadata cannot replace the event's own fields")
    func eventFieldsWin() throws {
        let object = try json(["level": "critical", "message": "forged", "time": "then", "logger": "other", "path": "/"])
        #expect(object["level"] as? String == "info")
        #expect(object["message"] as? String == "request")
        #expect(object["time"] as? String == "2026-11-30T12:00:00.000Z")
        #expect(object["logger"] as? String == "penguins")
        #expect(object["path"] as? String == "/")
    }

    @Test("Control characters, quotes and odd Unicode survive the JSON line as themselves")
    func jsonEscapes() throws {
        let nasty = "a\"b\\c\nd\re\u{0}f\u{7F}g\u{2028}h\u{202E}i🐧"
        let object = try json(["path": .string(nasty), "nested": .dictionary(["k\n": .array([.string(nasty)])])], message: nasty)
        #expect(object["path"] as? String == nasty)
        #expect(object["message"] as? String == nasty)
        #expect(!line(.json, ["path": .string(nasty)]).contains("\n"))
    }

    @Test("A text line stays one line, and no value can pose as another field")
    func textCannotForgeLines() {
        let forged = "x\n2026-11-30T12:00:01.000Z ERROR forged line status=500"
        let text = line(.text, message: "hello\rworld", ["path": .string(forged), "id": "a b=c", "empty": ""])
        #expect(!text.contains("\n") && !text.contains("\r"), "\(text)")
        #expect(text.contains(#"path="x\n2026-11-30T12:00:01.000Z ERROR forged line status=500""#), "\(text)")
        #expect(text.contains(#"id="a b=c""#))
        #expect(text.contains(#"empty="""#))
        #expect(!line(.text, ["bidi": "\u{202E}txt.exe"]).contains("\u{202E}"))
        #expect(line(.text, ["plain": "abc"]).hasSuffix(" plain=abc"))
    }

    @Test("The logger's own metadata is written, the event's wins on the same key, and keys come out sorted")
    func handlerMetadata() throws {
        var bytes: [UInt8] = []
        LogLineEncoder.append(
            format: .json, time: LogTimestamp(seconds: 0, milliseconds: 7), level: .warning, message: "m", label: "l",
            metadata: ["request_id": "abc", "status": "from the logger", "level": "forged"], eventMetadata: ["status": .stringConvertible(200)],
            to: &bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text == #"{"time":"1970-01-01T00:00:00.007Z","level":"warning","message":"m","logger":"l","request_id":"abc","status":200}"# + "\n")
    }

    @Test("Timestamps are ISO 8601 in UTC to the millisecond")
    func timestamps() {
        for (seconds, milliseconds, expected) in [
            (1_796_040_000, 0, "2026-11-30T12:00:00.000Z"), (951_825_599, 999, "2000-02-29T11:59:59.999Z"), (0, 5, "1970-01-01T00:00:00.005Z"),
        ] {
            var bytes: [UInt8] = []
            LogTimestamp(seconds: seconds, milliseconds: milliseconds).append(to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == expected)
        }
    }

    @Test("Every day from 1926 to 2100 gets the C library's calendar date and time of day")
    func timestampsMatchTheCLibrary() {
        var secondOfDay = 0
        for day in -16_071...47_482 {
            secondOfDay = (secondOfDay + 7_919) % 86_400
            let seconds = day * 86_400 + secondOfDay
            var clock = time_t(seconds)
            var parts = tm()
            gmtime_r(&clock, &parts)
            let expected = String(
                format: "%04d-%02d-%02dT%02d:%02d:%02d.042Z", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min,
                parts.tm_sec)
            var bytes: [UInt8] = []
            LogTimestamp(seconds: seconds, milliseconds: 42).append(to: &bytes)
            guard String(decoding: bytes, as: UTF8.self) == expected else {
                Issue.record("\(seconds) s: \(String(decoding: bytes, as: UTF8.self)), expected \(expected)")
                return
            }
        }
    }
}
