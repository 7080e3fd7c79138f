import Crypto
import DataGateway

/// The key files a board signs and verifies cards with (``Settings/ModelBoardLocation``), read when used,
/// so a key added to or removed from the trusted-keys file counts from the next read, without a restart.
struct BoardKeys: Sendable, Equatable {
    var signingKeyFile: String?
    var trustedKeysFile: String?

    /// The largest trusted-keys file read.
    static let maximumTrustedKeysBytes = 1 << 20

    /// `card` as the board stores it: signed with the signing key when it is unsigned, and refused when the
    /// trusted keys would not accept it, so a store never leaves a card that no reader would load.
    func prepared(_ card: ModelCard) throws(BoardError) -> ModelCard {
        var card = card
        do {
            if card.signature == nil, let key = try signingKey() { card = try card.signed(with: key) }
            try card.verifySignature()
            if let trusted = try trustedKeys() { try card.verifyTrust(trusted) }
        } catch let error as BoardError {
            throw error
        } catch {
            throw .storage("\(error)")
        }
        return card
    }

    /// The private key in `PENGUINS_SIGNING_KEY_FILE`, read under the secret-file rules; nil when unset.
    func signingKey() throws(BoardError) -> Curve25519.Signing.PrivateKey? {
        guard let path = signingKeyFile else { return nil }
        let setting = SettingKey.signingKeyFile.environmentName
        let text: String
        do {
            text = try SecretFile.read(path, setting: setting)
        } catch {
            throw .keys("\(error)")
        }
        guard let key = SigningKeys.privateKey(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw .keys("\(setting) \(path) does not hold a signing key; make one with `penguins keys generate --out FILE`")
        }
        return key
    }

    /// The public keys in `PENGUINS_TRUSTED_KEYS_FILE` (blank lines and `#` comments skipped); nil when unset.
    /// A line that is not a key is an error naming its number, never silently skipped.
    func trustedKeys() throws(BoardError) -> Set<String>? {
        guard let path = trustedKeysFile else { return nil }
        let setting = SettingKey.trustedKeysFile.environmentName
        let bytes: [UInt8]
        do {
            let file = try OpenedFile(path: path)
            // Whoever may write this file decides which cards run: it must not be writable by group or others.
            guard file.mode & 0o022 == 0 else {
                throw BoardError.keys("\(setting) \(path) is writable by group or others; chmod go-w it")
            }
            bytes = try file.contents(limit: Self.maximumTrustedKeysBytes)
        } catch let error as BoardError {
            throw error
        } catch let error as OpenedFile.Failure {
            throw .keys("cannot read \(setting) \(path): \(error.reason)")
        } catch {
            throw .keys("cannot read \(setting) \(path): \(error)")
        }
        var keys: Set<String> = []
        for (number, line) in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces.union(["\r"]))
            if text.isEmpty || text.hasPrefix("#") { continue }
            guard let key = SigningKeys.publicKey(text) else {
                throw .keys("\(setting) \(path) line \(number + 1) is not a public key of the form ed25519:BASE64 (as `penguins keys generate` prints)")
            }
            keys.insert(SigningKeys.publicKeyText(key))
        }
        return keys
    }
}
