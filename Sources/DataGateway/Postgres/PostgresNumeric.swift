/// Converts Postgres `numeric` from its binary form (base-10000 digits) to the nearest `Double`.
///
/// Most values take an exact fast path (at most 16 decimal digits and a power of ten a double holds
/// exactly, so one correctly rounded multiply or divide); the rest go through decimal text, which the
/// standard library parses with correct rounding.
enum PostgresNumeric {
    private static let positive: UInt16 = 0x0000
    private static let negative: UInt16 = 0x4000
    private static let notANumber: UInt16 = 0xC000
    private static let plusInfinity: UInt16 = 0xD000
    private static let minusInfinity: UInt16 = 0xF000
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    static func double(from field: UnsafeRawBufferPointer) throws(DatabaseError) -> Double {
        guard field.count >= 8 else { throw malformed("header of \(field.count) bytes") }
        let digitCount = Int(Int16(bigEndian: field.loadUnaligned(fromByteOffset: 0, as: Int16.self)))
        let weight = Int(Int16(bigEndian: field.loadUnaligned(fromByteOffset: 2, as: Int16.self)))
        let sign = UInt16(bigEndian: field.loadUnaligned(fromByteOffset: 4, as: UInt16.self))
        guard digitCount >= 0, field.count == 8 + 2 * digitCount else {
            throw malformed("\(digitCount) digits in \(field.count) bytes")
        }
        switch sign {
        case notANumber: return .nan
        case plusInfinity: return .infinity
        case minusInfinity: return -.infinity
        case positive, negative: break
        default: throw malformed("sign 0x\(String(sign, radix: 16))")
        }
        let digits = UnsafeRawBufferPointer(rebasing: field[8...])
        for index in 0..<digitCount where digit(digits, index) >= 10_000 {
            throw malformed("digit \(digit(digits, index))")
        }
        let magnitude = magnitude(digits: digits, count: digitCount, weight: weight)
        return sign == negative ? -magnitude : magnitude
    }

    @inline(__always)
    private static func digit(_ digits: UnsafeRawBufferPointer, _ index: Int) -> UInt16 {
        UInt16(bigEndian: digits.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self))
    }

    /// The value of `count` base-10000 digits where the first one counts 10000^weight.
    private static func magnitude(digits: UnsafeRawBufferPointer, count: Int, weight: Int) -> Double {
        guard count > 0 else { return 0 }
        // value = mantissa × 10^exponent
        let exponent = 4 * (weight - (count - 1))
        if count <= 4 {
            let mantissa = (0..<count).reduce(UInt64(0)) { $0 * 10_000 + UInt64(digit(digits, $1)) }
            if mantissa <= 1 << 53, abs(exponent) < exactPowersOfTen.count {
                return exponent >= 0
                    ? Double(mantissa) * exactPowersOfTen[exponent] : Double(mantissa) / exactPowersOfTen[-exponent]
            }
        }
        var text = String(digit(digits, 0))
        for index in 1..<count {
            let group = String(digit(digits, index))
            text += String(repeating: "0", count: 4 - group.count) + group
        }
        return Double(text + "e\(exponent)") ?? .nan
    }

    private static func malformed(_ problem: String) -> DatabaseError {
        DatabaseError(.query, "malformed numeric value from the server: \(problem)")
    }
}
