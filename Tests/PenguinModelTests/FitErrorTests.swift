import DataGateway
import PenguinModel
import TestSupport
import Testing

/// Degenerate designs must fail with an error that names the culprit, never yield NaN coefficients.
@Suite struct FitErrorTests {
    private func frame(species wanted: Set<String>) throws -> Frame {
        let frame = try PenguinsFixture.frame()
        let species = try frame.column("species")
        return frame.filter { species.string($0).map(wanted.contains) ?? false }
    }

    /// The fixture plus a double column computed from each row.
    private func frame(adding name: String, _ value: (Frame, Int) -> Double?) throws -> Frame {
        let frame = try PenguinsFixture.frame()
        var builder = ColumnBuilder(name: name, type: .double)
        for row in 0..<frame.rowCount {
            if let value = value(frame, row) { builder.append(value) } else { builder.appendNull() }
        }
        return try Frame(columns: frame.columns + [builder.build()])
    }

    @Test func oneSpeciesLeavesNoDummyToEstimate() throws {
        let adelie = try frame(species: ["Adelie"])
        #expect(throws: ModelError.singleLevel(term: "species", level: "Adelie")) {
            try LinearModel.fit(.penguins, to: adelie)
        }
        let message = ModelError.singleLevel(term: "species", level: "Adelie").description
        #expect(message.contains("every dummy column of it would be all zero"))
    }

    @Test func aLevelMissingFromTheDataIsAnAllZeroFeature() throws {
        let encoding = try DesignEncoding(response: "body_mass_g", terms: [
            .numeric("bill_length_mm"),
            .categorical("species", levels: ["Adelie", "Chinstrap", "Gentoo"]),
            .categorical("sex", levels: ["female", "male"]),
        ])
        let twoSpecies = try frame(species: ["Adelie", "Chinstrap"])
        #expect(throws: ModelError.allZero(feature: "species_Gentoo")) { try LinearModel.fit(encoding, to: twoSpecies) }

        let cases = try CompleteCases(of: twoSpecies, for: .penguins)
        let (design, response) = try encoding.designMatrix(for: cases.frame)
        #expect(throws: ModelError.allZero(feature: "species_Gentoo")) {
            try NormalEquations(design: design, response: response).solve(responseName: "body_mass_g")
        }
    }

    @Test func aLevelMissingFromTheEncodingIsRejected() throws {
        let encoding = try DesignEncoding(response: "body_mass_g", terms: [.categorical("species", levels: ["Gentoo", "Adelie"])])
        #expect(throws: ModelError.unknownLevel(term: "species", value: "Chinstrap", allowed: ["Adelie", "Gentoo"])) {
            try LinearModel.fit(encoding, to: PenguinsFixture.frame())
        }
    }

    @Test func emptyFrames() throws {
        #expect(throws: ModelError.frame(.missingColumn("body_mass_g", available: []))) {
            try LinearModel.fit(.penguins, to: Frame.empty)
        }
        let noRows = try PenguinsFixture.frame().filter { _ in false }
        #expect(throws: ModelError.noCompleteRows(totalRows: 0, columns: Formula.penguins.columns)) {
            try LinearModel.fit(.penguins, to: noRows)
        }
    }

    @Test func fewerRowsThanParameters() throws {
        let threeRows = try PenguinsFixture.frame().gathering(rows: [0, 1, 2])
        let formula = try Formula(parsing: "body_mass_g ~ bill_length_mm + bill_depth_mm")
        #expect(throws: ModelError.tooFewRows(rows: 3, parameters: 3)) { try LinearModel.fit(formula, to: threeRows) }
    }

    @Test func constantColumnIsNamedWithItsValue() throws {
        let frame = try PenguinsFixture.frame()
        let year = try frame.column("year")
        let only2007 = frame.filter { year.int64($0) == 2007 }
        let formula = try Formula(parsing: "body_mass_g ~ bill_length_mm + year")
        #expect(throws: ModelError.constant(feature: "year", value: 2007)) { try LinearModel.fit(formula, to: only2007) }
    }

    @Test func collinearColumnIsNamedWithItsPartners() throws {
        let frame = try frame(adding: "bill_length_cm") { frame, row in
            (try? frame.column("bill_length_mm"))?.numeric(row).map { $0 / 10 }
        }
        let formula = try Formula(parsing: "body_mass_g ~ bill_length_mm + species + bill_length_cm")
        let expected = ModelError.collinear(feature: "bill_length_cm", combinationOf: ["bill_length_mm"])
        #expect(throws: expected) { try LinearModel.fit(formula, to: frame) }

        let cases = try CompleteCases(of: frame, for: formula)
        let (design, response) = try DesignEncoding(formula: formula, learningFrom: cases.frame).designMatrix(for: cases.frame)
        #expect(throws: expected) { try NormalEquations(design: design, response: response).solve(responseName: "body_mass_g") }
    }

    @Test func nearlyConstantColumnIsCollinearWithTheIntercept() throws {
        let frame = try frame(adding: "almost_one") { _, row in 1 + (row == 0 ? 1e-13 : 0) }
        let formula = try Formula(parsing: "body_mass_g ~ bill_length_mm + almost_one")
        #expect(throws: ModelError.constant(feature: "almost_one", value: nil)) { try LinearModel.fit(formula, to: frame) }
    }

    @Test func nonFiniteValueIsRejected() throws {
        let frame = try frame(adding: "weird") { _, row in row == 5 ? .infinity : Double(row) }
        let formula = try Formula(parsing: "body_mass_g ~ weird")
        #expect(throws: ModelError.notFinite(column: "weird", row: 4)) { try LinearModel.fit(formula, to: frame) }
    }

    @Test func constantResponse() throws {
        let frame = try PenguinsFixture.frame()
        let mass = try frame.column("body_mass_g")
        let same = frame.filter { mass.int64($0) == 3800 }
        let formula = try Formula(parsing: "body_mass_g ~ bill_length_mm")
        #expect(throws: ModelError.constantResponse(column: "body_mass_g", value: 3800)) { try LinearModel.fit(formula, to: same) }
    }

    @Test func unsupportedColumnTypes() throws {
        let formula = try Formula(parsing: "species ~ bill_length_mm")
        #expect(throws: ModelError.unsupportedColumnType(column: "species", type: .string, role: "response")) {
            try LinearModel.fit(formula, to: PenguinsFixture.frame())
        }
    }

    @Test func duplicateFeatureNames() throws {
        #expect(throws: ModelError.duplicateFeature("species_Gentoo")) {
            try DesignEncoding(response: "y", terms: [.categorical("species", levels: ["Adelie", "Gentoo"]), .numeric("species_Gentoo")])
        }
    }

    @Test("The design matrix names the first bad row in row order, the response before the terms, whichever column holds it")
    func firstBadRowInRowOrder() throws {
        func frame(mass: [Double?], bill: [Double?], species: [String?]) throws -> Frame {
            var massColumn = ColumnBuilder(name: "body_mass_g", type: .double)
            var billColumn = ColumnBuilder(name: "bill_length_mm", type: .double)
            var speciesColumn = ColumnBuilder(name: "species", type: .string)
            for row in mass.indices {
                if let value = mass[row] { massColumn.append(value) } else { massColumn.appendNull() }
                if let value = bill[row] { billColumn.append(value) } else { billColumn.appendNull() }
                if let value = species[row] { speciesColumn.append(value) } else { speciesColumn.appendNull() }
            }
            return try Frame(columns: [massColumn.build(), billColumn.build(), speciesColumn.build()])
        }
        let encoding = try DesignEncoding(response: "body_mass_g", terms: [.numeric("bill_length_mm"), .categorical("species", levels: ["Adelie", "Gentoo"])])
        // The categorical term (second) fails at row 1, the numeric term (first) only at row 3.
        let laterTerm = try frame(mass: [1, 2, 3, 4], bill: [40, 41, 42, nil], species: ["Adelie", nil, "Gentoo", "Adelie"])
        #expect(throws: ModelError.missingValue(column: "species", row: 1)) { try encoding.designMatrix(for: laterTerm) }
        // Both terms fail at row 2: the first term is named.
        let sameRow = try frame(mass: [1, 2, 3], bill: [40, 41, .infinity], species: ["Adelie", "Gentoo", "Emperor"])
        #expect(throws: ModelError.notFinite(column: "bill_length_mm", row: 2)) { try encoding.designMatrix(for: sameRow) }
        // The response fails on the row a term fails on: the response is named.
        let responseFirst = try frame(mass: [1, nil, 3], bill: [40, 41, 42], species: ["Adelie", nil, "Gentoo"])
        #expect(throws: ModelError.missingValue(column: "body_mass_g", row: 1)) { try encoding.designMatrix(for: responseFirst) }
        let unknown = try frame(mass: [1, 2], bill: [40, 41], species: ["Adelie", "Emperor"])
        #expect(throws: ModelError.unknownLevel(term: "species", value: "Emperor", allowed: ["Adelie", "Gentoo"])) {
            try encoding.designMatrix(for: unknown)
        }
    }
}
