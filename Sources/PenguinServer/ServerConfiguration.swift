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
    /// The `Host` header names answered; the rest get 421 (DNS rebinding).
    public var allowedHosts: AllowedHosts
    /// How long a connection may send nothing, and how long a request may take to send its body, before the
    /// connection is closed: a slow or stalled client cannot hold a connection for ever.
    public var idleTimeout: Duration
    /// Connections held open at once; one more is closed as soon as it is accepted, and counted in
    /// `penguins_http_connection_limit_reached_total`.
    public var maxConnections: Int
    /// Log lines dropped so far because stdout was not keeping up, exposed as `penguins_log_lines_dropped_total`:
    /// the log output never stalls a request, so this is where a slow log reader shows.
    public var droppedLogLines: @Sendable () -> Int
    /// Where and how answered records are logged; nil turns the prediction log off.
    public var predictionLog: PredictionLogConfiguration?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, apiKeys: [Secret<String>] = [], databaseKind: DatabaseKind,
        maxBodyBytes: Int = 1 << 20, maxRecords: Int = 10_000, readinessCacheLifetime: Duration = .seconds(1),
        allowedHosts: AllowedHosts? = nil, idleTimeout: Duration = .seconds(30), maxConnections: Int = 1_000,
        droppedLogLines: @escaping @Sendable () -> Int = { 0 }, predictionLog: PredictionLogConfiguration? = nil
    ) {
        self.predictionLog = predictionLog
        self.allowedHosts = allowedHosts ?? AllowedHosts(boundTo: host)
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.droppedLogLines = droppedLogLines
        self.host = host
        self.port = port
        self.apiKeys = apiKeys
        self.databaseKind = databaseKind
        self.maxBodyBytes = maxBodyBytes
        self.maxRecords = maxRecords
        self.readinessCacheLifetime = readinessCacheLifetime
    }
}
