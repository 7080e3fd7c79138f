import DataGateway
import Foundation
import PenguinModel

/// Everything the report shows, gathered by the caller from the database and the model board.
///
/// The report never opens a connection itself: it takes values, so it can be built from either engine,
/// from a fixture in tests, and cannot leak a database location or credential it was never given.
public struct ReportInput: Sendable {
    public var penguins: Penguins
    /// Only the engine's kind is shown, never where the database is.
    public var databaseKind: DatabaseKind
    /// The latest applied migration; nil when the history is empty or unknown.
    public var migrationVersion: Int?
    /// The version the server serves (`PENGUINS_MODEL_VERSION`, else the board's newest): the model page
    /// describes this card, never a formula refitted for the report. Nil when the board is empty.
    public var servedCard: ModelCard?
    /// The board's versions, newest first.
    public var versionHistory: [ModelCard]
    /// Evaluations recorded in `model_metrics`, oldest first.
    public var metricsHistory: [MetricPoint]
    /// The prediction log, drift and alias history for the Monitoring page; empty before anything is logged.
    public var monitoring: MonitoringInput
    /// Printed on every page, so a reader can tell a stale site from a fresh one.
    public var generatedAt: Date

    public init(
        penguins: Penguins, databaseKind: DatabaseKind, migrationVersion: Int?, servedCard: ModelCard?,
        versionHistory: [ModelCard], metricsHistory: [MetricPoint], monitoring: MonitoringInput = MonitoringInput(),
        generatedAt: Date
    ) {
        self.penguins = penguins
        self.databaseKind = databaseKind
        self.migrationVersion = migrationVersion
        self.servedCard = servedCard
        self.versionHistory = versionHistory
        self.metricsHistory = metricsHistory
        self.monitoring = monitoring
        self.generatedAt = generatedAt
    }
}
