/// Seconds from the Unix epoch to the Postgres epoch, 2000-01-01T00:00:00Z.
let postgresEpochOffset: Int64 = 946_684_800

extension PostgresType {
    /// Decodes one non-null field in the type's binary wire form and appends it to `builder`.
    ///
    /// Both bulk reads (binary COPY) and small queries (binary results) go through here, so the two paths
    /// can never disagree on a value. A field of the wrong size is a malformed stream, not a crash.
    @inline(__always)
    func append(_ field: UnsafeRawBufferPointer, to builder: inout ColumnBuilder) throws(DatabaseError) {
        switch self {
        case .int2:
            try expect(field, size: 2)
            builder.append(Int64(Int16(bigEndian: field.loadUnaligned(as: Int16.self))))
        case .int4:
            try expect(field, size: 4)
            builder.append(Int64(Int32(bigEndian: field.loadUnaligned(as: Int32.self))))
        case .int8:
            try expect(field, size: 8)
            builder.append(Int64(bigEndian: field.loadUnaligned(as: Int64.self)))
        case .oid:
            try expect(field, size: 4)
            builder.append(Int64(UInt32(bigEndian: field.loadUnaligned(as: UInt32.self))))
        case .float4:
            try expect(field, size: 4)
            builder.append(Double(Float(bitPattern: UInt32(bigEndian: field.loadUnaligned(as: UInt32.self)))))
        case .float8:
            try expect(field, size: 8)
            builder.append(Double(bitPattern: UInt64(bigEndian: field.loadUnaligned(as: UInt64.self))))
        case .numeric:
            builder.append(try PostgresNumeric.double(from: field))
        case .bool:
            try expect(field, size: 1)
            builder.append(field[0] != 0)
        case .date:
            try expect(field, size: 4)
            let days = Int32(bigEndian: field.loadUnaligned(as: Int32.self))
            switch days {
            case .max: builder.append(Double.infinity)
            case .min: builder.append(-Double.infinity)
            default: builder.append(Double(Int64(days) * 86_400 + postgresEpochOffset))
            }
        case .timestamp, .timestamptz:
            try expect(field, size: 8)
            let microseconds = Int64(bigEndian: field.loadUnaligned(as: Int64.self))
            switch microseconds {
            case .max: builder.append(Double.infinity)
            case .min: builder.append(-Double.infinity)
            default: builder.append(Self.unixSeconds(microsecondsSincePostgresEpoch: microseconds))
            }
        case .text:
            builder.appendUTF8(field)
        case .jsonb:
            guard field.first == 1 else { throw malformedField("jsonb", "unknown jsonb version") }
            builder.appendUTF8(UnsafeRawBufferPointer(rebasing: field[1...]))
        case .uuid:
            try expect(field, size: 16)
            builder.append(Self.uuidText(field))
        }
    }

    /// Whole seconds and the fraction are converted separately so that times far from 2000 keep
    /// their microseconds as well as a double can.
    private static func unixSeconds(microsecondsSincePostgresEpoch microseconds: Int64) -> Double {
        var (seconds, fraction) = microseconds.quotientAndRemainder(dividingBy: 1_000_000)
        if fraction < 0 {
            seconds -= 1
            fraction += 1_000_000
        }
        return Double(seconds + postgresEpochOffset) + Double(fraction) / 1_000_000
    }

    private static func uuidText(_ bytes: UnsafeRawBufferPointer) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    @inline(__always)
    private func expect(_ field: UnsafeRawBufferPointer, size: Int) throws(DatabaseError) {
        guard field.count == size else {
            throw malformedField("\(self)", "expected \(size) bytes, got \(field.count)")
        }
    }

    private func malformedField(_ type: String, _ problem: String) -> DatabaseError {
        DatabaseError(.query, "malformed \(type) value from the server: \(problem)")
    }
}
