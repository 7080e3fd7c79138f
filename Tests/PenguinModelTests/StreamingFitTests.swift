import DataGateway
import Foundation
import Testing
import TestSupport

@testable import PenguinModel

/// The fit of rows in batches (``StreamingFit``, a tall-skinny QR) against the one-frame fit, independent
/// references, and itself at other batch sizes.
@Suite struct StreamingFitTests {
    /// Fits `frame` fed in batches of `size` rows, the complete cases kept in a ``FrameSpill`` as `train` keeps
    /// them; returns the model and the spill's fingerprint.
    static func fitInBatches(_ formula: Formula, _ frame: Frame, size: Int) throws -> LinearModel {
        var streaming = StreamingFit(formula)
        let spill = FrameSpill()
        for start in stride(from: 0, to: frame.rowCount, by: size) {
            try spill.append(try streaming.add(frame.gathering(rows: Array(start..<min(start + size, frame.rowCount)))))
        }
        var solution = try streaming.solution()
        try spill.seal()
        try spill.forEachChunk(rows: size) { try solution.replay($0) }
        return try solution.model(dataFingerprint: try spill.fingerprint())
    }

    @Test("Batches of 1, 7 and 1000 rows give the labs' fit: scikit-learn and statsmodels to 1e-9, each other to 1e-12",
          arguments: [1, 7, 1000])
    func batchSizeDoesNotChangeTheLabsFit(size: Int) throws {
        let frame = try PenguinsFixture.frame()
        let whole = try LinearModel.fit(.penguins, to: frame)
        let batched = try Self.fitInBatches(.penguins, frame, size: size)
        #expect(batched.encoding == whole.encoding)
        #expect(batched.fit.observations == 333 && batched.summary.droppedRows == 11)
        for (index, expected) in ReferenceFitTests.coefficients.enumerated() {
            #expect(relativeError(batched.fit.coefficients[index], expected) < 1e-9)
            #expect(relativeError(batched.fit.coefficients[index], whole.fit.coefficients[index]) < 1e-12)
            #expect(relativeError(batched.fit.standardErrors[index], ReferenceFitTests.standardErrors[index]) < 1e-9)
            #expect(relativeError(batched.fit.standardErrors[index], whole.fit.standardErrors[index]) < 1e-12)
        }
        #expect(relativeError(batched.summary.rSquared, ReferenceFitTests.rSquared) < 1e-9)
        #expect(relativeError(batched.summary.meanAbsoluteError, ReferenceFitTests.mae) < 1e-9)
        #expect(relativeError(batched.fit.residualSumOfSquares, whole.fit.residualSumOfSquares) < 1e-12)
        #expect(batched.dataFingerprint == "c78b4bbba792ebe2e7a297f60758525fa35070dec3a5ce912e623b0740856703")
        #expect(batched.dataFingerprint == whole.dataFingerprint)
    }

    /// Gentoo first and Adelie (the reference) last, females last: each new level sorts before the ones seen,
    /// so the reference level changes after rows were folded, and the old reference's column is rebuilt from R.
    @Test("Levels that arrive after the rows of others, the reference last, give the same coefficients", arguments: [1, 50])
    func referenceLevelArrivingLast(size: Int) throws {
        let frame = try PenguinsFixture.frame()
        let species = try frame.column("species"), sex = try frame.column("sex")
        let order = (0..<frame.rowCount).sorted { a, b in
            let left = (species.string(a) ?? "", sex.string(a) ?? ""), right = (species.string(b) ?? "", sex.string(b) ?? "")
            return left != right ? left > right : a < b
        }
        let model = try Self.fitInBatches(.penguins, frame.gathering(rows: order), size: size)
        #expect(model.encoding.terms[1] == .categorical("species", levels: ["Adelie", "Chinstrap", "Gentoo"]))
        #expect(model.encoding.terms[2] == .categorical("sex", levels: ["female", "male"]))
        for (index, expected) in ReferenceFitTests.coefficients.enumerated() {
            #expect(relativeError(model.fit.coefficients[index], expected) < 1e-9)
        }
    }

    /// bench/reference/ill_conditioned_reference.py builds the same rows (integer arithmetic and IEEE double
    /// operations both languages evaluate alike) and solves them with NumPy's `lstsq` (LAPACK gelsd):
    ///
    ///     python3 bench/reference/ill_conditioned_reference.py
    ///
    /// It reports condition number 1.006e7 and, from least-squares perturbation theory, a relative error of
    /// about ε(κ + κ² tan θ) = 2.2e-9 for any backward-stable solver; the test allows 1e-8. The normal
    /// equations square κ to 1e14 and lose that many digits, which the last check shows.
    static let illConditionedCoefficients = [1.4999999999691849, 2.0000052101665173, -0.5000052101636095]
    static let illConditionedRSS = 8.327321928197048e-15

