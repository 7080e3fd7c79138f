import DataGateway
import Foundation

/// One `penguins monitor` run: the performance of every served version per period of the window, and the
/// drift of every input feature of every version with a training profile, with what could not be measured.
///
/// ## Topics
/// - ``measure(_:version:thresholds:minimumRecords:board:on:alongside:)``
/// - ``record(on:)``
public struct MonitorReport: Sendable {
    public let window: MonitorWindow
    public let metrics: [PeriodMetrics]
    /// By version, then in the card's term order.
    public let drift: [DriftRecord]
    /// Versions in the log whose drift was not measured, and why: too few records, not on the board, or no
    /// training profile.
    public let unmeasured: [(version: String, reason: String)]

    /// Whether any feature of any version shows major drift: `penguins monitor` then exits 3.
    public var hasMajorDrift: Bool { drift.contains { $0.verdict == .major } }

    /// The fewest records of a version the window must hold before its drift is judged. A handful of
    /// records lands in a few bins or levels whatever the population, so PSI on them reads as major drift
    /// (one record gave 8.3); 100 is what the server's live window waits for too.
    public static let minimumRecords = 100

    /// Reads the log of `window` (one version's when `version` is given) and measures it. The versions'
    /// cards are loaded from `board`, verified as every command verifies them. A version with fewer than
    /// `minimumRecords` records in the window is listed as unmeasured, not judged.
    ///
    /// Given `alongside`, a second connection to the same database, the live inputs are read over it on a
    /// thread of its own while `database` computes the period metrics: the two queries scan different
    /// tables and need nothing from each other, so with two cores they overlap (over a million records on a
    /// busy two-core machine: Postgres 1.7 s instead of 1.9 s one after the other, SQLite 2.3 s instead of
    /// 3.2 s). The connection is used only until this returns or throws.
    public static func measure(
        _ window: MonitorWindow, version: String?, thresholds: DriftThresholds, minimumRecords: Int = minimumRecords,
        board: any ModelBoard, on database: any Database, alongside: (any Database)? = nil
    ) throws -> MonitorReport {
        try validate(thresholds)
        guard minimumRecords >= 1 else {
            throw MonitorError.badThreshold(name: "min-records", value: Double(minimumRecords), problem: "give a whole number of at least 1, e.g. 100")
        }
        let (metrics, inputs) = try readLog(window, version: version, on: database, alongside: alongside)
        var drift: [DriftRecord] = []
        var unmeasured: [(String, String)] = []
        for served in inputs.keys.sorted() {
            let records = inputs[served]!.recordCount
            guard records >= minimumRecords else {
                unmeasured.append((served, "only \(records) of its records are in the window; drift is judged from \(minimumRecords) (--min-records)"))
                continue
            }
            let loaded = Result { () throws(BoardError) in try board.load(version: served) }
            if case .failure(.unknownVersion) = loaded {
                unmeasured.append((served, "it is not on the board"))
                continue
            }
            let card = try loaded.get()
            guard let profile = card.profile else {
                unmeasured.append((served, "its card has no training profile (it was trained before profiles existed); retrain to measure drift"))
                continue
            }
            drift += DriftRecord.measure(inputs[served]!, against: profile, thresholds: thresholds)
        }
        return MonitorReport(window: window, metrics: metrics, drift: drift, unmeasured: unmeasured)
    }

    /// The period metrics and the live inputs of `window`, the inputs over `alongside` when given. Both
    /// queries have finished, whichever failed, before this returns or throws, so the caller may close `alongside`.
    static func readLog(
        _ window: MonitorWindow, version: String?, on database: any Database, alongside: (any Database)?
    ) throws(MonitorError) -> ([PeriodMetrics], [String: LiveInputs]) {
        guard let alongside else {
            return (try PeriodMetrics.measure(window, version: version, on: database), try LiveInputs.read(window, version: version, on: database))
        }
        // Moved to the worker thread, which alone uses it until `value()` has returned.
        nonisolated(unsafe) let second = alongside
        let inputsWork = BackgroundWork { Result { () throws(MonitorError) in try LiveInputs.read(window, version: version, on: second) } }
        let metrics = Result { () throws(MonitorError) in try PeriodMetrics.measure(window, version: version, on: database) }
        let inputs = inputsWork.value()
        return (try metrics.get(), try inputs.get())
    }

    /// Appends the period metrics to `model_metrics` and the drift to `model_drift`, in one transaction.
    public func record(on database: any Database) throws(MonitorError) {
        let runAt = Date()
        let sql = LogWindowSQL(kind: database.kind)
        do {
            try database.transaction { () throws(DatabaseError) in
                for period in metrics {
                    for row in period.metricRows {
                        try database.execute(
                            "INSERT INTO model_metrics (version, metric, value, n, at, period) VALUES ($1, $2, $3, $4, \(sql.time("$5")), $6)",
                            [
                                .text(period.version), .text(row.metric), .double(row.value), .integer(Int64(row.n)),
                                .double(period.start.timeIntervalSince1970), .text(window.period.rawValue),
                            ])
                    }
                }
                for feature in drift {
                    try feature.insert(runAt: runAt, window: window, sql: sql, on: database)
                }
            }
        } catch {
            throw .database(error)
        }
    }

    /// Refuses thresholds no statistic can be judged by, naming the option that sets each.
    public static func validate(_ thresholds: DriftThresholds) throws(MonitorError) {
        let checks: [(String, Double, Bool, String)] = [
            ("psi-moderate", thresholds.psiModerate, thresholds.psiModerate > 0, "PSI thresholds must be positive, e.g. 0.1"),
            ("psi-major", thresholds.psiMajor, thresholds.psiMajor >= thresholds.psiModerate,
                "it must be at least --psi-moderate (\(thresholds.psiModerate)), e.g. 0.2"),
            ("p-value", thresholds.pValue, thresholds.pValue > 0 && thresholds.pValue < 1, "a p-value threshold lies between 0 and 1, e.g. 0.05"),
            ("wasserstein-std", thresholds.wassersteinPerStandardDeviation, thresholds.wassersteinPerStandardDeviation > 0,
                "it must be positive, e.g. 0.1"),
        ]
        for (name, value, holds, problem) in checks where !value.isFinite || !holds {
            throw .badThreshold(name: name, value: value, problem: value.isFinite ? problem : "give a finite number")
        }
    }
}
