/// A strict RFC 8259 parser from bytes straight to ``JSONValue``.
///
/// Decoding the tree through `Codable` tried each JSON type in turn and built a thrown error for every
/// miss, which made a 10,000-record `/predict` body slower to read than vetiver's whole answer. This reads
/// each byte once. It builds the tree `JSONDecoder` builds (a repeated key keeps its first value; numbers too
/// large for a double, unpaired surrogates and invalid UTF-8 are refused) but is strict where that decoder is
/// lenient: a trailing comma (`[1,]`) and a number ending in a point (`45.`) are not JSON, and are refused.
struct JSONParser {
    struct Failure: Error, Equatable {
        let offset: Int
    }

    /// Deeper documents are refused rather than recursed into; `/predict` bodies are limited far below this.
    static let maxDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var offset = 0

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.offset == bytes.count else { throw Failure(offset: parser.offset) }
        return value
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private mutating func value(depth: Int) throws(Failure) -> JSONValue {
        guard depth < Self.maxDepth else { throw Failure(offset: offset) }
        skipWhitespace()
        guard offset < bytes.count else { throw Failure(offset: offset) }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    private mutating func object(depth: Int) throws(Failure) -> JSONValue {
        offset += 1
        var fields: [String: JSONValue] = [:]
        fields.reserveCapacity(8)
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return .object(fields) }
        repeat {
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw Failure(offset: offset) }
            let key = try string()
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw Failure(offset: offset) }
            let field = try value(depth: depth + 1)
            if fields[key] == nil { fields[key] = field }
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")) else { throw Failure(offset: offset) }
        return .object(fields)
    }

    private mutating func array(depth: Int) throws(Failure) -> JSONValue {
        offset += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return .array(items) }
        repeat {
            items.append(try value(depth: depth + 1))
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "]")) else { throw Failure(offset: offset) }
        return .array(items)
    }

    /// A string starting at the opening quote. Unescaped runs are taken as they are; escapes are decoded.
    private mutating func string() throws(Failure) -> String {
        offset += 1
        let start = offset
        // The common case: no escapes, so the text is one slice of the body.
        while offset < bytes.count, bytes[offset] != UInt8(ascii: "\""), bytes[offset] != UInt8(ascii: "\\"), bytes[offset] >= 0x20 {
            offset += 1
        }
        guard offset < bytes.count else { throw Failure(offset: offset) }
        if bytes[offset] == UInt8(ascii: "\"") {
            defer { offset += 1 }
            return try text(UnsafeBufferPointer(rebasing: bytes[start..<offset]), at: start)
        }
        var decoded = Array(bytes[start..<offset])
        while true {
            guard offset < bytes.count else { throw Failure(offset: offset) }
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try decoded.withUnsafeBufferPointer { buffer throws(Failure) in try text(buffer, at: start) }
            case UInt8(ascii: "\\"):
                try escape(into: &decoded)
            case ..<0x20:
                throw Failure(offset: offset - 1)
            default:
                decoded.append(byte)
            }
        }
    }

    private mutating func escape(into decoded: inout [UInt8]) throws(Failure) {
        guard offset < bytes.count else { throw Failure(offset: offset) }
        let letter = bytes[offset]
        offset += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(letter)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hexQuad()
            if (0xD800...0xDBFF).contains(scalar) {
                guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")) else { throw Failure(offset: offset) }
                let low = try hexQuad()
                guard (0xDC00...0xDFFF).contains(low) else { throw Failure(offset: offset) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw Failure(offset: offset) }
            decoded.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
            throw Failure(offset: offset - 1)
        }
    }

    private mutating func hexQuad() throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard offset < bytes.count else { throw Failure(offset: offset) }
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Failure(offset: offset)
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    private func text(_ utf8: UnsafeBufferPointer<UInt8>, at start: Int) throws(Failure) -> String {
        guard let text = String(validating: utf8, as: UTF8.self) else { throw Failure(offset: start) }
        return text
    }

    /// `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`, as a finite double.
    private mutating func number() throws(Failure) -> Double {
        let start = offset
        _ = consume(UInt8(ascii: "-"))
        if consume(UInt8(ascii: "0")) {
        } else {
            guard digits() > 0 else { throw Failure(offset: start) }
        }
        if consume(UInt8(ascii: ".")) {
            guard digits() > 0 else { throw Failure(offset: offset) }
        }
        if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard digits() > 0 else { throw Failure(offset: offset) }
        }
        let token = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        guard let number = Double(token), number.isFinite else { throw Failure(offset: start) }
        return number
    }

    private mutating func digits() -> Int {
        let start = offset
        while offset < bytes.count, bytes[offset] >= UInt8(ascii: "0"), bytes[offset] <= UInt8(ascii: "9") { offset += 1 }
        return offset - start
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - offset >= count,
            UnsafeBufferPointer(rebasing: bytes[offset..<(offset + count)]).elementsEqual(
                UnsafeBufferPointer(start: word.utf8Start, count: count))
        else { throw Failure(offset: offset) }
        offset += count
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }
}
