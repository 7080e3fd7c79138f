import Testing

@testable import DataGateway

/// Every message, report and response quotes numbers through ``formatDouble(_:)`` or ``writeDouble(_:to:)``;
/// `/predict` writes 10,000 of them per batch with the second, so the two must write the same text.
@Suite("Number text")
struct NumberTextTests {
    @Test("Whole numbers lose the .0, others take the shortest round-tripping text, NaN stays nan")
    func text() {
        let cases: [(Double, String)] = [
            (45, "45"), (-0.0, "0"), (5275.663941169736, "5275.663941169736"), (-298.77, "-298.77"), (1e15, "1000000000000000.0"), (1e16, "1e+16"),
            (999_999_999_999_999, "999999999999999"), (5e-324, "5e-324"), (.infinity, "inf"), (-.infinity, "-inf"), (.nan, "nan"),
            (-Double.nan, "nan"), (Double(bitPattern: 0x7FF8_0000_0000_0001), "nan"),
        ]
        for (value, expected) in cases {
            var written = "x"
            writeDouble(value, to: &written)
            #expect(formatDouble(value) == expected, "\(value)")
            #expect(written == "x" + expected, "\(value)")
        }
    }
}
