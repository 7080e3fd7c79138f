import Crypto

extension Frame {
    /// SHA-256 over the frame's schema and values in row order, as lowercase hex.
    ///
    /// It identifies the exact data a model was trained on: the same rows give the same fingerprint on
    /// Postgres and SQLite, because it hashes decoded values (not engine bytes) and ignores dictionary order.
    public func fingerprint() -> String {
        var hasher = SHA256()
        // The bytes are gathered in chunks: one hash update per value cost more than reading the frame.
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 16 + 64)
        func flushIfFull() {
            guard chunk.count >= 1 << 16 else { return }
            hasher.update(data: chunk)
            chunk.removeAll(keepingCapacity: true)
        }
        for column in columns {
            chunk.append(lengthPrefixed: column.name)
            chunk.append(lengthPrefixed: column.type.rawValue)
            let validity = column.validity
            // One switch per column, not per value: the per-row loops then touch only the buffers.
            func hashRows(_ appendValue: (Int, inout [UInt8]) -> Void) {
                for row in 0..<rowCount {
                    flushIfFull()
                    guard validity[row] else {
                        chunk.append(0)
                        continue
                    }
                    chunk.append(1)
                    appendValue(row, &chunk)
                }
            }
            switch column.values {
            case .double(let values), .date(let values): hashRows { $1.append(littleEndian: values[$0].bitPattern) }
            case .int64(let values): hashRows { $1.append(littleEndian: UInt64(bitPattern: values[$0])) }
            case .bool(let values): hashRows { $1.append(values[$0] ? 1 : 0) }
            case .string(let codes, let dictionary):
                let encoded = dictionary.map { text in
                    var bytes: [UInt8] = []
                    bytes.append(lengthPrefixed: text)
                    return bytes
                }
                hashRows { $1.append(contentsOf: encoded[Int(codes[$0])]) }
            }
        }
        hasher.update(data: chunk)
        return hasher.finalize().hexString
    }
}

/// SHA-256 of `bytes` as lowercase hex: migration checksums and model hashes use the same form.
public func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
    SHA256.hash(data: Array(bytes)).hexString
}

extension [UInt8] {
    fileprivate mutating func append(littleEndian value: UInt64) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    fileprivate mutating func append(lengthPrefixed text: String) {
        append(littleEndian: UInt64(text.utf8.count))
        append(contentsOf: text.utf8)
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
