extension Duration {
    /// Milliseconds with microsecond resolution: the one way every elapsed time (logs' `duration_ms`,
    /// `schema_migrations.execution_ms`, the CLI's timings) and timeout is turned into a number, so a
    /// measurement is read once and the short microsecond text stays short.
    public var milliseconds: Double {
        let (seconds, attoseconds) = components
        return (Double(seconds) * 1e6 + Double(attoseconds / 1_000_000_000_000)) / 1e3
    }
}
