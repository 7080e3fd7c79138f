import Foundation
import TestSupport
import Testing

@testable import PenguinJSON

/// The byte-level parser replaced `JSONDecoder` (through `JSONValue`'s `Codable` conformance) on the `/predict`
/// path for speed (``JSONGrammarTests`` holds it to the rest of the documented grammar). On these documents both must build the same tree or both refuse; it is stricter than the
/// decoder on trailing commas and numbers ending in a point, which RFC 8259 does not allow.
@Suite("JSON parser")
struct JSONParserTests {
    private func oracle(_ bytes: [UInt8]) -> JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) }
    private func parsed(_ bytes: [UInt8]) -> JSONValue? { try? JSONValue.parse(Data(bytes)) }

    @Test("Agrees with JSONDecoder on valid and invalid documents", arguments: [
        #"[{"bill_length_mm":45,"species":"Gentoo","sex":"male"}]"#, #"{"a":[1,-0,2.5e3,1E-2,true,false,null,"x"]}"#,
        " \t\n\r[ 1 , 2 ]\n", #""\u00e9\ud83d\udc27\n\t\"\\\/\b\f\r""#, #""\u0000""#, "0", "-1", "123456789012345678901234567890",
        "[]", "{}", #"{"":1}"#,
        // Refused by both:
        "01", ".5", "+1", "-", "1e", "1e+", "1e999", "-1e999", "[1 2]", "{\"a\" 1}", "{a:1}",
        "tru", "nul", "NaN", "Infinity", "'x'", #""\ud800""#, #""\udc00x""#, #""\x""#, "\"a\u{1}b\"", "[", "]", "", " ", "[1]]", "\"abc",
    ])
    func agreesWithFoundation(_ text: String) {
        let bytes = Array(text.utf8)
        #expect(parsed(bytes) == oracle(bytes), "\(text.debugDescription)")
    }

    @Test("A key repeated in an object is refused, naming the key and the top-level element it is in (JSONDecoder keeps one value)")
    func repeatedKeys() {
        func failure(_ text: String) -> JSONParser.Failure? {
            let bytes: [UInt8] = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { buffer -> JSONParser.Failure? in
                do {
                    _ = try JSONParser.parse(buffer)
                    return nil
                } catch {
                    return error as? JSONParser.Failure
                }
            }
        }
        #expect(failure(#"{"a":1,"a":2}"#)?.repeatedKey == "a")
        #expect(failure(#"{"a":1,"a":2}"#)?.element == nil)
        #expect(failure(#"[{"a":1},{"b":{"c":1,"c":1}}]"#)?.repeatedKey == "c")
        #expect(failure(#"[{"a":1},{"b":{"c":1,"c":1}}]"#)?.element == 1)
        #expect(failure(#"[{"a":1},{"a":2}]"#) == nil)
    }

    @Test("Trailing commas and numbers ending in a point are refused: they are not RFC 8259 JSON")
    func strict() {
        for text in ["[1,]", #"{"a":1,}"#, "1.", "[45.]", #"{"a":45. }"#] {
            #expect(parsed(Array(text.utf8)) == nil, "\(text)")
        }
    }

    @Test("Invalid UTF-8 is refused, as JSONDecoder refuses it")
    func invalidUTF8() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D]] {
            #expect(parsed(bytes) == nil && oracle(bytes) == nil, "\(bytes)")
        }
    }

    @Test("Numbers read as Double(String) reads them, to the bit, on the fast path and off it")
    func numbersMatchTheStandardLibrary() {
        var generator = SeededGenerator(seed: 0x5EED_0F_D0_0B1E)
        var mismatches: [String] = []
        for _ in 0..<200_000 {
            let token = Self.numberToken(&generator)
            let bytes = Array(token.utf8)
            let read = bytes.withUnsafeBufferPointer { buffer -> Double? in
                var cursor = JSONCursor(bytes: buffer)
                guard let number = cursor.number(), cursor.atEnd else { return nil }
                return number
            }
            let expected = Double(token).flatMap { $0.isFinite ? $0 : nil }
            if read?.bitPattern != expected?.bitPattern { mismatches.append("\(token): \(String(describing: read)) vs \(String(describing: expected))") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    /// A JSON number: up to 20 integer digits, a fraction of up to 20, an exponent from -330 to 330, each
    /// sometimes left out, so tokens fall on both sides of the 15-digit, ±22 fast path.
    private static func numberToken(_ generator: inout SeededGenerator) -> String {
        func digits(_ count: Int) -> String { String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) }) }
        var token = Bool.random(using: &generator) ? "-" : ""
        let integer = Int.random(in: 1...20, using: &generator)
        token += integer == 1 || Bool.random(using: &generator) ? digits(1) : String(Int.random(in: 1...9, using: &generator)) + digits(integer - 1)
        if Bool.random(using: &generator) {
            token += "." + digits(Int.random(in: 1...20, using: &generator))
        }
        if Int.random(in: 0..<3, using: &generator) == 0 {
            let exponent = Int.random(in: 0...3, using: &generator) == 0 ? Int.random(in: -330...330, using: &generator) : Int.random(in: -25...25, using: &generator)
            token += (Bool.random(using: &generator) ? "e" : "E") + (exponent >= 0 && Bool.random(using: &generator) ? "+" : "") + String(exponent)
        }
        return token
    }
}
