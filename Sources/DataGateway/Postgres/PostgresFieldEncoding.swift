import Glibc

/// A column type the gateway can send a text field in, in its binary COPY form, and how.
///
/// Each case reads the text by the rules of the server's own input function for the type (`int4in`,
/// `float8in`, `boolin`, …), so a CSV field loads as the same value it would by text COPY, and a field text
/// COPY would refuse is refused with the server's wording. The set is closed on purpose: a column of any
/// other type (numeric, dates and times, arrays, …) makes the load fall back to text COPY, where the
/// server parses it exactly as before (``PostgresDatabase/copyInCSV(into:columns:reader:)``).
enum PostgresFieldEncoding: Sendable, Equatable {
    case int2, int4, int8
    case float4, float8
    case bool
    /// text, varchar, bpchar, name: the binary form is the UTF-8 bytes, and the server still checks the
    /// encoding and any length limit (`varchar(n)`).
    case text

    /// The encoding for a column of type `oid`, read through ``PostgresType``'s table of OIDs; of its text
    /// types only those whose binary form is the bare UTF-8 text (not `"char"`, json, xml).
    init?(oid: UInt32) {
        switch PostgresType(oid: oid) {
        case .int2: self = .int2
        case .int4: self = .int4
        case .int8: self = .int8
        case .float4: self = .float4
        case .float8: self = .float8
        case .bool: self = .bool
        case .text where Self.plainTextOIDs.contains(oid): self = .text
        default: return nil
        }
    }

    /// text, varchar, bpchar and name.
    static let plainTextOIDs: Set<UInt32> = [25, 1043, 1042, 19]

    /// The type's name as the server's messages spell it.
    var typeName: String {
        switch self {
        case .int2: "smallint"
        case .int4: "integer"
        case .int8: "bigint"
        case .float4: "real"
        case .float8: "double precision"
        case .bool: "boolean"
        case .text: "text"
        }
    }

