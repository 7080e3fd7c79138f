import Configuration
import Foundation
import SystemPackage

/// The configuration providers in precedence order, each with the label `penguins config` shows as its source.
///
/// 1. the process environment; 2. `NAME_FILE` files; 3. the secrets directory; 4. the dotenv file; 5. defaults.
struct ConfigurationSources: Sendable {
    struct Source: Sendable {
        let label: String
        let provider: any ConfigProvider
    }

    let sources: [Source]

    /// Builds the providers from `environment`, checking every secret-bearing file's mode first.
    static func resolve(environment: [String: String]) async throws(SettingsError) -> ConfigurationSources {
        var sources = [
            Source(
                label: "environment",
                provider: EnvironmentVariablesProvider(
                    environmentVariables: environment,
                    secretsSpecifier: .specific(secretEnvironmentNames)))
        ]
        sources.append(try fileSource(environment: environment))
        if let directory = secretsDirectory(environment: environment) {
            sources.append(try directorySource(directory))
        }
        if let envFile = environment["PENGUINS_ENV_FILE"], !envFile.isEmpty {
            sources.append(try await dotenvSource(envFile))
        }
        sources.append(Source(label: "default", provider: InMemoryProvider(name: "defaults", values: defaults)))
        return ConfigurationSources(sources: sources)
    }

    private static let secretEnvironmentNames = Set(SettingKey.allCases.filter(\.isSecret).map(\.environmentName))

    private static var defaults: [AbsoluteConfigKey: ConfigValue] {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for key in SettingKey.allCases {
            if let value = key.defaultValue { values[AbsoluteConfigKey(key.configKey)] = ConfigValue(.string(value), isSecret: false) }
        }
        return values
    }

    /// `NAME_FILE` for every setting: the file's contents become NAME's value, and setting both is an error.
    private static func fileSource(environment: [String: String]) throws(SettingsError) -> Source {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for key in SettingKey.allCases {
            let fileVariable = key.environmentName + "_FILE"
            guard let path = environment[fileVariable], !path.isEmpty else { continue }
            if environment[key.environmentName] != nil { throw .valueAndFileBothSet(name: key.environmentName) }
            let text = try SecretFile.read(path, setting: fileVariable)
            values[AbsoluteConfigKey(key.configKey)] = ConfigValue(.string(text), isSecret: key.isSecret)
        }
        return Source(label: "NAME_FILE", provider: InMemoryProvider(name: "NAME_FILE", values: values))
    }

    /// `PENGUINS_SECRETS_DIR`, or `/run/secrets` when it exists, as container orchestrators mount it.
    private static func secretsDirectory(environment: [String: String]) -> String? {
        if let directory = environment["PENGUINS_SECRETS_DIR"], !directory.isEmpty { return directory }
        return defaultSecretsDirectory
    }

    /// `/run/secrets` when it exists, else nil.
    static var defaultSecretsDirectory: String? {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: "/run/secrets", isDirectory: &isDirectory)
        return exists && isDirectory.boolValue ? "/run/secrets" : nil
    }

    /// One value per setting whose file is in `directory`, each read under the secret-file rules; surrounding
    /// whitespace is trimmed, as swift-configuration's directory provider does. The gateway reads the files
    /// itself so that each is checked and read through one descriptor.
    private static func directorySource(_ directory: String) throws(SettingsError) -> Source {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue,
            FileManager.default.isReadableFile(atPath: directory)
        else {
            throw .unreadableFile(path: directory, setting: "PENGUINS_SECRETS_DIR", reason: "it is not a readable directory")
        }
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for key in SettingKey.allCases {
            let path = (directory as NSString).appendingPathComponent(key.secretsDirectoryFileName)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let text = try SecretFile.read(path, setting: "PENGUINS_SECRETS_DIR").trimmingCharacters(in: .whitespacesAndNewlines)
            values[AbsoluteConfigKey(key.configKey)] = ConfigValue(.string(text), isSecret: true)
        }
        return Source(label: "secrets directory \(directory)", provider: InMemoryProvider(name: "secrets directory", values: values))
    }

    /// The dotenv file, checked and then parsed by swift-configuration through the same open descriptor.
    private static func dotenvSource(_ path: String) async throws(SettingsError) -> Source {
        try await SecretFile.withCheckedFile(path, setting: "PENGUINS_ENV_FILE") { (checked: String) async throws(SettingsError) -> Source in
            do {
                let provider = try await EnvironmentVariablesProvider(
                    environmentFilePath: FilePath(checked), secretsSpecifier: .specific(secretEnvironmentNames))
                return Source(label: "dotenv file \(path)", provider: provider)
            } catch {
                throw .unreadableFile(path: path, setting: "PENGUINS_ENV_FILE", reason: "it is not a readable dotenv file")
            }
        }
    }
}
