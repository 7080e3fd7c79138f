import DataGateway

/// What `penguins serve` decides before the server starts: where to listen, who may call the model, and
/// the limits that keep one request from taking the server down.
///
/// It holds values, not a `ConfigReader`: the settings layer has already validated them, so the server
/// cannot disagree with `penguins config` about what is configured.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 asks the system for a free port, which tests use.
    public var port: Int
    /// Empty means the API is open; otherwise `/predict` and `/metadata` need one of them as a bearer token.
    public var apiKeys: [Secret<String>]
    /// Shown by `/metadata` so a client knows which engine the model was trained from, never where it is.
    public var databaseKind: DatabaseKind
    /// Bodies larger than this get 413 before they are parsed, so parsing cost is bounded.
    public var maxBodyBytes: Int
    /// Batches larger than this get 413, which bounds the work of one request.
    public var maxRecords: Int
    /// How long one readiness probe's answer is reused, so a flood of `/readyz` calls costs one database ping.
    public var readinessCacheLifetime: Duration

    public init(
        host: String = "127.0.0.1", port: Int = 8080, apiKeys: [Secret<String>] = [], databaseKind: DatabaseKind,
        maxBodyBytes: Int = 1 << 20, maxRecords: Int = 10_000, readinessCacheLifetime: Duration = .seconds(1)
    ) {
        self.host = host
        self.port = port
        self.apiKeys = apiKeys
        self.databaseKind = databaseKind
        self.maxBodyBytes = maxBodyBytes
        self.maxRecords = maxRecords
        self.readinessCacheLifetime = readinessCacheLifetime
    }
}
