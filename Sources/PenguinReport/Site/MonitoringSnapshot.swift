import DataGateway
import Foundation
import PenguinModel

/// Reads the Monitoring page's values from the database and the board, inside the caller's read-only
/// transaction (``DataGateway/Database/readOnly(_:)``), so the page shows one consistent moment.
///
/// Counting and binning run in SQL, so a log of a million records comes back as a few hundred rows. A
/// database migrated before the log existed (migration 6) or the drift table (migration 7) reads as empty.
public enum MonitoringSnapshot {
    /// The first migrations that create the prediction log and the drift table.
    static let predictionLogMigration = 6
    static let driftMigration = 7

    public static func read(on database: any Database, board: any ModelBoard, migrationVersion: Int?) throws -> MonitoringInput {
        var input = MonitoringInput(aliasHistory: try board.aliasHistory(alias: nil))
        guard let migrationVersion, migrationVersion >= predictionLogMigration else { return input }
        input.period = try period(on: database)
        input.predictions = try predictions(on: database, per: input.period)
        input.actualsRecorded = Int(try database.query("SELECT count(*) AS n FROM prediction_actuals").column("n").numeric(0) ?? 0)
        guard migrationVersion >= driftMigration else { return input }
        input.performance = try performance(on: database)
        let drift = try latestDrift(on: database)
        input.drift = drift.map(\.finding)
        input.distributions = try distributions(drift, board: board, on: database)
        return input
    }

    /// `penguins monitor`'s RMSE and MAE per period (its rows name their period; `evaluate`'s leave it NULL).
    /// A period measured by several runs keeps the latest run's value.
    static func performance(on database: any Database) throws -> [MetricPoint] {
        let frame = try database.query("""
            SELECT version, metric, value, n, \(epochSeconds("at", database.kind)) AS at FROM model_metrics
            WHERE period IS NOT NULL AND metric IN ('rmse', 'mae') ORDER BY id
            """)
        let version = try frame.column("version"), metric = try frame.column("metric"), value = try frame.column("value")
        let n = try frame.column("n"), at = try frame.column("at")
        var latest: [String: MetricPoint] = [:]
        for row in 0..<frame.rowCount {
            let point = MetricPoint(
                version: version.string(row) ?? "", metric: metric.string(row) ?? "", value: value.numeric(row) ?? .nan,
                n: Int(n.numeric(row) ?? 0), at: Date(timeIntervalSince1970: at.numeric(row) ?? 0))
            latest["\(point.version)\u{0}\(point.metric)\u{0}\(point.at.timeIntervalSince1970)"] = point
        }
        return latest.values.sorted { ($0.at, $0.version, $0.metric) < ($1.at, $1.version, $1.metric) }
    }

    /// A drift row with the id its live inputs are found by.
    struct StoredDrift {
        let id: Int64
        let finding: DriftFinding
    }

