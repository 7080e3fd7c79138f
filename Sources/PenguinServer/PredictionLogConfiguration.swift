import DataGateway

/// How `serve` keeps its prediction log (`PENGUINS_PREDICTION_LOG` and the settings after it): where, how long,
/// and how much it holds in memory while the database is slow or away.
public struct PredictionLogConfiguration: Sendable {
    /// The database the log is written to: the one `serve` was started against.
    public var url: DatabaseURL
    /// Rows older than this are deleted, a few thousand at a time.
    public var retentionDays: Int
    /// Records held in memory at most (queued, or being written); more are dropped and counted.
    public var queueCapacity: Int
    /// Records per transaction, about: a request's records always go in one.
    public var batchRecords: Int
    /// How long a stop waits for the queue to be written before it gives up and says how many were lost.
    public var shutdownWait: Duration
    /// How often old rows are looked for.
    public var retentionInterval: Duration

    public init(
        url: DatabaseURL, retentionDays: Int = 90, queueCapacity: Int = 100_000, batchRecords: Int = 10_000,
        shutdownWait: Duration = .seconds(10), retentionInterval: Duration = .seconds(3_600)
    ) {
        self.url = url
        self.retentionDays = retentionDays
        self.queueCapacity = queueCapacity
        self.batchRecords = batchRecords
        self.shutdownWait = shutdownWait
        self.retentionInterval = retentionInterval
    }
}