    static func illConditionedFrame() throws -> Frame {
        var x1 = ColumnBuilder(name: "x1", type: .double), x2 = ColumnBuilder(name: "x2", type: .double)
        var y = ColumnBuilder(name: "y", type: .double)
        for i in 0..<1000 {
            let a = Double((i * 7919) % 1009) / 1009.0
            let b = Double((i * 104729) % 1013) / 1013.0 - 0.5
            let c = Double((i * 15485863) % 1019) / 1019.0 - 0.5
            let first = 10.0 * a
            let second = first + 4e-6 * b
            x1.append(first)
            x2.append(second)
            y.append(1.5 + 2.0 * first - 0.5 * second + 1e-8 * c)
        }
        return try Frame(columns: [x1.build(), x2.build(), y.build()])
    }

    @Test("An ill-conditioned design (κ ≈ 1e7) matches NumPy lstsq to the digits κ allows, at any batch size",
          arguments: [1, 7, 1000])
    func illConditionedDesign(size: Int) throws {
        let formula = try Formula(parsing: "y ~ x1 + x2")
        let model = try Self.fitInBatches(formula, try Self.illConditionedFrame(), size: size)
        for (actual, expected) in zip(model.fit.coefficients, Self.illConditionedCoefficients) {
            #expect(relativeError(actual, expected) < 1e-8, "\(actual) vs \(expected)")
        }
        #expect(relativeError(model.fit.residualSumOfSquares, Self.illConditionedRSS) < 1e-6)
    }

    @Test func theNormalEquationsCannotSolveTheIllConditionedDesign() throws {
        let formula = try Formula(parsing: "y ~ x1 + x2")
        let frame = try Self.illConditionedFrame()
        let (design, response) = try DesignEncoding(formula: formula, learningFrom: frame).designMatrix(for: frame)
        guard let fit = try? NormalEquations(design: design, response: response).solve(responseName: "y") else { return }
        let worst = zip(fit.coefficients, Self.illConditionedCoefficients).map { relativeError($0, $1) }.max() ?? 0
        #expect(worst > 1e-6)
    }

    @Test("A bad value is reported at its row among all complete cases, not within its batch")
    func rowNumbersCountAcrossBatches() throws {
        var frame = try PenguinsFixture.frame()
        let cases = try CompleteCases(of: frame, for: .penguins).frame
        // Row 100 of the complete cases gets an infinite bill length.
        var bill = ColumnBuilder(name: "bill_length_mm", type: .double)
        var complete = 0
        let source = try frame.column("bill_length_mm")
        let species = try frame.column("species"), sex = try frame.column("sex"), mass = try frame.column("body_mass_g")
        for row in 0..<frame.rowCount {
            let isComplete = !source.isNull(row) && !species.isNull(row) && !sex.isNull(row) && !mass.isNull(row)
            if let value = source.numeric(row) { bill.append(isComplete && complete == 100 ? .infinity : value) } else { bill.appendNull() }
            if isComplete { complete += 1 }
        }
        #expect(complete == cases.rowCount)
        frame = try Frame(columns: frame.columns.map { $0.name == "bill_length_mm" ? bill.build() : $0 })
        #expect(throws: ModelError.notFinite(column: "bill_length_mm", row: 100)) { try LinearModel.fit(.penguins, to: frame) }
        #expect(throws: ModelError.notFinite(column: "bill_length_mm", row: 100)) { try Self.fitInBatches(.penguins, frame, size: 7) }
    }

    @Test("A spill hashes as the whole frame does, an int64 column widened to double in a later batch included")
    func spillFingerprint() throws {
        let cases = try CompleteCases(of: PenguinsFixture.frame(), for: .penguins).frame
        let spill = FrameSpill()
        for start in stride(from: 0, to: cases.rowCount, by: 10) {
            try spill.append(cases.gathering(rows: Array(start..<min(start + 10, cases.rowCount))))
        }
        try spill.seal()
        #expect(try spill.fingerprint() == cases.fingerprint())
        var replayed: [Frame] = []
        try spill.forEachChunk(rows: 64) { replayed.append($0) }
        #expect(try Frame.concatenating(replayed).fingerprint() == cases.fingerprint())

        // As a SQLite read widens an INTEGER column that meets a real: the whole read holds doubles throughout.
        let widened = FrameSpill()
        try widened.append(try Frame(columns: [Column(name: "n", values: .int64([1, 2]), validity: Self.allValid(2))]))
        try widened.append(try Frame(columns: [Column(name: "n", values: .double([2.5]), validity: Self.allValid(1))]))
        try widened.seal()
        let whole = try Frame(columns: [Column(name: "n", values: .double([1, 2, 2.5]), validity: Self.allValid(3))])
        #expect(try widened.fingerprint() == whole.fingerprint())
        #expect(try widened.rows(from: 0, count: 3) == whole)
    }

    static func allValid(_ count: Int) -> ValidityBitmap {
        var validity = ValidityBitmap()
        for _ in 0..<count { validity.append(true) }
        return validity
    }
}
