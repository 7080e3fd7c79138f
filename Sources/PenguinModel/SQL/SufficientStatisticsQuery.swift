import DataGateway

/// One aggregate query that gives everything a least-squares fit in the database needs: per combination of
/// the categorical terms' levels, the count and the sums (Σx, Σxᵢxⱼ, Σy, Σxy, Σy²) of the numeric columns over
/// the complete rows, and the count of all rows.
///
/// Within a group every dummy is constant, so XᵀX and Xᵀy follow from these few sums per group; the database
/// computes 6 sums for the labs' formula instead of 21 (many of them CASE expressions), the levels come with
/// them instead of from a DISTINCT scan per term, and the dropped-row count instead of from another scan.
public struct SufficientStatisticsQuery: Sendable {
    public let sql: String
    let formula: Formula
    /// The formula's terms in order, each numeric or categorical by its column's type.
    let kinds: [TermKind]

    enum TermKind: Sendable, Equatable {
        case numeric
        case categorical
    }

    static let totalAlias = "total"
    static let observationsAlias = "n"
    static let responseSumAlias = "sum_y"
    static let responseSquaresAlias = "sum_yy"
    /// Numeric terms and categorical terms are numbered from 1 separately, in formula order.
    static func levelAlias(_ index: Int) -> String { "level_\(index)" }
    static func sumAlias(_ index: Int) -> String { "sum_x\(index)" }
    static func productAlias(_ i: Int, _ j: Int) -> String { "sum_x\(i)_x\(j)" }
    static func responseProductAlias(_ index: Int) -> String { "sum_x\(index)_y" }

    /// The model, from the query's result (one row per level combination, as the database returned them): the
    /// levels each categorical term takes in the complete rows, sorted; the normal equations; and how many rows
    /// the source holds in all.
    public func fit(from result: Frame) throws(ModelError) -> (encoding: DesignEncoding, equations: NormalEquations, totalRows: Int) {
        let totals = try column(Self.totalAlias, in: result)
        let counts = try column(Self.observationsAlias, in: result)
        let categoricalCount = kinds.count { $0 == .categorical }
        let levelColumns = try (0..<categoricalCount).map { index throws(ModelError) in try column(Self.levelAlias(index + 1), in: result) }
        let totalRows = Int((0..<result.rowCount).reduce(0.0) { $0 + (totals.numeric($1) ?? 0) })
        // Groups with no complete row (a NULL level, or a level seen only beside missing values) teach nothing.
        let groups = (0..<result.rowCount)
            .filter { (counts.numeric($0) ?? 0) > 0 }
            .map { row in (row: row, levels: levelColumns.map { $0.string(row) ?? "" }) }
            .sorted { $0.levels.lexicographicallyPrecedes($1.levels) }
        guard !groups.isEmpty else { throw .noCompleteRows(totalRows: totalRows, columns: formula.columns) }

        var terms: [TermEncoding] = []
        var categorical = 0
        for (name, kind) in zip(formula.terms, kinds) {
            switch kind {
            case .numeric: terms.append(.numeric(name))
            case .categorical:
                let index = categorical
                // DesignEncoding de-duplicates and sorts, by bytes as the database grouped them.
                terms.append(.categorical(name, levels: groups.map { $0.levels[index] }))
                categorical += 1
            }
        }
        let encoding = try DesignEncoding(response: formula.response, terms: terms)
        let features = Self.features(of: encoding)
        let size = features.count
        var crossProducts = [Double](repeating: 0, count: size * size)
        var responseProducts = [Double](repeating: 0, count: size)
        var observations = 0.0
        var sumOfSquaredResponses = 0.0
        for group in groups {
            let count = try value(Self.observationsAlias, row: group.row, in: result)
            let sumY = try value(Self.responseSumAlias, row: group.row, in: result)
            observations += count
            sumOfSquaredResponses += try value(Self.responseSquaresAlias, row: group.row, in: result)
            // The value of the intercept or a dummy, constant within the group (measurements vary; they have sums).
            func constant(_ feature: Feature) -> Double {
                switch feature {
                case .intercept: 1
                case .dummy(let term, let level): group.levels[term].utf8.elementsEqual(level.utf8) ? 1 : 0
                case .measurement: 0
                }
            }
            for a in 0..<size {
                if case .measurement(let i) = features[a] {
                    responseProducts[a] += try value(Self.responseProductAlias(i), row: group.row, in: result)
                } else {
                    responseProducts[a] += constant(features[a]) * sumY
                }
                for b in a..<size {
                    let sum: Double
                    switch (features[a], features[b]) {
                    case (.measurement(let i), .measurement(let j)): sum = try value(Self.productAlias(i, j), row: group.row, in: result)
                    case (.measurement(let i), let other): sum = constant(other) * (try value(Self.sumAlias(i), row: group.row, in: result))
                    case (let other, .measurement(let j)): sum = constant(other) * (try value(Self.sumAlias(j), row: group.row, in: result))
                    case (let first, let second): sum = constant(first) * constant(second) * count
                    }
                    crossProducts[b * size + a] += sum
                    if a != b { crossProducts[a * size + b] += sum }
                }
            }
        }
        let equations = NormalEquations(
            names: [ModelCard.interceptName] + encoding.featureNames, observations: Int(observations), crossProducts: crossProducts,
            responseProducts: responseProducts, sumOfSquaredResponses: sumOfSquaredResponses)
        return (encoding, equations, totalRows)
    }

    /// A column of the design, as the group sums give it.
    enum Feature: Equatable {
        case intercept
        /// The `index`th numeric term (from 1).
        case measurement(Int)
        /// 1 where categorical term `term` (from 0) takes `level`.
        case dummy(term: Int, level: String)
    }

    static func features(of encoding: DesignEncoding) -> [Feature] {
        var features: [Feature] = [.intercept]
        var numeric = 0
        var categorical = 0
        for term in encoding.terms {
            switch term {
            case .numeric:
                numeric += 1
                features.append(.measurement(numeric))
            case .categorical(_, let levels):
                features += levels.dropFirst().map { .dummy(term: categorical, level: $0) }
                categorical += 1
            }
        }
        return features
    }

    private func column(_ alias: String, in result: Frame) throws(ModelError) -> Column {
        guard let column = try? result.column(alias) else { throw .missingAggregate(alias) }
        return column
    }

    private func value(_ alias: String, row: Int, in result: Frame) throws(ModelError) -> Double {
        guard let value = try column(alias, in: result).numeric(row) else { throw .missingAggregate(alias) }
        return value
    }
}