    /// The rows of the latest run, worst verdict first.
    static func latestDrift(on database: any Database) throws -> [StoredDrift] {
        let epoch = { (column: String) in epochSeconds(column, database.kind) }
        let frame = try database.query("""
            SELECT id, \(epoch("run_at")) AS run_at, \(epoch("period_start")) AS period_start, \(epoch("period_end")) AS period_end,
                version, feature, psi, psi_moderate, psi_major, ks_statistic, ks_p_value, wasserstein_std,
                wasserstein_std_threshold, chi2_p_value, p_value_threshold, drift, live_n, training_n
            FROM model_drift WHERE run_at = (SELECT max(run_at) FROM model_drift)
            ORDER BY CASE drift WHEN 'major' THEN 0 WHEN 'moderate' THEN 1 ELSE 2 END, feature, version
            """)
        let column = { (name: String) throws -> Column in try frame.column(name) }
        let (id, runAt, from, to) = (try column("id"), try column("run_at"), try column("period_start"), try column("period_end"))
        let (version, feature, verdict) = (try column("version"), try column("feature"), try column("drift"))
        let (psi, moderate, major) = (try column("psi"), try column("psi_moderate"), try column("psi_major"))
        let (ks, ksP, wasserstein, wassersteinThreshold) = (
            try column("ks_statistic"), try column("ks_p_value"), try column("wasserstein_std"), try column("wasserstein_std_threshold")
        )
        let (chiSquareP, pThreshold) = (try column("chi2_p_value"), try column("p_value_threshold"))
        let (liveN, trainingN) = (try column("live_n"), try column("training_n"))
        return (0..<frame.rowCount).map { row in
            let date = { (column: Column) in Date(timeIntervalSince1970: column.numeric(row) ?? 0) }
            let p = pThreshold.numeric(row) ?? 0.05
            let pValue = { (column: Column) in column.numeric(row).map { DriftFinding.Statistic(value: $0, threshold: p, crossed: $0 < p) } }
            let psiValue = psi.numeric(row) ?? .nan, psiModerate = moderate.numeric(row) ?? .nan
            let finding = DriftFinding(
                feature: feature.string(row) ?? "", version: version.string(row) ?? "", runAt: date(runAt), from: date(from), to: date(to),
                psi: .init(value: psiValue, threshold: psiModerate, crossed: psiValue >= psiModerate),
                psiMajorThreshold: major.numeric(row) ?? .nan, ksStatistic: ks.numeric(row), ksP: pValue(ksP),
                wasserstein: wasserstein.numeric(row).map { value in
                    let threshold = wassersteinThreshold.numeric(row) ?? .nan
                    return .init(value: value, threshold: threshold, crossed: value >= threshold)
                },
                chiSquareP: pValue(chiSquareP), verdict: DriftFinding.Verdict(rawValue: verdict.string(row) ?? "") ?? DriftFinding.Verdict.none,
                liveN: Int(liveN.numeric(row) ?? 0), trainingN: Int(trainingN.numeric(row) ?? 0))
            return StoredDrift(id: Int64(id.numeric(row) ?? 0), finding: finding)
        }
    }

    /// Hours when the log spans up to two days, else days.
    static func period(on database: any Database) throws -> MonitoringPeriod {
        let epoch = epochSeconds("predicted_at", database.kind)
        let span = try database.query("SELECT min(\(epoch)) AS first, max(\(epoch)) AS last FROM prediction_log")
        guard let first = try span.column("first").numeric(0), let last = try span.column("last").numeric(0) else { return .hour }
        return .covering(from: Date(timeIntervalSince1970: first), to: Date(timeIntervalSince1970: last))
    }

    static func predictions(on database: any Database, per period: MonitoringPeriod) throws -> [PeriodCount] {
        let start = periodStart("predicted_at", period, database.kind)
        let frame = try database.query("""
            SELECT \(start) AS start, version, count(*) AS n, avg(prediction) AS mean
            FROM prediction_log GROUP BY start, version ORDER BY start, version
            """)
        let starts = try frame.column("start"), versions = try frame.column("version")
        let counts = try frame.column("n"), means = try frame.column("mean")
        return (0..<frame.rowCount).map { row in
            PeriodCount(
                start: Date(timeIntervalSince1970: starts.numeric(row) ?? 0), version: versions.string(row) ?? "",
                predictions: Int(counts.numeric(row) ?? 0), meanPrediction: means.numeric(row) ?? .nan)
        }
    }

    /// Each drift row's training distribution (its version's card profile) beside the live inputs of the
    /// window the run read, binned as the profile bins: a row whose card has no profile gets none.
    static func distributions(_ drift: [StoredDrift], board: any ModelBoard, on database: any Database) throws -> [FeatureDistribution] {
        var profiles: [String: TrainingProfile?] = [:]
        var distributions: [FeatureDistribution] = []
        for stored in drift {
            let finding = stored.finding
            if profiles[finding.version] == nil {
                // A version no longer on the board, or one trained before profiles, has nothing to compare against.
                profiles[finding.version] = .some((try? board.load(version: finding.version))?.profile)
            }
            guard let profile = profiles[finding.version] ?? nil, let feature = profile.feature(named: finding.feature) else { continue }
            distributions.append(try distribution(of: feature, driftRow: stored.id, version: finding.version, on: database))
        }
        return distributions
    }

