import Crypto

extension Frame {
    /// SHA-256 over the frame's schema and values in row order, as lowercase hex.
    ///
    /// It identifies the exact data a model was trained on: the same rows give the same fingerprint on
    /// Postgres and SQLite, because it hashes decoded values (not engine bytes) and ignores dictionary order.
    public func fingerprint() -> String {
        var hasher = SHA256()
        for column in columns {
            hasher.update(lengthPrefixed: column.name)
            hasher.update(lengthPrefixed: column.type.rawValue)
            for row in 0..<rowCount {
                guard !column.isNull(row) else {
                    hasher.update(data: [0])
                    continue
                }
                hasher.update(data: [1])
                switch column.values {
                case .double(let values), .date(let values):
                    hasher.update(littleEndian: values[row].bitPattern)
                case .int64(let values):
                    hasher.update(littleEndian: UInt64(bitPattern: values[row]))
                case .bool(let values):
                    hasher.update(data: [values[row] ? 1 : 0])
                case .string(let codes, let dictionary):
                    hasher.update(lengthPrefixed: dictionary[Int(codes[row])])
                }
            }
        }
        return hasher.finalize().hexString
    }
}

/// SHA-256 of `bytes` as lowercase hex: migration checksums and model hashes use the same form.
public func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
    SHA256.hash(data: Array(bytes)).hexString
}

extension SHA256 {
    fileprivate mutating func update(littleEndian value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { update(bufferPointer: $0) }
    }

    fileprivate mutating func update(lengthPrefixed text: String) {
        update(littleEndian: UInt64(text.utf8.count))
        update(data: Array(text.utf8))
    }
}

extension Sequence where Element == UInt8 {
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
