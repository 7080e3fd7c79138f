import Configuration

/// Every setting the gateway reads: its environment name, whether it is a secret, its default and what it is for.
///
/// `secrets.example`, `penguins config` and the README's table all list these, in this order.
public enum SettingKey: String, CaseIterable, Sendable {
    case databaseURL = "DATABASE_URL"
    case connectTimeout = "PENGUINS_CONNECT_TIMEOUT"
    case httpHost = "PENGUINS_HTTP_HOST"
    case httpPort = "PENGUINS_HTTP_PORT"
    case httpAllowedHosts = "PENGUINS_HTTP_ALLOWED_HOSTS"
    case httpIdleTimeout = "PENGUINS_HTTP_IDLE_TIMEOUT"
    case httpMaxConnections = "PENGUINS_HTTP_MAX_CONNECTIONS"
    case apiKeysFile = "PENGUINS_API_KEYS_FILE"
    case modelBoard = "PENGUINS_MODEL_BOARD"
    case modelVersion = "PENGUINS_MODEL_VERSION"
    case signingKeyFile = "PENGUINS_SIGNING_KEY_FILE"
    case trustedKeysFile = "PENGUINS_TRUSTED_KEYS_FILE"
    case migrationsDirectory = "PENGUINS_MIGRATIONS_DIR"
    case logLevel = "PENGUINS_LOG_LEVEL"
    case logFormat = "PENGUINS_LOG_FORMAT"
    case predictionLog = "PENGUINS_PREDICTION_LOG"
    case predictionLogRetentionDays = "PENGUINS_PREDICTION_LOG_RETENTION_DAYS"
    case predictionLogQueue = "PENGUINS_PREDICTION_LOG_QUEUE"

    /// The environment variable name, which is also the `NAME_FILE` stem.
    public var environmentName: String { rawValue }

    /// The file name this setting has in the secrets directory, e.g. `database_url`.
    public var secretsDirectoryFileName: String { rawValue.lowercased() }

    /// The key in the shared `ConfigReader`; its environment encoding is ``environmentName`` and its
    /// secrets-directory encoding is ``secretsDirectoryFileName``.
    var configKey: ConfigKey { ConfigKey([secretsDirectoryFileName]) }

    /// Whether the value itself must be redacted wherever it is shown.
    public var isSecret: Bool { self == .databaseURL }

    /// The built-in default, or nil when unset means "not configured".
    public var defaultValue: String? {
        switch self {
        case .databaseURL: "sqlite:penguins.sqlite"
        case .connectTimeout: "30"
        case .httpHost: "127.0.0.1"
        case .httpPort: "8080"
        case .httpAllowedHosts: nil
        case .httpIdleTimeout: "30"
        case .httpMaxConnections: "1000"
        case .apiKeysFile: nil
        case .modelBoard: "database"
        case .modelVersion: nil
        case .signingKeyFile: nil
        case .trustedKeysFile: nil
        case .migrationsDirectory: nil
        case .logLevel: "info"
        case .logFormat: nil
        case .predictionLog: "on"
        case .predictionLogRetentionDays: "90"
        case .predictionLogQueue: "100000"
        }
    }

    /// One line on what the setting does, for `penguins config` and `secrets.example`.
    public var summary: String {
        switch self {
        case .databaseURL: "postgres:// or postgresql:// URI, libpq key=value string, sqlite:PATH, or a .sqlite/.db path"
        case .connectTimeout: "seconds to keep retrying a database connection, with backoff"
        case .httpHost: "address `penguins serve` listens on"
        case .httpPort: "port `penguins serve` listens on"
        case .httpAllowedHosts:
            "Host header names `penguins serve` answers, comma-separated, or *; unset: the bound address's names (any for 0.0.0.0 or ::)"
        case .httpIdleTimeout: "seconds a connection may stay idle, or take to send a request's body, before `penguins serve` closes it"
        case .httpMaxConnections: "connections `penguins serve` holds open at once; one more is closed as soon as it is accepted"
        case .apiKeysFile: "file of API keys, one per line; when set, /predict requires Authorization: Bearer KEY"
        case .modelBoard: "where model versions live: database (the models table) or file:DIR"
        case .modelVersion: "model version, latest, or alias to serve and use; the production alias if it exists, else latest, when unset"
        case .signingKeyFile: "Ed25519 private key (`penguins keys generate`) with which train and import sign the cards they store"
        case .trustedKeysFile: "public keys, one per line; when set, serve, score, predict, promote and import use only cards signed by one"
        case .migrationsDirectory: "a folder of your own migrations; the ones built into penguins when unset"
        case .logLevel: "trace, debug, info, notice, warning, error or critical"
        case .logFormat: "json or text; json unless stderr is a terminal"
        case .predictionLog: "on or off: whether `penguins serve` logs every answered /predict record to the database's prediction_log"
        case .predictionLogRetentionDays: "days the prediction log keeps rows; older ones are deleted in small batches"
        case .predictionLogQueue:
            "records the prediction log holds in memory while the database is slow or away; more are dropped and counted"
        }
    }
}