    /// The live inputs of drift row `id`'s feature, version and window, counted per bin in SQL. A value's
    /// bin is the number of interior edges at or below it, as ``PenguinModel/QuantileBins/bin(of:)`` counts.
    static func distribution(of feature: FeatureProfile, driftRow id: Int64, version: String, on database: any Database) throws -> FeatureDistribution {
        let window = """
            FROM prediction_log l JOIN model_drift d ON d.id = $1
            WHERE l.version = d.version AND l.predicted_at >= d.period_start AND l.predicted_at < d.period_end
            """
        let (number, level) = inputTerm(of: "l.inputs", named: "d.feature", database.kind)
        switch feature {
        case .numeric(let profile):
            let edges = profile.bins.edges.count > 2 ? Array(profile.bins.edges.dropFirst().dropLast()) : []
            let cases = edges.indices.map { "WHEN \(number) < $\($0 + 2) THEN \($0)" }.joined(separator: " ")
            let bin = edges.isEmpty ? "0" : "CASE \(cases) ELSE \(edges.count) END"
            let frame = try database.query(
                "SELECT \(bin) AS bin, count(*) AS n \(window) AND \(number) IS NOT NULL GROUP BY bin",
                [.integer(id)] + edges.map { .double($0) })
            var counts = [Int](repeating: 0, count: edges.count + 1)
            let bins = try frame.column("bin"), n = try frame.column("n")
            for row in 0..<frame.rowCount {
                if let index = bins.numeric(row).map({ Int($0) }), counts.indices.contains(index) { counts[index] = Int(n.numeric(row) ?? 0) }
            }
            return FeatureDistribution(
                feature: profile.name, version: version, bins: .numeric(innerEdges: edges), trainingShares: profile.shares, liveCounts: counts)
        case .categorical(let profile):
            let frame = try database.query("SELECT \(level) AS level, count(*) AS n \(window) AND \(level) IS NOT NULL GROUP BY 1", [.integer(id)])
            let levels = try frame.column("level"), n = try frame.column("n")
            var counts = [Int](repeating: 0, count: profile.levels.count)
            for row in 0..<frame.rowCount {
                if let level = levels.string(row), let index = profile.levels.firstIndex(of: level) { counts[index] = Int(n.numeric(row) ?? 0) }
            }
            let total = Double(max(profile.n, 1))
            return FeatureDistribution(
                feature: profile.name, version: version, bins: .categorical(levels: profile.levels),
                trainingShares: profile.counts.map { Double($0) / total }, liveCounts: counts)
        }
    }

    /// Seconds since 1970 of a stored time: a `timestamptz` on Postgres, ISO 8601 text on SQLite.
    static func epochSeconds(_ column: String, _ kind: DatabaseKind) -> String {
        switch kind {
        case .postgres: "CAST(extract(epoch FROM \(column)) AS double precision)"
        // Whole seconds plus the milliseconds `%f` adds to `%S`: julianday's floating point would blur the millisecond.
        case .sqlite:
            "(CAST(strftime('%s', \(column)) AS INTEGER) + (CAST(strftime('%f', \(column)) AS REAL) - CAST(strftime('%S', \(column)) AS INTEGER)))"
        }
    }

    /// One term of a logged record's `inputs` object (migration 0009), as SQL: its number when it holds one,
    /// its level when it holds text, NULL otherwise. `name` is SQL yielding the term's name; a card's term names
    /// are identifiers, so the SQLite path needs no escaping inside its quotes.
    static func inputTerm(of inputs: String, named name: String, _ kind: DatabaseKind) -> (number: String, level: String) {
        switch kind {
        case .postgres:
            return (
                "CASE WHEN jsonb_typeof(\(inputs) -> \(name)) = 'number' THEN CAST(\(inputs) ->> \(name) AS double precision) END",
                "CASE WHEN jsonb_typeof(\(inputs) -> \(name)) = 'string' THEN \(inputs) ->> \(name) END"
            )
        case .sqlite:
            let path = "'$.\"' || \(name) || '\"'"
            return (
                "CASE WHEN json_type(\(inputs), \(path)) IN ('real', 'integer') THEN json_extract(\(inputs), \(path)) END",
                "CASE WHEN json_type(\(inputs), \(path)) = 'text' THEN json_extract(\(inputs), \(path)) END"
            )
        }
    }

    /// The start of the UTC hour or day holding a stored time, in seconds since 1970, computed exactly (whole
    /// seconds on SQLite, numeric on Postgres) so a record on the hour is never counted in the hour before.
    static func periodStart(_ column: String, _ period: MonitoringPeriod, _ kind: DatabaseKind) -> String {
        let seconds = Int(period.seconds)
        return switch kind {
        case .postgres: "CAST(floor(extract(epoch FROM \(column)) / \(seconds)) * \(seconds) AS double precision)"
        case .sqlite: "(CAST(strftime('%s', \(column)) AS INTEGER) / \(seconds) * \(seconds))"
        }
    }
}
