import Foundation

/// A position in a JSON document and the tokens that need no tree: the primitives ``JSONParser`` builds on and
/// ``FeatureRowReader`` reads records with, so that both read the same bytes the same way.
struct JSONCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var offset = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { offset == bytes.count }

    /// Steps over `byte` if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    /// Steps over JSON's four whitespace bytes.
    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    /// The bytes of the string that starts here, when it has no escape and no control character: most strings,
    /// taken as one slice of the document. Otherwise nil, with the offset left at the escape, the control byte
    /// or the end, so a decoder can go on from there. The bytes are not checked to be UTF-8.
    mutating func plainString() -> UnsafeBufferPointer<UInt8>? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = offset
        while offset < bytes.count, bytes[offset] != UInt8(ascii: "\"") {
            guard bytes[offset] != UInt8(ascii: "\\"), bytes[offset] >= 0x20 else { return nil }
            offset += 1
        }
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<offset])
    }

    /// Steps over `word` (`true`, `false`, `null`) if it is next.
    mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard bytes.count - offset >= count, memcmp(bytes.baseAddress! + offset, word.utf8Start, count) == 0 else { return false }
        offset += count
        return true
    }

    /// Reads `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?` as a finite double; nil when the bytes here are not
    /// such a number (the offset then points at the fault) or it is too large for a double.
    ///
    /// A number of at most 15 digits whose decimal exponent is within ±22 is one exact integer times or divided
    /// by one exact power of ten, so a single correctly rounded operation gives the double `strtod` gives
    /// (Clinger's fast path); that is nearly every measurement. Any other number goes to `strtod`.
    mutating func number() -> Double? {
        let start = offset
        let negative = consume(UInt8(ascii: "-"))
        var mantissa = Mantissa()
        if !consume(UInt8(ascii: "0")) {
            guard digits(into: &mantissa) > 0 else { return nil }
        }
        if consume(UInt8(ascii: ".")) {
            let fraction = digits(into: &mantissa)
            guard fraction > 0 else { return nil }
            mantissa.exponent -= fraction
        }
        if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
            offset += 1
            let negativeExponent = offset < bytes.count && bytes[offset] == UInt8(ascii: "-")
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            var exponent = 0
            let exponentStart = offset
            while offset < bytes.count, bytes[offset] >= UInt8(ascii: "0"), bytes[offset] <= UInt8(ascii: "9") {
                exponent = min(exponent * 10 + Int(bytes[offset] - UInt8(ascii: "0")), 100_000)
                offset += 1
            }
            guard offset > exponentStart else { return nil }
            mantissa.exponent += negativeExponent ? -exponent : exponent
        }
        let scale = abs(mantissa.exponent)
        if mantissa.digits <= 15, scale < Self.exactPowersOfTen.count {
            let power = Self.exactPowersOfTen[scale]
            let magnitude = mantissa.exponent < 0 ? Double(mantissa.value) / power : Double(mantissa.value) * power
            return negative ? -magnitude : magnitude
        }
        let token = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        guard let number = Double(token), number.isFinite else {
            offset = start
            return nil
        }
        return number
    }

    /// The digits of a number read so far, as an integer, and the power of ten that scales it.
    private struct Mantissa {
        var value: UInt64 = 0
        /// How many digits `value` holds, leading zeros included; past 19 it stops growing and the slow path reads the number.
        var digits = 0
        var exponent = 0
    }

    /// 10⁰ … 10²², every power of ten a double holds exactly.
    private static let exactPowersOfTen: [Double] = (0...22).map { power in (0..<power).reduce(1.0) { value, _ in value * 10 } }

    private mutating func digits(into mantissa: inout Mantissa) -> Int {
        let start = offset
        while offset < bytes.count, bytes[offset] >= UInt8(ascii: "0"), bytes[offset] <= UInt8(ascii: "9") {
            if mantissa.digits < 19 { mantissa.value = mantissa.value * 10 + UInt64(bytes[offset] - UInt8(ascii: "0")) }
            mantissa.digits += 1
            offset += 1
        }
        return offset - start
    }
}
