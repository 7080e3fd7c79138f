import DataGateway
import Foundation

/// One input feature's drift for one served version, as `penguins monitor` prints it and `model_drift`
/// stores it: the live inputs of the window against the training profile in that version's card, each
/// statistic with the thresholds it was judged by.
public struct DriftRecord: Sendable, Equatable {
    public enum Statistics: Sendable, Equatable {
        case numeric(NumericDrift)
        case categorical(CategoricalDrift)
    }

    public let version: String
    public let feature: String
    public let statistics: Statistics
    public let thresholds: DriftThresholds

    public var psi: Double {
        switch statistics {
        case .numeric(let drift): drift.psi
        case .categorical(let drift): drift.psi
        }
    }

    public var verdict: DriftVerdict {
        switch statistics {
        case .numeric(let drift): drift.verdict
        case .categorical(let drift): drift.verdict
        }
    }

    public var liveCount: Int {
        switch statistics {
        case .numeric(let drift): drift.liveCount
        case .categorical(let drift): drift.liveCount
        }
    }

    public var trainingCount: Int {
        switch statistics {
        case .numeric(let drift): drift.trainingCount
        case .categorical(let drift): drift.trainingCount
        }
    }

    /// Every feature of `profile` that `live` holds inputs for, in the card's term order.
    static func measure(_ live: LiveInputs, against profile: TrainingProfile, thresholds: DriftThresholds) -> [DriftRecord] {
        profile.features.compactMap { feature -> DriftRecord? in
            let statistics: Statistics
            switch feature {
            case .numeric(let training):
                guard let sample = live.numbers[training.name],
                    let drift = NumericDrift(live: sample, against: training, thresholds: thresholds)
                else { return nil }
                statistics = .numeric(drift)
            case .categorical(let training):
                guard let counts = live.levels[training.name],
                    let drift = CategoricalDrift(live: counts, against: training, thresholds: thresholds)
                else { return nil }
                statistics = .categorical(drift)
            }
            return DriftRecord(version: live.version, feature: feature.name, statistics: statistics, thresholds: thresholds)
        }
    }

    /// Appends this result to `model_drift` as one row of the run that started at `runAt`.
    func insert(runAt: Date, window: MonitorWindow, sql: LogWindowSQL, on database: any Database) throws(DatabaseError) {
        var numeric: (ks: Double, p: Double, wasserstein: Double, threshold: Double)?
        var chiSquare: Double?
        switch statistics {
        case .numeric(let drift):
            numeric = (
                drift.kolmogorovSmirnov.statistic, drift.kolmogorovSmirnov.pValue, drift.wassersteinPerStandardDeviation,
                thresholds.wassersteinPerStandardDeviation
            )
        case .categorical(let drift):
            chiSquare = drift.chiSquare.pValue
        }
        func number(_ value: Double?) -> SQLValue { value.map(SQLValue.double) ?? .null }
        try database.execute(
            """
            INSERT INTO model_drift (run_at, period_start, period_end, version, feature, kind, psi, psi_moderate, psi_major,
                ks_statistic, ks_p_value, wasserstein_std, wasserstein_std_threshold, chi2_p_value, p_value_threshold,
                drift, live_n, training_n)
            VALUES (\(sql.time("$1")), \(sql.time("$2")), \(sql.time("$3")), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
            """,
            [
                .double(runAt.timeIntervalSince1970), .double(window.start.timeIntervalSince1970), .double(window.end.timeIntervalSince1970),
                .text(version), .text(feature), .text(numeric == nil ? "categorical" : "numeric"), .double(psi),
                .double(thresholds.psiModerate), .double(thresholds.psiMajor), number(numeric?.ks), number(numeric?.p),
                number(numeric?.wasserstein), number(numeric?.threshold), number(chiSquare), .double(thresholds.pValue),
                .text(verdict.rawValue), .integer(Int64(liveCount)), .integer(Int64(trainingCount)),
            ])
    }
}
