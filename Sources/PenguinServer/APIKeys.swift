import Foundation
import DataGateway

/// Reads `PENGUINS_API_KEYS_FILE`: one key per line; blank lines and lines starting with `#` are ignored.
///
/// The file is a secret file, so a group- or world-readable one is refused. A file with no keys is an
/// error rather than "open", because a typo in a key file must never silently disable authentication. A key
/// shorter than ``minimumAPIKeyBytes`` is refused too, by its line number (never its text): a short key can be
/// guessed by trying them all.
public func loadAPIKeys(path: String) throws(SettingsError) -> [Secret<String>] {
    let setting = SettingKey.apiKeysFile.environmentName
    let lines = try SecretFile.read(path, setting: setting)
        .split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        .map { $0.trimmingCharacters(in: .whitespaces) }
    let keys = lines.enumerated().filter { !$0.element.isEmpty && !$0.element.hasPrefix("#") }
    guard !keys.isEmpty else {
        throw .invalidValue(setting: setting, problem: "\(path) holds no API keys; add one key per line, or unset \(setting)")
    }
    if let short = keys.first(where: { $0.element.utf8.count < minimumAPIKeyBytes }) {
        throw .invalidValue(
            setting: setting,
            problem: "the key on line \(short.offset + 1) of \(path) is shorter than \(minimumAPIKeyBytes) bytes; "
                + "use long random keys, e.g. from: openssl rand -hex 32")
    }
    return keys.map { Secret($0.element) }
}

/// The shortest API key accepted: 16 bytes, 128 bits when random.
public let minimumAPIKeyBytes = 16

/// Checks bearer tokens against the configured keys in time that does not depend on which key matched or
/// how much of it did.
///
/// Both sides are hashed first, so every comparison is over 64 hex digits whatever the key lengths, and
/// every key is compared with no early exit. Only the digests are kept.
struct APIKeyVerifier: Sendable {
    private let digests: [[UInt8]]

    init(keys: [Secret<String>]) {
        digests = keys.map { Array(sha256Hex(Array($0.reveal().utf8)).utf8) }
    }

    /// Whether any key is configured, i.e. whether requests must authenticate at all.
    var isEnabled: Bool { !digests.isEmpty }

    func accepts(_ token: String) -> Bool {
        let presented = Array(sha256Hex(Array(token.utf8)).utf8)
        var matched: UInt8 = 0
        for digest in digests {
            var difference: UInt8 = 0
            for index in digest.indices { difference |= digest[index] ^ presented[index] }
            matched |= difference == 0 ? 1 : 0
        }
        return matched == 1
    }
}
