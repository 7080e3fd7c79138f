extension ModelCard {
    /// The longest name, gateway version or level a card may carry, in UTF-8 bytes.
    static let maximumTextBytes = 1_000
    /// The most levels a card may carry over all its terms: far more than a least-squares fit can use, few
    /// enough that one card cannot make a reader build statements of unbounded size.
    static let maximumLevels = 10_000

    /// Checks everything a card says before any of it reaches SQL, a page, a log or the predictor: a card
    /// on a board is untrusted input, written by whoever can write the `models` table or the board directory,
    /// and its content hash proves only that it was not edited by accident.
    ///
    /// It refuses text with control or format characters or of unbounded length, levels the encoding would
    /// not accept, coefficients and standard errors that do not match the feature names one for one,
    /// non-finite numbers, negative counts and a training profile that does not
    /// fit the terms (``TrainingProfile/problem(for:)``). The error names the version and what is wrong.
    func validate() throws(ModelCardError) {
        let parts = version.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, Self.isTimestamp(parts[0]), parts[1].utf8.count == 8, parts[1].utf8.allSatisfy(Self.isLowerHex) else {
            throw .malformedVersion(version)
        }
        func invalid(_ reason: String) -> ModelCardError { .invalid(version: version, reason: reason) }
        for (field, text) in [("name", name), ("gateway_version", gatewayVersion)] {
            if let reason = Self.problem(with: text) { throw invalid("\(field) \(reason)") }
        }
        guard dataFingerprint.isEmpty || (dataFingerprint.utf8.count == 64 && dataFingerprint.utf8.allSatisfy(Self.isLowerHex)) else {
            throw invalid("data_fingerprint is neither empty nor 64 lower-case hex digits")
        }
        var levelCount = 0
        for case .categorical(let term, let levels) in terms {
            levelCount += levels.count
            guard levelCount <= Self.maximumLevels else { throw invalid("the terms carry more than \(Self.maximumLevels) levels") }
            for level in levels {
                if let reason = Self.problem(with: level) { throw invalid("a level of term '\(term)' \(reason)") }
            }
        }
        do {
            _ = try Predictor(card: self)
        } catch {
            throw invalid("\(error)")
        }
        let names = Set([Self.interceptName] + featureNames)
        for (field, values) in [("coefficients", coefficients), ("standard_errors", standardErrors)] {
            guard Set(values.keys) == names else {
                let extra = Set(values.keys).subtracting(names).sorted().first.map { "has '\(String($0.prefix(100)))' beyond the feature names" }
                throw invalid("\(field) \(extra ?? "lacks a value for some feature name"); it must have one per feature name and the intercept")
            }
            if let bad = values.first(where: { !$0.value.isFinite }) { throw invalid("\(field) of '\(bad.key)' is \(bad.value)") }
        }
        let figures = [("r2", metrics.rSquared), ("adj_r2", metrics.adjustedRSquared), ("rmse", metrics.rmse), ("mae", metrics.mae), ("sigma", metrics.sigma)]
        if let bad = figures.first(where: { !$0.1.isFinite }) { throw invalid("metric \(bad.0) is \(bad.1)") }
        let counts = [("training_rows", trainingRows), ("dropped_rows", droppedRows), ("metrics.n", metrics.n), ("metrics.df_residual", metrics.residualDegreesOfFreedom)]
        if let bad = counts.first(where: { $0.1 < 0 }) { throw invalid("\(bad.0) is \(bad.1), a negative count") }
        if let reason = profile?.problem(for: terms) { throw invalid(reason) }
    }

    /// Why `text` cannot be a name or level, or nil.
    private static func problem(with text: String) -> String? {
        if text.utf8.count > maximumTextBytes { return "is longer than \(maximumTextBytes) bytes" }
        if let scalar = text.firstControlOrFormatScalar {
            return "\(String(text.prefix(100)).debugDescription) contains the control or format character \(scalar.codePointName)"
        }
        return nil
    }

    /// `yyyyMMddTHHmmssZ`, or `yyyyMMddTHHmmss.ffffffZ` (versions with microseconds, which order cards
    /// trained within one second).
    private static func isTimestamp(_ text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 16 || bytes.count == 23, bytes[8] == UInt8(ascii: "T"), bytes.last == UInt8(ascii: "Z") else { return false }
        var digits = bytes[0..<8] + bytes[9..<15]
        if bytes.count == 23 {
            guard bytes[15] == UInt8(ascii: ".") else { return false }
            digits += bytes[16..<22]
        }
        return digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
    }
}
