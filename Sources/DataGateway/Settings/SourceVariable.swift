import Foundation

/// The environment variables that say where settings and secrets come from, rather than being settings:
/// read from the process environment only, and listed by `penguins config` beside the settings.
public enum SourceVariable: String, CaseIterable, Sendable {
    case envFile = "PENGUINS_ENV_FILE"
    case secretsDirectory = "PENGUINS_SECRETS_DIR"
    case passwordFile = "PGPASSWORD_FILE"

    /// A variable's value as shown to people (each holds a path, never a secret) and where it came from.
    public struct Resolved: Sendable {
        public let variable: SourceVariable
        public let displayValue: String
        public let source: String
    }

    func resolved(environment: [String: String]) -> Resolved {
        if let value = environment[rawValue], !value.isEmpty {
            return Resolved(variable: self, displayValue: value, source: "environment")
        }
        if self == .secretsDirectory, let directory = ConfigurationSources.defaultSecretsDirectory {
            return Resolved(variable: self, displayValue: directory, source: "default")
        }
        return Resolved(variable: self, displayValue: "(unset)", source: "unset")
    }
}
