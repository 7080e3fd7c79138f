import Foundation

/// A position in a JSON document and the grammar's tokens and structure (``JSONGrammar``): what ``JSONParser``
/// builds its tree from and what `/predict`'s feature-row reader reads records with, so that both read the same
/// bytes the same way.
///
/// Its reading methods are inlinable: the feature-row reader calls them for every field of a 10,000-record body
/// from another module, and a call per token would cost that path a good part of its speed.
public struct JSONCursor {
    public let bytes: UnsafeBufferPointer<UInt8>
    public var offset = 0

    @inlinable
    public init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    @inlinable
    public var atEnd: Bool { offset == bytes.count }

    /// Steps over `byte` if it is next.
    @inlinable
    public mutating func consume(_ byte: UInt8) -> Bool {
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    /// Steps over JSON's four whitespace bytes.
    @inlinable
    public mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    // MARK: Structure

    /// Steps over whitespace and `bracket` (`[` or `{`) if it is next.
    @inlinable
    public mutating func open(_ bracket: UInt8) -> Bool {
        skipWhitespace()
        return consume(bracket)
    }

    /// Between the members of an array or object opened with ``open(_:)``: true when a member follows (a comma
    /// stepped over unless it is the `first`, and the whitespace after it), false when `closing` (`]` or `}`) was stepped over, nil when
    /// neither follows. So `[1,]` and `[,1]` fail where the member is read, and `[1 2]` here.
    @inlinable
    public mutating func nextMember(closing: UInt8, first: Bool) -> Bool? {
        skipWhitespace()
        if consume(closing) { return false }
        if first { return true }
        guard consume(UInt8(ascii: ",")) else { return nil }
        skipWhitespace()
        return true
    }

    /// Steps over whitespace, `:` and whitespace after an object's key.
    @inlinable
    public mutating func nameSeparator() -> Bool {
        skipWhitespace()
        guard consume(UInt8(ascii: ":")) else { return false }
        skipWhitespace()
        return true
    }

    // MARK: Tokens

    /// The bytes of the string that starts here, when it has no escape and no control character: most strings,
    /// taken as one slice of the document. Otherwise nil, with the offset left at the escape, the control byte
    /// or the end, so a decoder can go on from there. The bytes are not checked to be UTF-8.
    @inlinable
    public mutating func plainString() -> UnsafeBufferPointer<UInt8>? {
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
    @inlinable
    public mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard bytes.count - offset >= count, memcmp(bytes.baseAddress! + offset, word.utf8Start, count) == 0 else { return false }
        offset += count
        return true
    }

    /// `true` or `false`, if one is next.
    @inlinable
    public mutating func boolean() -> Bool? {
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    /// Reads `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?` as a finite double; nil when the bytes here are not
    /// such a number (the offset then points at the fault) or it is too large for a double.
    ///
    /// A number of at most 15 digits whose decimal exponent is within ±22 is one exact integer times or divided
    /// by one exact power of ten, so a single correctly rounded operation gives the double `strtod` gives
    /// (Clinger's fast path); that is nearly every measurement. Any other number goes to `strtod`.
    @inlinable
    public mutating func number() -> Double? {
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
        if mantissa.digits <= 15, scale <= 22 {
            let power = Self.exactPowerOfTen(scale)
            let magnitude = mantissa.exponent < 0 ? Double(mantissa.value) / power : Double(mantissa.value) * power
            return negative ? -magnitude : magnitude
        }
        return slowNumber(from: start)
    }

    /// The grammar's extension (``JSONGrammar/nonFiniteNumbers``): `NaN`, `Infinity`, either signed, if one is next.
    public mutating func nonFiniteNumber() -> Double? {
        let start = offset
        let sign: Double = consume(UInt8(ascii: "-")) ? -1 : 1
        if sign > 0 { _ = consume(UInt8(ascii: "+")) }
        if literal("NaN") { return .nan }
        if literal("Infinity") { return sign * .infinity }
        offset = start
        return nil
    }

    /// The digits of a number read so far, as an integer, and the power of ten that scales it.
    @usableFromInline
    struct Mantissa {
        @usableFromInline var value: UInt64 = 0
        /// How many digits `value` holds, leading zeros included; past 19 it stops growing and the slow path reads the number.
        @usableFromInline var digits = 0
        @usableFromInline var exponent = 0
        @inlinable init() {}
    }

    /// 10^`power` for 0 ≤ `power` ≤ 22, the powers of ten a double holds exactly; a switch of constants, so that
    /// inlined code needs no table.
    @inlinable
    static func exactPowerOfTen(_ power: Int) -> Double {
        switch power {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    @inlinable
    mutating func digits(into mantissa: inout Mantissa) -> Int {
        let start = offset
        while offset < bytes.count, bytes[offset] >= UInt8(ascii: "0"), bytes[offset] <= UInt8(ascii: "9") {
            if mantissa.digits < 19 { mantissa.value = mantissa.value * 10 + UInt64(bytes[offset] - UInt8(ascii: "0")) }
            mantissa.digits += 1
            offset += 1
        }
        return offset - start
    }

    /// A number the fast path cannot read exactly, through the standard library's `strtod`-equivalent, from
    /// `start` to here; nil (and the offset back at `start`) when it is too large for a double.
    @usableFromInline
    mutating func slowNumber(from start: Int) -> Double? {
        let token = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        guard let number = Double(token), number.isFinite else {
            offset = start
            return nil
        }
        return number
    }
}
