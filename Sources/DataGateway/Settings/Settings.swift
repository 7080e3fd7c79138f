import Configuration
import Foundation
import Logging
import PenguinLogging

/// The gateway's resolved configuration: typed values plus where each came from.
///
/// All values are read through one swift-configuration `ConfigReader` over the sources in
/// design.md's precedence order (see ``ConfigurationSources``); the same reader is kept in ``reader``
/// so that later layers (the HTTP server) read their settings from it too.
public struct Settings: Sendable {
    /// A setting's resolved value as shown to people: secrets redacted.
    public struct Resolved: Sendable {
        public let key: SettingKey
        public let displayValue: String
        public let source: String
    }

    /// Where model versions are stored, and the key files that sign and verify their cards: every reader
    /// of the board (commands and `serve` alike) opens it through this value, so none can skip the trust check.
    public struct ModelBoardLocation: Sendable, Equatable, CustomStringConvertible {
        public enum Place: Sendable, Equatable {
            case database
            case directory(String)
        }

        public let place: Place
        /// `PENGUINS_SIGNING_KEY_FILE`: the private key that signs the cards this board stores.
        public let signingKeyFile: String?
        /// `PENGUINS_TRUSTED_KEYS_FILE`: when set, only cards signed by one of its public keys are used.
        public let trustedKeysFile: String?

        public init(_ place: Place, signingKeyFile: String? = nil, trustedKeysFile: String? = nil) {
            self.place = place
            self.signingKeyFile = signingKeyFile
            self.trustedKeysFile = trustedKeysFile
        }

        public static let database = ModelBoardLocation(.database)

        public static func directory(_ path: String) -> ModelBoardLocation { ModelBoardLocation(.directory(path)) }

        public var description: String {
            switch place {
            case .database: "database"
            case .directory(let path): "file:\(path)"
            }
        }
    }

    public let reader: ConfigReader
    public let databaseURL: DatabaseURL
    public let connectTimeout: Duration
    public let httpHost: String
    public let httpPort: Int
    /// The names a request's Host header may give; nil leaves the choice to the server (see ``SettingKey/httpAllowedHosts``).
    public let httpAllowedHosts: [String]?
    public let httpIdleTimeout: Duration
    public let httpMaxConnections: Int
    public let apiKeysFile: String?
    public let modelBoard: ModelBoardLocation
    public let modelVersion: String?
    /// A folder of the user's own migrations; nil means the migrations built into the binary.
    public let migrationsDirectory: String?
    public let logLevel: Logger.Level
    /// Nil when unset: JSON, unless the log stream is a terminal.
    public let logFormat: LogFormat?
    /// Whether `serve` writes the prediction log.
    public let predictionLog: Bool
    public let predictionLogRetentionDays: Int
    public let predictionLogQueue: Int
    /// Every setting, in ``SettingKey`` order, with its display value and source.
    public let resolved: [Resolved]
    /// The variables that say where settings come from (``SourceVariable``), as `penguins config` lists them.
    public let sourceVariables: [SourceVariable.Resolved]

    /// Whether DATABASE_URL was left unset, so the embedded SQLite file is in use: the one database the
    /// gateway may set up by itself.
    public var usesEmbeddedDefaultDatabase: Bool {
        resolved.first { $0.key == .databaseURL }?.source == "default"
    }

