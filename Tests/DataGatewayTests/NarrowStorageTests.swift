import Testing

@testable import DataGateway

@Suite("Narrow column storage")
struct NarrowStorageTests {
    @Test("Integers take two bytes while they fit, four up to 32 bits, eight beyond, widening with every earlier value intact")
    func integersWiden() {
        var values = IntegerValues()
        for value in Int64(-5)...5 { values.append(value) }
        values.append(Int64(Int16.max))
        values.append(Int64(Int16.min))
        #expect(values.width == 2)
        values.append(Int64(Int16.max) + 1)
        values.append(Int64(Int32.max))
        #expect(values.width == 4)
        values.append(Int64(Int32.max) + 1)
        values.append(Int64.min)
        #expect(values.width == 8)
        let expected = Array(Int64(-5)...5) + [Int64(Int16.max), Int64(Int16.min), Int64(Int16.max) + 1, Int64(Int32.max), Int64(Int32.max) + 1, Int64.min]
        #expect(Array(values) == expected)
        // Joining widens to the wider side, whichever it is.
        var joined = IntegerValues([1, 2])
        joined.append(contentsOf: values)
        #expect(joined.width == 8 && Array(joined) == [1, 2] + expected)
        var words = IntegerValues([70_000])
        words.append(contentsOf: IntegerValues([1, -1]))
        #expect(words.width == 4 && Array(words) == [70_000, 1, -1])
        // Equality is by value, whatever the storage.
        var wide = IntegerValues([Int64.max])
        wide.append(7)
        #expect(IntegerValues([7]) == IntegerValues(Array(wide.dropFirst())))
    }

    @Test("Codes take one byte up to 256 entries, two up to 65,536, four beyond, with every code intact")
    func codesWiden() {
        var codes = DictionaryCodes()
        for code in UInt32(0)..<256 { codes.append(code) }
        #expect(codes.width == 1)
        codes.append(256)
        #expect(codes.width == 2)
        codes.append(65_535)
        #expect(codes.width == 2)
        codes.append(70_000)
        #expect(codes.width == 4)
        #expect(Array(codes) == Array(UInt32(0)..<257) + [65_535, 70_000])
        #expect(DictionaryCodes([1, 2, 3]) == [1, 2, 3])
    }

    @Test("A column builder with more than 256 distinct strings keeps every value")
    func manyDistinctStrings() {
        var builder = ColumnBuilder(name: "s", type: .string)
        for row in 0..<70_000 { builder.append("value \(row % 66_000)") }
        let column = builder.build()
        #expect(column.string(0) == "value 0" && column.string(65_999) == "value 65999" && column.string(69_999) == "value 3999")
        guard case .string(let codes, let dictionary) = column.values else { return }
        #expect(codes.width == 4 && dictionary.count == 66_000)
    }
}
