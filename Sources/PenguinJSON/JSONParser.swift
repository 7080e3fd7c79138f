/// Builds a ``JSONValue`` tree from bytes in ``JSONGrammar``, reading each byte once.
///
/// Decoding the tree through `Codable` tried each JSON type in turn and built a thrown error for every miss,
/// which made a 10,000-record `/predict` body slower to read than vetiver's whole answer. This builds the tree
/// `JSONDecoder` builds (numbers too large for a double, unpaired surrogates and invalid UTF-8 are refused) but
/// is strict where that decoder is lenient: trailing commas, numbers ending in a point and repeated keys.
public struct JSONParser {
    /// Where a document leaves the grammar.
    public struct Failure: Error, Equatable {
        public let offset: Int
        /// The key an object repeats, when that is the fault.
        public var repeatedKey: String?
        /// The position, in the top-level array, of the element the fault is in; nil outside such an array.
        public var element: Int?

        init(offset: Int, repeatedKey: String? = nil, element: Int? = nil) {
            self.offset = offset
            self.repeatedKey = repeatedKey
            self.element = element
        }
    }

    private var cursor: JSONCursor
    private let grammar: JSONGrammar
    private var bytes: UnsafeBufferPointer<UInt8> { cursor.bytes }
    /// The top-level array's element being read, for ``Failure/element``.
    private var element: Int?

    /// The one value `bytes` holds, with nothing but whitespace around it.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, grammar: JSONGrammar = .strict) throws(Failure) -> JSONValue {
        var parser = JSONParser(cursor: JSONCursor(bytes: bytes), grammar: grammar)
        let value = try parser.value(depth: 0)
        parser.cursor.skipWhitespace()
        guard parser.cursor.atEnd else { throw Failure(offset: parser.cursor.offset) }
        return value
    }

    private init(cursor: JSONCursor, grammar: JSONGrammar) {
        self.cursor = cursor
        self.grammar = grammar
    }

    private mutating func value(depth: Int) throws(Failure) -> JSONValue {
        guard depth < JSONGrammar.maxDepth else { throw Failure(offset: cursor.offset) }
        cursor.skipWhitespace()
        guard cursor.offset < bytes.count else { throw Failure(offset: cursor.offset) }
        switch bytes[cursor.offset] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            guard let flag = cursor.boolean() else { throw Failure(offset: cursor.offset) }
            return .bool(flag)
        case UInt8(ascii: "n"):
            guard cursor.literal("null") else { throw Failure(offset: cursor.offset) }
            return .null
        default:
            let start = cursor.offset
            if let number = cursor.number() { return .number(number) }
            let fault = cursor.offset
            cursor.offset = start
            if grammar.nonFiniteNumbers, let number = cursor.nonFiniteNumber() { return .number(number) }
            throw Failure(offset: fault)
        }
    }

    private mutating func object(depth: Int) throws(Failure) -> JSONValue {
        cursor.offset += 1
        var fields: [String: JSONValue] = [:]
        fields.reserveCapacity(8)
        while try member(closing: UInt8(ascii: "}"), first: fields.isEmpty) {
            guard cursor.offset < bytes.count, bytes[cursor.offset] == UInt8(ascii: "\"") else { throw Failure(offset: cursor.offset) }
            let key = try string()
            guard cursor.nameSeparator() else { throw Failure(offset: cursor.offset) }
            let field = try value(depth: depth + 1)
            guard fields.updateValue(field, forKey: key) == nil else {
                throw Failure(offset: cursor.offset, repeatedKey: key, element: element)
            }
        }
        return .object(fields)
    }

    private mutating func array(depth: Int) throws(Failure) -> JSONValue {
        cursor.offset += 1
        var items: [JSONValue] = []
        while try member(closing: UInt8(ascii: "]"), first: items.isEmpty) {
            if depth == 0 { element = items.count }
            items.append(try value(depth: depth + 1))
        }
        return .array(items)
    }

    private mutating func member(closing: UInt8, first: Bool) throws(Failure) -> Bool {
        guard let more = cursor.nextMember(closing: closing, first: first) else { throw Failure(offset: cursor.offset) }
        return more
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
}
