import DataGateway

/// Predicts from the coefficients and the encoding alone, so a server can answer `/predict` from a model
/// card without the training frame.
///
/// ## Topics
/// - ``init(card:)``
/// - ``predict(_:)``: one record, a batch of records, or every row of a frame
public struct Predictor: Sendable, Equatable {
    public let encoding: DesignEncoding
    public let intercept: Double
    /// One per feature name, in the encoding's feature order.
    public let weights: [Double]
    /// What a record may hold for this model; every record reader is built from it.
    public let shape: RecordShape

    init(encoding: DesignEncoding, intercept: Double, weights: [Double]) {
        self.encoding = encoding
        self.intercept = intercept
        self.weights = weights
        shape = RecordShape(encoding)
    }

    /// Reads the coefficients by feature name and checks that the card's parts agree with each other.
    /// It does not check the version hash: call ``ModelCard/verifyHash()`` when the card's origin is untrusted.
    public init(card: ModelCard) throws(ModelCardError) {
        let encoding: DesignEncoding
        do {
            encoding = try DesignEncoding(response: card.formula.response, terms: card.terms)
        } catch {
            throw .inconsistent("the terms do not form a valid encoding: \(error)")
        }
        guard encoding.terms.map(\.name) == card.formula.terms else {
            throw .inconsistent("the terms \(card.terms.map(\.name)) do not match the formula \(card.formula)")
        }
        guard encoding.featureNames == card.featureNames else {
            throw .inconsistent("feature_names \(card.featureNames) do not match the terms' \(encoding.featureNames)")
        }
        var values: [Double] = []
        for name in [ModelCard.interceptName] + card.featureNames {
            guard let value = card.coefficients[name] else { throw .inconsistent("no coefficient for '\(name)'") }
            values.append(value)
        }
        self.init(encoding: encoding, intercept: values[0], weights: Array(values.dropFirst()))
    }

    /// The prediction for one record in either the natural or the dummy-coded shape.
    public func predict(_ record: [String: RecordValue]) throws(RecordError) -> Double {
        try encoding.features(of: record, shape: shape).withUnsafeBufferPointer(combine)
    }

    /// The prediction for one record checked as `/predict` checks it: every field is one the model knows,
    /// and every measurement is finite and within its ``MeasurementRange``, before the encoding's own checks.
    public func predictChecked(_ record: [String: RecordValue]) throws(RecordError) -> Double {
        let known = shape.names
        for name in record.keys.sorted() {
            guard known.contains(name) else { throw RecordError(field: name, reason: .unknownField(allowed: known.sorted())) }
            guard let range = shape.range(of: name), case .number(let value)? = record[name] else { continue }
            if let problem = range.problem(with: value, field: name) {
                throw RecordError(field: name, reason: .implausible(problem))
            }
        }
        return try predict(record)
    }

    /// The predictions for a batch; the error of a bad record says which one it was.
    public func predict(_ records: [[String: RecordValue]]) throws(RecordError) -> [Double] {
        var predictions: [Double] = []
        predictions.reserveCapacity(records.count)
        for (index, record) in records.enumerated() {
            do {
                predictions.append(try predict(record))
            } catch {
                var located = error
                located.record = index
                throw located
            }
        }
        return predictions
    }

    /// Scores every row of `frame`: nil where a used column is null, as SQL arithmetic would give NULL.
    /// An unknown level or a column of the wrong type is an error, not a silent nil.
    public func predict(_ frame: Frame) throws(RecordError) -> [Double?] {
        let bound = try BoundTerms(encoding: encoding, frame: frame)
        var features = [Double](repeating: 0, count: weights.count)
        var predictions: [Double?] = []
        predictions.reserveCapacity(frame.rowCount)
        for row in 0..<frame.rowCount {
            do {
                try bound.features(ofRow: row, into: &features)
                predictions.append(features.withUnsafeBufferPointer(combine))
            } catch {
                guard case .missing = error.reason else { throw error }
                predictions.append(nil)
            }
        }
        return predictions
    }

    /// The predictions for `count` feature vectors a reader has already laid out, `weights.count` values each
    /// in the encoding's feature order: the server reads the usual request body straight into such rows rather
    /// than into a record per row. The arithmetic is the records' own, so both give the same doubles.
    public func predict(featureRows rows: UnsafeBufferPointer<Double>, count: Int) -> [Double] {
        precondition(rows.count == count * weights.count, "\(rows.count) values are not \(count) rows of \(weights.count) features")
        return (0..<count).map { row in
            combine(UnsafeBufferPointer(rebasing: rows[(row * weights.count)..<((row + 1) * weights.count)]))
        }
    }

    /// intercept + Σ weightᵢ·xᵢ, summed in feature order.
    private func combine(_ features: UnsafeBufferPointer<Double>) -> Double {
        var sum = intercept
        for index in weights.indices { sum += weights[index] * features[index] }
        return sum
    }
}
