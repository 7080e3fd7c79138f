import Testing

@testable import DataGateway

@Suite("Frame")
struct FrameTests {
    /// species, mass (with a null), island.
    private func sample() throws -> Frame {
        var species = ColumnBuilder(name: "species", type: .string)
        var mass = ColumnBuilder(name: "mass", type: .int64)
        var bill = ColumnBuilder(name: "bill", type: .double)
        let rows: [(String, Int64?, Double?)] = [
            ("Adelie", 3750, 39.1), ("Gentoo", 5000, 46.1), ("Adelie", nil, nil), ("Adelie", 3250, 40.3), ("Gentoo", 5400, 48.7),
        ]
        for (name, grams, millimetres) in rows {
            species.append(name)
            if let grams { mass.append(grams) } else { mass.appendNull() }
            if let millimetres { bill.append(millimetres) } else { bill.appendNull() }
        }
        return try Frame(columns: [species.build(), mass.build(), bill.build()])
    }

    @Test("Strings are dictionary-encoded: each distinct value stored once")
    func dictionaryEncoding() throws {
        let species = try sample().column("species")
        guard case .string(let codes, let dictionary) = species.values else {
            Issue.record("species should be a string column")
            return
        }
        #expect(dictionary == ["Adelie", "Gentoo"])
        #expect(codes == [0, 1, 0, 0, 1])
        #expect(species.distinctStrings() == ["Adelie", "Gentoo"])
    }

    @Test("Text appended as bytes or as String shares one dictionary entry; invalid UTF-8 is repaired, not trapped")
    func bytesAndStrings() {
        var builder = ColumnBuilder(name: "s", type: .string)
        builder.append("Gentoo")
        for text in ["Gentoo", "Adelie", "Gentoo", "Adélie"] {
            Array(text.utf8).withUnsafeBytes { builder.appendUTF8($0) }
        }
        [UInt8]([0x41, 0xFF]).withUnsafeBytes { builder.appendUTF8($0) }
        [UInt8]([0x41, 0xFF]).withUnsafeBytes { builder.appendUTF8($0) }
        builder.append("Adelie")
        let column = builder.build()
        guard case .string(let codes, let dictionary) = column.values else {
            Issue.record("expected a string column")
            return
        }
        #expect(dictionary == ["Gentoo", "Adelie", "Adélie", "A\u{FFFD}"])
        #expect(codes == [0, 0, 1, 0, 2, 3, 3, 1])
    }

    @Test("Infinite timestamps display instead of trapping")
    func infiniteTimestamps() throws {
        var builder = ColumnBuilder(name: "d", type: .date)
        builder.append(Double.infinity)
        builder.append(-Double.infinity)
        builder.append(Double(86_400 * 365))
        let column = builder.build()
        #expect((0..<3).map(column.displayValue) == ["infinity", "-infinity", "1971-01-01"])
    }

    @Test("Validity bitmap tracks nulls across word boundaries")
    func validity() {
        var bitmap = ValidityBitmap()
        for row in 0..<200 { bitmap.append(row % 3 != 0) }
        #expect(bitmap.count == 200)
        #expect(bitmap.nullCount == 67)
        #expect(bitmap[0] == false && bitmap[1] && bitmap[129] == false && bitmap[199])
    }

    @Test("An all-valid bitmap made a word at a time equals one appended row by row", arguments: [0, 1, 63, 64, 65, 128, 200])
    func allValid(count: Int) {
        var appended = ValidityBitmap()
        for _ in 0..<count { appended.append(true) }
        let whole = ValidityBitmap(allValid: count)
        #expect(whole == appended)
        #expect(whole.count == count && whole.nullCount == 0)
        // Bits past the count stay zero, so a row appended later lands as it would on the appended bitmap.
        var extended = whole
        extended.append(false)
        appended.append(false)
        #expect(extended == appended)
    }

    @Test("Dropping rows with nulls, filtering and gathering keep columns aligned")
    func dropAndFilter() throws {
        let frame = try sample()
        let complete = try frame.droppingRows(withNullsIn: ["mass", "bill"])
        #expect(complete.rowCount == 4)
        #expect(try complete.column("species").string(2) == "Adelie")
        #expect(try complete.column("mass").int64(2) == 3250)
        let gentoo = try frame.filter { try frame.column("species").string($0) == "Gentoo" }
        #expect(try gentoo.column("mass").int64(1) == 5400)
        #expect(throws: FrameError.missingColumn("nope", available: ["species", "mass", "bill"])) {
            try frame.droppingRows(withNullsIn: ["nope"])
        }
    }

    @Test("Group summaries: count, mean, sample sd, min, max; nulls counted in rows but not values")
    func summarize() throws {
        let summaries = try sample().summarize("mass", by: ["species"])
        #expect(summaries.map(\.key) == [["Adelie"], ["Gentoo"]])
        let adelie = summaries[0]
        #expect(adelie.rows == 3 && adelie.count == 2)
        #expect(adelie.mean == 3500)
        #expect(abs(adelie.standardDeviation! - 353.5533905932738) < 1e-9)
        #expect(adelie.minimum == 3250 && adelie.maximum == 3750)
        #expect(throws: FrameError.self) { try sample().summarize("species", by: ["mass"]) }
    }

    @Test("Head renders an aligned text table with NA for nulls")
    func head() throws {
        #expect(
            try sample().head(3) == """
                species  mass  bill
                Adelie   3750  39.1
                Gentoo   5000  46.1
                Adelie   NA    NA
                """)
    }

    @Test("Construction refuses duplicate names and ragged columns")
    func invalidFrames() throws {
        var a = ColumnBuilder(name: "a", type: .int64)
        a.append(Int64(1))
        var b = ColumnBuilder(name: "b", type: .int64)
        #expect(throws: FrameError.lengthMismatch(column: "b", expected: 1, actual: 0)) { try Frame(columns: [a.build(), b.build()]) }
        b.append(Int64(2))
        #expect(throws: FrameError.duplicateColumn("a")) { try Frame(columns: [a.build(), a.build()]) }
    }

    @Test("The Penguins view names a missing or mistyped column")
    func penguinsView() throws {
        #expect(throws: FrameError.missingColumn("id", available: ["species", "mass", "bill"])) { try Penguins(sample()) }
    }

    @Test("Fingerprints depend on values, not on dictionary order")
    func fingerprint() throws {
        var first = ColumnBuilder(name: "s", type: .string)
        var second = ColumnBuilder(name: "s", type: .string)
        first.append("x")
        first.append("y")
        second.append("y")
        second.append("x")
        let a = try Frame(columns: [first.build()])
        let b = try Frame(columns: [second.build()])
        #expect(a.fingerprint() != b.fingerprint())
        #expect(a.fingerprint() == a.gathering(rows: [0, 1]).fingerprint())
        #expect(a.fingerprint().count == 64)
    }
}
