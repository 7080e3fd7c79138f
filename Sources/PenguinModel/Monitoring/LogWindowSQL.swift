import DataGateway

/// The engine-specific pieces of the monitor's queries over the prediction log: the window's bounds and
/// the period a row falls in, both computed so that the indexes on `predicted_at` serve them.
struct LogWindowSQL {
    let kind: DatabaseKind

    /// `predicted_at` within the window whose start and end (seconds since 1970) are bound to `$1` and `$2`.
    func within(_ column: String) -> String {
        "\(column) >= \(time("$1")) AND \(column) < \(time("$2"))"
    }

    /// The stored time of the seconds since 1970 bound to `parameter`. SQLite keeps times as
    /// `%Y-%m-%dT%H:%M:%fZ` text, compared as text, so every time the monitor writes or compares has that form.
    func time(_ parameter: String) -> String {
        switch kind {
        case .postgres: "to_timestamp(\(parameter))"
        case .sqlite: "strftime('%Y-%m-%dT%H:%M:%fZ', \(parameter), 'unixepoch')"
        }
    }

    /// The start of the UTC period `column` falls in: a `timestamptz` on Postgres; on SQLite the text's
    /// prefix (`2026-12-01T14` or `2026-12-01`), which ``periodStart(_:)`` completes, cheaper per row than a date function.
    func period(_ column: String, _ period: MonitorWindow.Period) -> String {
        switch kind {
        case .postgres: "date_trunc('\(period.rawValue)', \(column), 'UTC')"
        case .sqlite: "substr(\(column), 1, \(period == .hour ? 13 : 10))"
        }
    }

    /// The inputs table as the distribution query reads it. SQLite is told to use the covering index of
    /// migration 0007, which yields the groups in order; without statistics its planner would pick the time
    /// index and group every row through a temporary B-tree, six times the CPU for a day of a busy log.
    var inputsForDistribution: String {
        switch kind {
        case .postgres: "prediction_log_inputs"
        case .sqlite: "prediction_log_inputs INDEXED BY prediction_log_inputs_distribution"
        }
    }
}
