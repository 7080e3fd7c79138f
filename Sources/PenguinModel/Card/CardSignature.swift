import Crypto
import Glibc
import Foundation

/// An Ed25519 signature on a model card, made with the key `PENGUINS_SIGNING_KEY_FILE` names.
///
/// The signed message is `penguins-model-card-v1\n<version>\n<full SHA-256 of the card's content>`: the
/// hash covers every field but the version and the signature, and the version carries the creation time,
/// so the signature covers the whole card. Unlike the unkeyed hash, it cannot be forged by someone who can
/// merely write the board.
public struct CardSignature: Sendable, Hashable, Codable {
    /// The signer's public key in trusted-keys form (``SigningKeys/publicKeyText(_:)``).
    public let key: String
    /// The 64-byte signature, base64.
    public let value: String

    static let context = "penguins-model-card-v1"
}

/// Key text: what `penguins keys generate` writes and what trusted-keys files hold.
public enum SigningKeys {
    static let publicPrefix = "ed25519:"
    static let privatePrefix = "ed25519-private:"

    /// `ed25519:` and the 32-byte public key in base64: one line of a trusted-keys file.
    public static func publicKeyText(_ key: Curve25519.Signing.PublicKey) -> String {
        publicPrefix + key.rawRepresentation.base64EncodedString()
    }

    /// `ed25519-private:` and the 32-byte private key in base64: the content of a signing key file.
    public static func privateKeyText(_ key: Curve25519.Signing.PrivateKey) -> String {
        privatePrefix + key.rawRepresentation.base64EncodedString()
    }

    /// Reads `ed25519:BASE64`, or nil when the text is anything else.
    public static func publicKey(_ text: String) -> Curve25519.Signing.PublicKey? {
        guard text.hasPrefix(publicPrefix), let raw = Data(base64Encoded: String(text.dropFirst(publicPrefix.count))), raw.count == 32
        else { return nil }
        return try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
    }

    /// Reads `ed25519-private:BASE64`, or nil when the text is anything else.
    public static func privateKey(_ text: String) -> Curve25519.Signing.PrivateKey? {
        guard text.hasPrefix(privatePrefix), let raw = Data(base64Encoded: String(text.dropFirst(privatePrefix.count))), raw.count == 32
        else { return nil }
        return try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    }
}

extension ModelCard {
    /// This card signed with `key`, replacing any signature it had.
    public func signed(with key: Curve25519.Signing.PrivateKey) throws(ModelCardError) -> ModelCard {
        var card = self
        card.signature = nil
        let signature: Data
        do {
            signature = try key.signature(for: try card.signedMessage())
        } catch let error as ModelCardError {
            throw error
        } catch {
            throw .invalid(version: version, reason: "it cannot be signed: \(error)")
        }
        card.signature = CardSignature(key: SigningKeys.publicKeyText(key.publicKey), value: signature.base64EncodedString())
        return card
    }

    /// Checks the signature, if there is one, against its own key: a card whose signature is malformed or
    /// does not match its content is refused whoever is trusted. Call after ``verifyHash()``.
    public func verifySignature() throws(ModelCardError) {
        guard let signature else { return }
        guard let key = SigningKeys.publicKey(signature.key) else {
            throw .invalid(version: version, reason: "its signature's key is not of the form ed25519:BASE64 (32 bytes)")
        }
        guard let value = Data(base64Encoded: signature.value), value.count == 64 else {
            throw .invalid(version: version, reason: "its signature is not 64 bytes of base64")
        }
        guard key.isValidSignature(value, for: try signedMessage()) else {
            throw .invalid(version: version, reason: "its signature does not match its content; it was altered after it was signed")
        }
    }

    /// Refuses the card unless it carries a valid signature by one of `trusted` (trusted-keys form).
    public func verifyTrust(_ trusted: Set<String>) throws(ModelCardError) {
        try verifySignature()
        guard let signature else {
            throw .invalid(version: version, reason: "it is not signed, and PENGUINS_TRUSTED_KEYS_FILE accepts signed cards only")
        }
        guard trusted.contains(signature.key) else {
            throw .invalid(
                version: version, reason: "it is signed by \(signature.key.prefix(60)), which is not in PENGUINS_TRUSTED_KEYS_FILE")
        }
    }

    private func signedMessage() throws(ModelCardError) -> Data {
        Data("\(CardSignature.context)\n\(version)\n\(try contentHash())".utf8)
    }
}

extension SigningKeys {
    /// Makes a new key pair, writes the private key to a new file at `path` (mode 600; an existing file is
    /// never overwritten) and returns the public key in trusted-keys form.
    public static func generate(writingTo path: String) throws(BoardError) -> String {
        let key = Curve25519.Signing.PrivateKey()
        do {
            try DurableFile.write(Array((privateKeyText(key) + "\n").utf8), to: path, mode: 0o600)
        } catch where error.code == EEXIST {
            throw .keys("\(path) already exists; a key file is never overwritten: choose another path or remove it first")
        } catch {
            throw .keys("cannot write \(path): \(error)")
        }
        return publicKeyText(key.publicKey)
    }
}