    /// Resolves the settings from `environment` and the files it names.
    public static func load(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws(SettingsError) -> Settings {
        let sources = try await ConfigurationSources.resolve(environment: environment)
        let recorder = SourceRecorder(labels: sources.sources.map(\.label))
        let reader = ConfigReader(providers: sources.sources.map(\.provider), accessReporter: recorder)
        return try Settings(reader: reader, recorder: recorder, environment: environment)
    }

    private init(reader: ConfigReader, recorder: SourceRecorder, environment: [String: String]) throws(SettingsError) {
        func text(_ key: SettingKey) -> String? {
            reader.string(forKey: key.configKey, isSecret: key.isSecret).flatMap { $0.isEmpty ? nil : $0 }
        }
        self.reader = reader
        databaseURL = try DatabaseURL(
            parsing: Secret(text(.databaseURL) ?? SettingKey.databaseURL.defaultValue!), environment: environment)
        connectTimeout = .seconds(try Self.number(text(.connectTimeout), .connectTimeout, in: 0...86_400))
        httpHost = text(.httpHost) ?? "127.0.0.1"
        httpPort = Int(try Self.number(text(.httpPort), .httpPort, in: 1...65_535))
        httpAllowedHosts = text(.httpAllowedHosts).map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        httpIdleTimeout = .milliseconds(Int64(1_000 * (try Self.number(text(.httpIdleTimeout), .httpIdleTimeout, in: 0.1...86_400))))
        httpMaxConnections = Int(try Self.number(text(.httpMaxConnections), .httpMaxConnections, in: 1...1_000_000))
        apiKeysFile = text(.apiKeysFile)
        modelBoard = ModelBoardLocation(
            try Self.board(text(.modelBoard)), signingKeyFile: text(.signingKeyFile), trustedKeysFile: text(.trustedKeysFile))
        modelVersion = text(.modelVersion)
        migrationsDirectory = text(.migrationsDirectory)
        logLevel = try Self.level(text(.logLevel))
        logFormat = try text(.logFormat).map { value throws(SettingsError) in
            guard let format = LogFormat(rawValue: value.lowercased()) else {
                throw .invalidValue(setting: SettingKey.logFormat.rawValue, problem: "'\(value)' is not json or text")
            }
            return format
        }
        predictionLog = try Self.switchValue(text(.predictionLog), .predictionLog)
        predictionLogRetentionDays = Int(try Self.whole(text(.predictionLogRetentionDays), .predictionLogRetentionDays, in: 1...36_500))
        predictionLogQueue = Int(try Self.whole(text(.predictionLogQueue), .predictionLogQueue, in: 1...100_000_000))
        let shown: [SettingKey: String] = [.databaseURL: databaseURL.description]
        resolved = SettingKey.allCases.map { key in
            Resolved(
                key: key, displayValue: shown[key] ?? text(key) ?? "(unset)",
                source: recorder.source(of: key) ?? "unset")
        }
        sourceVariables = SourceVariable.allCases.map { $0.resolved(environment: environment) }
    }

    private static func number(_ text: String?, _ key: SettingKey, in range: ClosedRange<Double>) throws(SettingsError) -> Double {
        let text = text ?? key.defaultValue!
        guard let value = Double(text), range.contains(value) else {
            throw .invalidValue(
                setting: key.rawValue,
                problem: "'\(text)' is not a number from \(formatDouble(range.lowerBound)) to \(formatDouble(range.upperBound))")
        }
        return value
    }

    /// A count: a number as ``number(_:_:in:)`` reads it, and whole.
    private static func whole(_ text: String?, _ key: SettingKey, in range: ClosedRange<Double>) throws(SettingsError) -> Double {
        let value = try number(text, key, in: range)
        guard value.rounded() == value else {
            throw .invalidValue(setting: key.rawValue, problem: "'\(text ?? "")' is not a whole number")
        }
        return value
    }

    private static func switchValue(_ text: String?, _ key: SettingKey) throws(SettingsError) -> Bool {
        switch (text ?? key.defaultValue!).lowercased() {
        case "on": return true
        case "off": return false
        default: throw .invalidValue(setting: key.rawValue, problem: "'\(text ?? "")' is neither on nor off")
        }
    }

    private static func board(_ text: String?) throws(SettingsError) -> ModelBoardLocation.Place {
        guard let text, text != "database" else { return .database }
        if text.hasPrefix("file:"), text.count > "file:".count { return .directory(String(text.dropFirst("file:".count))) }
        throw .invalidValue(
            setting: SettingKey.modelBoard.rawValue, problem: "'\(text)' is neither 'database' nor 'file:DIR'")
    }

    private static func level(_ text: String?) throws(SettingsError) -> Logger.Level {
        guard let text else { return .info }
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            let levels = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalidValue(setting: SettingKey.logLevel.rawValue, problem: "'\(text)' is not one of \(levels)")
        }
        return level
    }
}
