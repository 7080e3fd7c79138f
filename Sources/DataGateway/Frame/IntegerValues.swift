/// The values of an integer column: `Int64` to every reader, stored as `Int32` for as long as every value
/// fits and widened once, in place, by the first value that does not.
///
/// Most integer columns a data scientist reads (`integer` keys, counts, years, grams) fit in 32 bits, so this
/// halves their memory with no change to what callers see: a 5M-row penguins frame has four of them.
public struct IntegerValues: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    private var narrow: [Int32] = []
    private var wide: [Int64] = []
    /// Whether the values have outgrown 32 bits and live in `wide`.
    public private(set) var isWide = false

    public init() {}

    public init(_ values: some Sequence<Int64>) {
        reserveCapacity(values.underestimatedCount)
        for value in values { append(value) }
    }

    public init(arrayLiteral elements: Int64...) { self.init(elements) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { isWide ? wide.count : narrow.count }

    @inlinable
    public subscript(index: Int) -> Int64 { value(at: index) }

    @usableFromInline
    func value(at index: Int) -> Int64 { isWide ? wide[index] : Int64(narrow[index]) }

    public mutating func reserveCapacity(_ capacity: Int) {
        if isWide { wide.reserveCapacity(capacity) } else { narrow.reserveCapacity(capacity) }
    }

    @inline(__always)
    public mutating func append(_ value: Int64) {
        if !isWide, let small = Int32(exactly: value) {
            narrow.append(small)
        } else {
            if !isWide { widen() }
            wide.append(value)
        }
    }

    public mutating func append(contentsOf other: IntegerValues) {
        if !isWide, !other.isWide {
            narrow.append(contentsOf: other.narrow)
        } else {
            if !isWide { widen() }
            wide.reserveCapacity(wide.count + other.count)
            for value in other { wide.append(value) }
        }
    }

    public static func == (left: IntegerValues, right: IntegerValues) -> Bool {
        left.count == right.count && left.elementsEqual(right)
    }

    private mutating func widen() {
        wide.reserveCapacity(Swift.max(narrow.capacity, 16))
        for value in narrow { wide.append(Int64(value)) }
        narrow = []
        isWide = true
    }
}
