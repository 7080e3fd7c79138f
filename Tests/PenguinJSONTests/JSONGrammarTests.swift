import Foundation
import Testing

@testable import PenguinJSON

/// The grammar `JSONGrammar` documents, rule by rule: what RFC 8259 allows and this reader refuses, and the one
/// extension (`NaN`/`Infinity` tokens) that only ``JSONGrammar/nonFinite`` reads.
@Suite("JSON grammar")
struct JSONGrammarTests {
    private func parsed(_ text: String, _ grammar: JSONGrammar = .strict) -> JSONValue? {
        try? JSONValue.parse(Data(text.utf8), grammar: grammar)
    }

    @Test("NaN and Infinity, bare and signed, are numbers only in the non-finite grammar")
    func nonFiniteTokens() throws {
        let cases: [(String, Double)] = [
            ("NaN", .nan), ("-NaN", .nan), ("+NaN", .nan), ("Infinity", .infinity), ("+Infinity", .infinity), ("-Infinity", -.infinity),
        ]
        for (token, expected) in cases {
            #expect(parsed("[\(token)]") == nil, "\(token)")
            let value = try #require(parsed(#"{"a": \#(token) }"#, .nonFinite), "\(token)")
            guard case .object(let fields) = value, case .number(let number)? = fields["a"] else {
                Issue.record("\(token) read as \(value)")
                continue
            }
            #expect(expected.isNaN ? number.isNaN : number == expected, "\(token)")
        }
    }

    @Test("Near misses of the non-finite tokens are refused by both grammars", arguments: [
        "[nan]", "[inf]", "[-inf]", "[Infinit]", "[NaNx]", "[- NaN]", "[-+NaN]", "[+-NaN]", "[++Infinity]", "[1NaN]", "{NaN:1}",
        "[NaN NaN]", #"{"a":NaN,}"#,
    ])
    func nonFiniteNearMisses(_ text: String) {
        #expect(parsed(text) == nil)
        #expect(parsed(text, .nonFinite) == nil)
    }

    @Test("The non-finite grammar is strict JSON otherwise: finite documents read the same, faults stay faults")
    func nonFiniteIsOtherwiseStrict() {
        for text in [#"{"a":[1,-0,2.5e3,true,null,"NaN"]}"#, "[1,]", "1e999", "[01]", #"{"a":1,"a":2}"#] {
            #expect(parsed(text, .nonFinite) == parsed(text), "\(text)")
        }
    }

    @Test("Only the four RFC 8259 whitespace bytes separate tokens: no byte-order mark, no comment, no other space", arguments: [
        "\u{FEFF}[1]", "[1]// note", "[1,/* note */2]", "[1,\u{0B}2]", "[1,\u{0C}2]", "[1,\u{A0}2]", "# note\n[1]",
    ])
    func onlyJSONWhitespace(_ text: String) {
        #expect(parsed(text) == nil)
    }

    @Test("Commas and colons stand only between members", arguments: [
        "[,1]", "[1,,2]", "[1 2]", "{,}", #"{"a":1,,"b":2}"#, #"{"a" 1}"#, #"{"a"::1}"#, #"{"a":}"#, #"{"a":1 "b":2}"#, "[1]]", "{}}",
    ])
    func separators(_ text: String) {
        #expect(parsed(text) == nil)
    }

    @Test("Whitespace is allowed around every token")
    func whitespaceEverywhere() {
        #expect(parsed(" \t\r\n{ \"a\" \n:\t[ 1 ,\r2 ] , \"b\" : { } } \n") == ["a": [1, 2], "b": .object([:])])
    }

    @Test("Nesting is read to maxDepth and refused beyond it")
    func depthLimit() {
        let depth = JSONGrammar.maxDepth
        #expect(parsed(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)) != nil)
        #expect(parsed(String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1)) == nil)
    }

    @Test("The cursor's member steps: a member follows, the container closes, or neither")
    func memberSteps() {
        func steps(_ text: String) -> [Bool?] {
            Array(text.utf8).withUnsafeBufferPointer { buffer in
                var cursor = JSONCursor(bytes: buffer)
                guard cursor.open(UInt8(ascii: "[")) else { return [] }
                var steps: [Bool?] = []
                var first = true
                while true {
                    let step = cursor.nextMember(closing: UInt8(ascii: "]"), first: first)
                    steps.append(step)
                    guard step == true, cursor.number() != nil else { return steps }
                    first = false
                }
            }
        }
        #expect(steps(" [ ]") == [false])
        #expect(steps("[1 , 2 ]") == [true, true, false])
        #expect(steps("[1 2]") == [true, nil])
        #expect(steps("[1,]") == [true, true])
    }
}
