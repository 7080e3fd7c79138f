import Testing

@testable import DataGateway

@Suite("Frame concatenation")
struct FrameConcatenationTests {
    /// A frame of `rows` built row by row, the way a single read builds it: a string column whose values
    /// first appear in different places, an int64 and a double column with nulls.
    private func frame(_ rows: some Sequence<Int>) throws -> Frame {
        let names = ["Gentoo", "Adelie", "Chinstrap", "Emperor"]
        var name = ColumnBuilder(name: "species", type: .string)
        var id = ColumnBuilder(name: "id", type: .int64)
        var mass = ColumnBuilder(name: "mass", type: .double)
        for row in rows {
            if row % 5 == 4 { name.appendNull() } else { name.append(names[(row * 7 / 3) % names.count]) }
            id.append(Int64(row))
            if row % 3 == 0 { mass.appendNull() } else { mass.append(Double(row) * 1.5) }
        }
        return try Frame(columns: [name.build(), id.build(), mass.build()])
    }

    @Test("Joined bitmaps equal one bitmap built bit by bit, at every offset within a word")
    func bitmaps() {
        let bits = (0..<200).map { $0 % 3 != 0 && $0 % 7 != 1 }
        var whole = ValidityBitmap()
        for bit in bits { whole.append(bit) }
        for split in 0...bits.count {
            var head = ValidityBitmap()
            var tail = ValidityBitmap()
            for bit in bits[..<split] { head.append(bit) }
            for bit in bits[split...] { tail.append(bit) }
            head.append(contentsOf: tail)
            #expect(head == whole, "split at \(split)")
            #expect(head.nullCount == whole.nullCount && head.count == 200)
            #expect(bits.indices.allSatisfy { head[$0] == bits[$0] }, "split at \(split)")
        }
    }

    @Test("Slices join into exactly the frame one read of the same rows builds, dictionary order included")
    func sameAsOneRead() throws {
        let whole = try frame(0..<300)
        for cuts in [[0, 300], [0, 1, 300], [0, 64, 65, 200, 300], [0, 150, 150, 300]] {
            let slices = try zip(cuts, cuts.dropFirst()).map { try frame($0..<$1) }
            #expect(try Frame.concatenating(slices) == whole, "cuts \(cuts)")
        }
    }

    @Test("A gathered (re-ordered) slice is re-coded in order of first appearance")
    func gatheredSlices() throws {
        let reversed = try frame(0..<100).gathering(rows: Array((0..<100).reversed()))
        let joined = try Frame.concatenating([reversed, try frame(100..<120)])
        #expect(joined == (try frame(Array((0..<100).reversed()) + Array(100..<120))))
    }

    @Test("Slices of different shapes are refused")
    func mismatched() throws {
        let other = try Frame(columns: [ColumnBuilder(name: "species", type: .int64).build()])
        #expect(throws: FrameError.self) { try Frame.concatenating([try frame(0..<3), other]) }
        #expect(try Frame.concatenating([]) == .empty)
    }
}
