import Foundation

/// Finds the dictionary code of text that arrives as UTF-8 bytes: one hash, one probe, one `memcmp`,
/// and no `String` unless the text is new.
///
/// Every string field of a bulk read goes through here, so it avoids what a `[String: UInt32]` costs per
/// field: building a `String` and hashing it with a seeded SipHash. Open addressing with linear probing
/// over a power-of-two table kept at most half full.
struct DictionaryIndex: Sendable {
    /// Code + 1 per slot; 0 marks an empty slot.
    private var slots = [UInt32](repeating: 0, count: 16)
    private var hashes: [UInt64] = []
    /// Every entry's bytes, one after another; entry `code` spans `starts[code]..<starts[code + 1]`.
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]

    var count: Int { hashes.count }

    /// The code of `text`, adding it with the next code when it is new.
    @inline(__always)
    mutating func code(of text: UnsafeRawBufferPointer) -> (code: UInt32, isNew: Bool) {
        let hash = Self.fnv1a(text)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            let code = Int(entry - 1)
            if hashes[code] == hash, matches(code, text) { return (UInt32(code), false) }
            slot = (slot + 1) & mask
        }
        let code = UInt32(hashes.count)
        hashes.append(hash)
        bytes.append(contentsOf: text)
        starts.append(bytes.count)
        slots[slot] = code + 1
        if hashes.count * 2 > slots.count { rehash(capacity: slots.count * 2) }
        return (code, true)
    }

    @inline(__always)
    private func matches(_ code: Int, _ text: UnsafeRawBufferPointer) -> Bool {
        let start = starts[code]
        guard starts[code + 1] - start == text.count else { return false }
        return bytes.withUnsafeBytes { stored in
            text.count == 0 || memcmp(stored.baseAddress! + start, text.baseAddress!, text.count) == 0
        }
    }

    private mutating func rehash(capacity: Int) {
        var slots = [UInt32](repeating: 0, count: capacity)
        for (code, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = UInt32(code + 1)
        }
        self.slots = slots
    }

    private static func fnv1a(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
