import Foundation
import Crypto

extension Frame {
    /// SHA-256 over the frame's schema and values in row order, as lowercase hex.
    ///
    /// It identifies the exact data a model was trained on: the same rows give the same fingerprint on
    /// Postgres and SQLite, because it hashes decoded values (not engine bytes) and ignores dictionary order.
    public func fingerprint() -> String {
        var feed = HashFeed()
        for column in columns {
            feed.append(lengthPrefixed: column.name)
            feed.append(lengthPrefixed: column.type.rawValue)
            column.feedValues(into: &feed)
        }
        return feed.finalize()
    }
}

extension Column {
    /// Feeds each row to `feed` as 0 when null, else 1 and its value's bytes: the body of a column in the
    /// fingerprint, shared by ``Frame/fingerprint()`` and ``FrameSpill/fingerprint()``.
    func feedValues(into feed: inout HashFeed) {
        // One switch per column, not per value: the per-row loops then touch only the buffers.
        switch values {
        case .double(let values), .date(let values):
            feed.appendRows(count, validity: validity) { $1.append(littleEndian: values[$0].bitPattern) }
        case .int64(let values):
            feed.appendRows(count, validity: validity) { $1.append(littleEndian: UInt64(bitPattern: values[$0])) }
        case .bool(let values):
            feed.appendRows(count, validity: validity) { $1.append(values[$0] ? 1 : 0) }
        case .string(let codes, let dictionary):
            let encoded = dictionary.map { text in
                var bytes: [UInt8] = []
                Swift.withUnsafeBytes(of: UInt64(text.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
                bytes.append(contentsOf: text.utf8)
                return bytes
            }
            feed.appendRows(count, validity: validity) { row, feed in encoded[Int(codes[row])].withUnsafeBytes { feed.append($0) } }
        }
    }
}

/// The bytes bound for SHA-256, gathered 64 KB at a time in one buffer: one hash update per value cost more
/// than reading the frame, and growing an array a byte at a time cost more than the hash itself.
struct HashFeed: ~Copyable {
    private var hasher = SHA256()
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
    private var used = 0

    deinit { buffer.deallocate() }

    mutating func append(_ byte: UInt8) {
        makeRoom(1)
        buffer[used] = byte
        used += 1
    }

    mutating func append(littleEndian value: UInt64) {
        makeRoom(8)
        buffer.storeBytes(of: value.littleEndian, toByteOffset: used, as: UInt64.self)
        used += 8
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count <= buffer.count else {
            flush()
            hasher.update(bufferPointer: bytes)
            return
        }
        makeRoom(bytes.count)
        UnsafeMutableRawBufferPointer(rebasing: buffer[used..<(used + bytes.count)]).copyMemory(from: bytes)
        used += bytes.count
    }

    /// Each row as 0 when null, else 1 and its value's bytes.
    mutating func appendRows(_ count: Int, validity: ValidityBitmap, _ appendValue: (Int, inout HashFeed) -> Void) {
        for row in 0..<count {
            guard validity[row] else {
                append(0)
                continue
            }
            append(1)
            appendValue(row, &self)
        }
    }

    mutating func append(lengthPrefixed text: String) {
        append(littleEndian: UInt64(text.utf8.count))
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    consuming func finalize() -> String {
        flush()
        return hasher.finalize().hexString
    }

    private mutating func makeRoom(_ count: Int) {
        if used + count > buffer.count { flush() }
    }

    private mutating func flush() {
        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<used]))
        used = 0
    }
}

/// SHA-256 of `bytes` as lowercase hex: migration checksums and model hashes use the same form. Hashed in
/// place: a migration's mapped CSV is not copied for its checksum.
public func sha256Hex(_ bytes: some DataProtocol) -> String {
    SHA256.hash(data: bytes).hexString
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
