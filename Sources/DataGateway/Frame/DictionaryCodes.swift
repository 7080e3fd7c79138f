/// The per-row codes of a dictionary-encoded string column: `UInt32` to every reader, stored in one byte
/// while the dictionary has at most 256 entries, two up to 65,536, and four beyond.
///
/// A categorical column (species, island, sex) then costs one byte a row instead of four; the width grows
/// once, in place, when the dictionary outgrows it.
public struct DictionaryCodes: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    private var bytes: [UInt8] = []
    private var halves: [UInt16] = []
    private var words: [UInt32] = []
    /// Bytes per code: 1, 2 or 4.
    public private(set) var width = 1

    public init() {}

    public init(_ codes: some Sequence<UInt32>) {
        reserveCapacity(codes.underestimatedCount)
        for code in codes { append(code) }
    }

    public init(arrayLiteral elements: UInt32...) { self.init(elements) }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch width {
        case 1: bytes.count
        case 2: halves.count
        default: words.count
        }
    }

    @inlinable
    public subscript(index: Int) -> UInt32 { code(at: index) }

    @usableFromInline
    func code(at index: Int) -> UInt32 {
        switch width {
        case 1: UInt32(bytes[index])
        case 2: UInt32(halves[index])
        default: words[index]
        }
    }

    public mutating func reserveCapacity(_ capacity: Int) {
        switch width {
        case 1: bytes.reserveCapacity(capacity)
        case 2: halves.reserveCapacity(capacity)
        default: words.reserveCapacity(capacity)
        }
    }

    @inline(__always)
    public mutating func append(_ code: UInt32) {
        if width == 1, code <= UInt32(UInt8.max) {
            bytes.append(UInt8(truncatingIfNeeded: code))
        } else if width <= 2, code <= UInt32(UInt16.max) {
            if width == 1 { widen(to: 2) }
            halves.append(UInt16(truncatingIfNeeded: code))
        } else {
            if width < 4 { widen(to: 4) }
            words.append(code)
        }
    }

    /// Appends codes given in 64-bit slots, widening once for the largest of them.
    mutating func append(slots: UnsafeBufferPointer<UInt64>) {
        guard let largest = slots.max() else { return }
        let needed = largest <= UInt64(UInt8.max) ? 1 : largest <= UInt64(UInt16.max) ? 2 : 4
        if width < needed { widen(to: needed) }
        switch width {
        case 1: bytes.append(contentsOf: slots.lazy.map { UInt8(truncatingIfNeeded: $0) })
        case 2: halves.append(contentsOf: slots.lazy.map { UInt16(truncatingIfNeeded: $0) })
        default: words.append(contentsOf: slots.lazy.map { UInt32(truncatingIfNeeded: $0) })
        }
    }

    public static func == (left: DictionaryCodes, right: DictionaryCodes) -> Bool {
        left.count == right.count && left.elementsEqual(right)
    }

    private mutating func widen(to newWidth: Int) {
        let codes = Array(self)
        let capacity = Swift.max(bytes.capacity, halves.capacity, 16)
        bytes = []
        halves = []
        width = newWidth
        reserveCapacity(capacity)
        for code in codes {
            if newWidth == 2 { halves.append(UInt16(truncatingIfNeeded: code)) } else { words.append(code) }
        }
    }
}
