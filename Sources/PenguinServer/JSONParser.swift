/// A strict RFC 8259 parser from bytes straight to ``JSONValue``.
///
/// Decoding the tree through `Codable` tried each JSON type in turn and built a thrown error for every
/// miss, which made a 10,000-record `/predict` body slower to read than vetiver's whole answer. This reads
/// each byte once. It builds the tree `JSONDecoder` builds (numbers too large for a double, unpaired surrogates
/// and invalid UTF-8 are refused) but is strict where that decoder is lenient: a trailing comma (`[1,]`) and a
/// number ending in a point (`45.`) are not JSON, and are refused; and a key repeated in one object, which that
/// decoder resolves silently by keeping one value, is refused with the key named, so a client never has one of
/// its two values ignored.
struct JSONParser {
    struct Failure: Error, Equatable {
        let offset: Int
        /// The key an object repeats, when that is the fault.
        var repeatedKey: String?
        /// The position, in the top-level array, of the element the fault is in; nil outside such an array.
        var element: Int?
    }

    /// Deeper documents are refused rather than recursed into; `/predict` bodies are limited far below this.
    static let maxDepth = 512

    private var cursor: JSONCursor
    private var bytes: UnsafeBufferPointer<UInt8> { cursor.bytes }
    /// The top-level array's element being read, for ``Failure/element``.
    private var element: Int?

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        let value = try parser.value(depth: 0)
        parser.cursor.skipWhitespace()
        guard parser.cursor.atEnd else { throw Failure(offset: parser.cursor.offset) }
        return value
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { cursor = JSONCursor(bytes: bytes) }

    private mutating func value(depth: Int) throws(Failure) -> JSONValue {
        guard depth < Self.maxDepth else { throw Failure(offset: cursor.offset) }
        cursor.skipWhitespace()
        guard cursor.offset < bytes.count else { throw Failure(offset: cursor.offset) }
        switch bytes[cursor.offset] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "n"): return try expect("null", .null)
        default:
            guard let number = cursor.number() else { throw Failure(offset: cursor.offset) }
            return .number(number)
        }
    }

    private mutating func object(depth: Int) throws(Failure) -> JSONValue {
        cursor.offset += 1
        var fields: [String: JSONValue] = [:]
        fields.reserveCapacity(8)
        cursor.skipWhitespace()
        if cursor.consume(UInt8(ascii: "}")) { return .object(fields) }
        repeat {
            cursor.skipWhitespace()
            guard cursor.offset < bytes.count, bytes[cursor.offset] == UInt8(ascii: "\"") else { throw Failure(offset: cursor.offset) }
            let key = try string()
            cursor.skipWhitespace()
            guard cursor.consume(UInt8(ascii: ":")) else { throw Failure(offset: cursor.offset) }
            let field = try value(depth: depth + 1)
            guard fields.updateValue(field, forKey: key) == nil else {
                throw Failure(offset: cursor.offset, repeatedKey: key, element: element)
            }
            cursor.skipWhitespace()
        } while cursor.consume(UInt8(ascii: ","))
        guard cursor.consume(UInt8(ascii: "}")) else { throw Failure(offset: cursor.offset) }
        return .object(fields)
    }

    private mutating func array(depth: Int) throws(Failure) -> JSONValue {
        cursor.offset += 1
        var items: [JSONValue] = []
        cursor.skipWhitespace()
        if cursor.consume(UInt8(ascii: "]")) { return .array(items) }
        repeat {
            if depth == 0 { element = items.count }
            items.append(try value(depth: depth + 1))
            cursor.skipWhitespace()
        } while cursor.consume(UInt8(ascii: ","))
        guard cursor.consume(UInt8(ascii: "]")) else { throw Failure(offset: cursor.offset) }
        return .array(items)
    }

    /// A string starting at the opening quote. Unescaped runs are taken as they are; escapes are decoded.
    private mutating func string() throws(Failure) -> String {
        let start = cursor.offset + 1
        // The common case: no escapes, so the text is one slice of the body.
        if let plain = cursor.plainString() { return try text(plain, at: start) }
        var decoded = Array(bytes[start..<cursor.offset])
        while true {
            guard cursor.offset < bytes.count else { throw Failure(offset: cursor.offset) }
            let byte = bytes[cursor.offset]
            cursor.offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try decoded.withUnsafeBufferPointer { buffer throws(Failure) in try text(buffer, at: start) }
            case UInt8(ascii: "\\"):
                try escape(into: &decoded)
            case ..<0x20:
                throw Failure(offset: cursor.offset - 1)
            default:
                decoded.append(byte)
            }
        }
    }

    private mutating func escape(into decoded: inout [UInt8]) throws(Failure) {
        guard cursor.offset < bytes.count else { throw Failure(offset: cursor.offset) }
        let letter = bytes[cursor.offset]
        cursor.offset += 1
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
                guard cursor.consume(UInt8(ascii: "\\")), cursor.consume(UInt8(ascii: "u")) else { throw Failure(offset: cursor.offset) }
                let low = try hexQuad()
                guard (0xDC00...0xDFFF).contains(low) else { throw Failure(offset: cursor.offset) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw Failure(offset: cursor.offset) }
            decoded.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
            throw Failure(offset: cursor.offset - 1)
        }
    }

    private mutating func hexQuad() throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard cursor.offset < bytes.count else { throw Failure(offset: cursor.offset) }
            let byte = bytes[cursor.offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Failure(offset: cursor.offset)
            }
            value = value << 4 | UInt32(digit)
            cursor.offset += 1
        }
        return value
    }

    private func text(_ utf8: UnsafeBufferPointer<UInt8>, at start: Int) throws(Failure) -> String {
        guard let text = String(validating: utf8, as: UTF8.self) else { throw Failure(offset: start) }
        return text
    }

    private mutating func expect(_ word: StaticString, _ value: JSONValue) throws(Failure) -> JSONValue {
        guard cursor.literal(word) else { throw Failure(offset: cursor.offset) }
        return value
    }
}