    /// Appends the field's length word and binary value to `buffer`, or returns why the text is not a
    /// value of this type (and then appends nothing).
    func append(_ field: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8]) -> String? {
        switch self {
        case .int2: return appendInteger(field, range: Int64(Int16.min)...Int64(Int16.max), to: &buffer)
        case .int4: return appendInteger(field, range: Int64(Int32.min)...Int64(Int32.max), to: &buffer)
        case .int8: return appendInteger(field, range: Int64.min...Int64.max, to: &buffer)
        case .float4:
            guard let value = Self.float(field, parse: { Double(strtof($0, $1)) }, isOutOfRange: { Float($0).isInfinite || $0 == 0 }) else {
                return invalid(field)
            }
            guard let value = value else { return outOfRange(field) }
            Self.appendWord(UInt32(4), to: &buffer)
            Self.appendWord(Float(value).bitPattern, to: &buffer)
        case .float8:
            guard let value = Self.float(field, parse: { strtod($0, $1) }, isOutOfRange: { $0.isInfinite || $0 == 0 }) else {
                return invalid(field)
            }
            guard let value = value else { return outOfRange(field) }
            Self.appendWord(UInt32(8), to: &buffer)
            Self.appendWord(value.bitPattern, to: &buffer)
        case .bool:
            guard let value = Self.bool(field) else { return invalid(field) }
            Self.appendWord(UInt32(1), to: &buffer)
            buffer.append(value ? 1 : 0)
        case .text:
            Self.appendWord(UInt32(field.count), to: &buffer)
            buffer.append(contentsOf: field)
        }
        return nil
    }

    private func appendInteger(_ field: UnsafeBufferPointer<UInt8>, range: ClosedRange<Int64>, to buffer: inout [UInt8]) -> String? {
        guard let parsed = Self.integer(field) else { return invalid(field) }
        guard let value = parsed, range.contains(value) else { return outOfRange(field) }
        switch self {
        case .int2:
            Self.appendWord(UInt32(2), to: &buffer)
            Self.appendWord(UInt16(bitPattern: Int16(value)), to: &buffer)
        case .int4:
            Self.appendWord(UInt32(4), to: &buffer)
            Self.appendWord(UInt32(bitPattern: Int32(value)), to: &buffer)
        default:
            Self.appendWord(UInt32(8), to: &buffer)
            Self.appendWord(UInt64(bitPattern: value), to: &buffer)
        }
        return nil
    }

    private func invalid(_ field: UnsafeBufferPointer<UInt8>) -> String {
        "invalid input syntax for type \(typeName): \"\(Self.excerpt(field))\""
    }

    private func outOfRange(_ field: UnsafeBufferPointer<UInt8>) -> String {
        "value \"\(Self.excerpt(field))\" is out of range for type \(typeName)"
    }

    /// The field as text for a message, cut to 60 characters so a stray megabyte stays out of it.
    private static func excerpt(_ field: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: field, as: UTF8.self)
        return text.count <= 60 ? text : String(text.prefix(60)) + "…"
    }

    /// What a binary COPY stream starts with: the signature, then a flags word and a header-extension length of zero.
    static let copyHeader: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0]

    /// A value in network byte order, as every binary COPY word is.
    static func appendWord<Word: FixedWidthInteger>(_ word: Word, to buffer: inout [UInt8]) {
        withUnsafeBytes(of: word.bigEndian) { buffer.append(contentsOf: $0) }
    }

    /// `isspace` in the C locale, which the server's input functions skip around a number or boolean.
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// The field without the white space around it.
    private static func trimmed(_ field: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = field.startIndex, end = field.endIndex
        while start < end, isSpace(field[start]) { start += 1 }
        while end > start, isSpace(field[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: field[start..<end])
    }

    /// A decimal integer as `pg_strtoint64` reads it (white space, an optional sign, digits): nil when it is
    /// not one, `.some(nil)` when it does not fit 64 bits.
    private static func integer(_ field: UnsafeBufferPointer<UInt8>) -> Int64?? {
        let text = trimmed(field)
        var index = text.startIndex
        let negative = index < text.endIndex && text[index] == UInt8(ascii: "-")
        if index < text.endIndex, text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") { index += 1 }
        guard index < text.endIndex else { return nil }
        // Accumulated negatively, so that Int64.min, whose magnitude has no positive Int64, still fits.
        var value: Int64 = 0
        var overflow = false
        while index < text.endIndex {
            let digit = text[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.subtractingReportingOverflow(Int64(digit))
            overflow = overflow || o1 || o2
            value = next
            index += 1
        }
        if overflow { return .some(nil) }
        if negative { return value }
        return value == .min ? .some(nil) : -value
    }

    /// A floating-point number as the server's `float4in`/`float8in` read it, through the same C library
    /// call: nil when it is not one, `.some(nil)` when it overflows or underflows the type (`strtod` reports
    /// ERANGE and the result is zero or infinite; a denormal result is accepted, as the server does).
    private static func float(
        _ field: UnsafeBufferPointer<UInt8>, parse: (UnsafePointer<CChar>, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Double,
        isOutOfRange: (Double) -> Bool
    ) -> Double?? {
        let text = trimmed(field)
        guard !text.isEmpty else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: text.count + 1) { copy -> Double?? in
            for (offset, byte) in text.enumerated() { copy[offset] = CChar(bitPattern: byte) }
            copy[text.count] = 0
            let start = copy.baseAddress!
            var end: UnsafeMutablePointer<CChar>?
            errno = 0
            let value = parse(start, &end)
            guard let end, end == start + text.count else { return nil }
            if errno == ERANGE, isOutOfRange(value) { return .some(nil) }
            return value
        }
    }

    /// A boolean as `parse_bool_with_len` reads it: any prefix of true, false, yes or no, on, off, 1 or 0, in
    /// any case, white space around it allowed.
    private static func bool(_ field: UnsafeBufferPointer<UInt8>) -> Bool? {
        let text = Array(trimmed(field)).map { $0 | ($0 >= 0x41 && $0 <= 0x5A ? 0x20 : 0) }
        guard let first = text.first else { return nil }
        func isPrefix(of word: String, atLeast minimum: Int = 1) -> Bool {
            text.count >= minimum && text.count <= word.utf8.count && word.utf8.starts(with: text)
        }
        switch first {
        case UInt8(ascii: "t"): return isPrefix(of: "true") ? true : nil
        case UInt8(ascii: "f"): return isPrefix(of: "false") ? false : nil
        case UInt8(ascii: "y"): return isPrefix(of: "yes") ? true : nil
        case UInt8(ascii: "n"): return isPrefix(of: "no") ? false : nil
        case UInt8(ascii: "o"): return isPrefix(of: "on", atLeast: 2) ? true : isPrefix(of: "off", atLeast: 2) ? false : nil
        case UInt8(ascii: "1"): return text.count == 1 ? true : nil
        case UInt8(ascii: "0"): return text.count == 1 ? false : nil
        default: return nil
        }
    }
}
