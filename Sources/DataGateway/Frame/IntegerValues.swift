/// The values of an integer column: `Int64` to every reader, stored in two bytes for as long as every value
/// fits, four while they fit in 32 bits, and eight beyond, widened once, in place, by the first value that
/// does not fit.
///
/// Most integer columns a data scientist reads fit in 16 bits (years, grams, millimetres, counts) or 32
/// (`integer` keys), so this cuts their memory to a quarter or a half with no change to what callers see: a
/// 5M-row penguins frame has three 16-bit columns and one 32-bit one.
public struct IntegerValues: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    private var halves: [Int16] = []
    private var words: [Int32] = []
    private var wide: [Int64] = []
    /// Bytes per value: 2, 4 or 8.
    public private(set) var width = 2

    public init() {}

    public init(_ values: some Sequence<Int64>) {
        reserveCapacity(values.underestimatedCount)
        for value in values { append(value) }
    }

    public init(arrayLiteral elements: Int64...) { self.init(elements) }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch width {
        case 2: halves.count
        case 4: words.count
        default: wide.count
        }
    }

    @inlinable
    public subscript(index: Int) -> Int64 { value(at: index) }

    @usableFromInline
    func value(at index: Int) -> Int64 {
        switch width {
        case 2: Int64(halves[index])
        case 4: Int64(words[index])
        default: wide[index]
        }
    }

    public mutating func reserveCapacity(_ capacity: Int) {
        switch width {
        case 2: halves.reserveCapacity(capacity)
        case 4: words.reserveCapacity(capacity)
        default: wide.reserveCapacity(capacity)
        }
    }

    @inline(__always)
    public mutating func append(_ value: Int64) {
        if width == 2, let small = Int16(exactly: value) {
            halves.append(small)
        } else if width <= 4, let word = Int32(exactly: value) {
            if width == 2 { widen(to: 4) }
            words.append(word)
        } else {
            if width < 8 { widen(to: 8) }
            wide.append(value)
        }
    }

    public mutating func append(contentsOf other: IntegerValues) {
        if width < other.width { widen(to: other.width) }
        switch (width, other.width) {
        case (2, _): halves.append(contentsOf: other.halves)
        case (4, 4): words.append(contentsOf: other.words)
        case (8, 8): wide.append(contentsOf: other.wide)
        default:
            reserveCapacity(count + other.count)
            for value in other { append(value) }
        }
    }

    /// Appends integers given as their bit patterns, widening once for the widest of them rather than testing
    /// each value's width as it goes.
    mutating func append(bitPatterns: UnsafeBufferPointer<UInt64>) {
        var smallest = Int64.max
        var largest = Int64.min
        for bits in bitPatterns {
            smallest = Swift.min(smallest, Int64(bitPattern: bits))
            largest = Swift.max(largest, Int64(bitPattern: bits))
        }
        guard smallest <= largest else { return }
        let needed = Int16(exactly: smallest) != nil && Int16(exactly: largest) != nil ? 2
            : Int32(exactly: smallest) != nil && Int32(exactly: largest) != nil ? 4 : 8
        if width < needed { widen(to: needed) }
        switch width {
        case 2: halves.append(contentsOf: bitPatterns.lazy.map { Int16(truncatingIfNeeded: $0) })
        case 4: words.append(contentsOf: bitPatterns.lazy.map { Int32(truncatingIfNeeded: $0) })
        default: wide.append(contentsOf: bitPatterns.lazy.map { Int64(bitPattern: $0) })
        }
    }

    public static func == (left: IntegerValues, right: IntegerValues) -> Bool {
        left.count == right.count && left.elementsEqual(right)
    }

    /// Moves every value to the wider storage directly, with no `Int64` copy of the column in between.
    private mutating func widen(to newWidth: Int) {
        let capacity = Swift.max(halves.capacity, words.capacity, 16)
        if newWidth == 4 {
            words.reserveCapacity(capacity)
            for value in halves { words.append(Int32(value)) }
        } else {
            wide.reserveCapacity(capacity)
            if width == 2 {
                for value in halves { wide.append(Int64(value)) }
            } else {
                for value in words { wide.append(Int64(value)) }
            }
            words = []
        }
        halves = []
        width = newWidth
    }
}
