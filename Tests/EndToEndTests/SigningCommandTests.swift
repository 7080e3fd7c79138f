import Foundation
import Testing
import TestSupport

/// Issue 12 §3: signed cards, keys, and moving a card from a dev SQLite board to a prod Postgres board.
@Suite("penguins keys generate, signed cards, models export and import, end to end")
struct SigningCommandTests {
    /// Runs the binary in `directory` with `environment`, expecting `status`.
    @discardableResult
    private func run(
        _ arguments: [String], _ environment: [String: String], in directory: String, status: Int32 = 0
    ) throws -> PenguinsProcess.Outcome {
        let outcome = try PenguinsProcess.run(arguments, environment: environment, in: directory)
        #expect(outcome.status == status, "\(arguments): \(outcome.standardError)")
        return outcome
    }

    /// The public key a card file names as its signer.
    private func signer(of card: Data) throws -> String? {
        let object = try JSONSerialization.jsonObject(with: card) as? [String: Any]
        return (object?["signature"] as? [String: Any])?["key"] as? String
    }

    private func lastWord(_ text: String) -> String {
        String(text.split(separator: "\n").last?.split(separator: " ").dropFirst(3).first ?? "")
    }

    @Test("keys generate writes a new mode-600 key, prints the public key alone on the last line, and never overwrites")
    func generate() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let outcome = try run(["keys", "generate", "--out", "signing.key"], [:], in: directory.path)
        let publicKey = try #require(outcome.standardOutput.split(separator: "\n").last.map(String.init))
        #expect(publicKey.hasPrefix("ed25519:") && publicKey.count == "ed25519:".count + 44 && !publicKey.contains(" "))
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.path + "/signing.key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let secret = try String(contentsOfFile: directory.path + "/signing.key", encoding: .utf8)
        #expect(!outcome.allOutput.contains(secret.dropFirst("ed25519-private:".count).prefix(40)), "the private key is never printed")
        let again = try run(["keys", "generate", "--out", "signing.key"], [:], in: directory.path, status: 1)
        #expect(again.standardError.contains("already exists"))
        #expect(try String(contentsOfFile: directory.path + "/signing.key", encoding: .utf8) == secret)
    }

    @Test("dev → prod: a card signed on SQLite is exported, imported byte for byte into Postgres that trusts the key, and promoted")
    func devToProd() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path
        let publicKey = try #require(
            try run(["keys", "generate", "--out", "dev.key"], [:], in: path).standardOutput.split(separator: "\n").last.map(String.init))
        try "# the dev team's key\n\(publicKey)\n\n".write(toFile: path + "/trusted", atomically: true, encoding: .utf8)
        let dev = ["PENGUINS_SIGNING_KEY_FILE": path + "/dev.key"]
        try run(["migrate"], dev, in: path)
        let version = lastWord(try run(["train"], dev, in: path).standardOutput)
        try run(["models", "export", version, "--out", "card.json"], dev, in: path)
        let exported = try Data(contentsOf: URL(fileURLWithPath: path + "/card.json"))
        #expect(try signer(of: exported) == publicKey)

        let target = try PostgresTarget.fresh()
        let prod = ["DATABASE_URL": target.url, "PENGUINS_TRUSTED_KEYS_FILE": path + "/trusted"]
        try run(["migrate"], prod, in: path)
        #expect(try run(["models", "import", "card.json"], prod, in: path).standardOutput == "imported \(version) from card.json\n")
        #expect(try run(["models", "import", "card.json"], prod, in: path).standardOutput.contains("already on the board; nothing to do"))
        try run(["models", "export", version, "--out", "again.json"], prod, in: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + "/again.json")) == exported, "byte for byte")
        try run(["models", "promote", version, "--reason", "release 1"], prod, in: path)
        #expect(try run(["predict", "--bill-length", "45", "--species", "Gentoo", "--sex", "male"], prod, in: path).standardOutput.hasPrefix("5275.66 g"))

        // A card with the same version but another signature is refused, and the board keeps its own.
        let other = try run(["keys", "generate", "--out", "other.key"], [:], in: path).standardOutput.split(separator: "\n").last.map(String.init)
        let resignedOut = try run(
            ["models", "export", version, "--out", "unsigned.json"], [:], in: path).standardOutput
        #expect(resignedOut.contains("exported"))
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path + "/unsigned.json"))) as? [String: Any])
        object.removeValue(forKey: "signature")
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path + "/unsigned.json"))
        let elsewhere = ["PENGUINS_MODEL_BOARD": "file:\(path)/elsewhere", "PENGUINS_SIGNING_KEY_FILE": path + "/other.key"]
        try run(["models", "import", "unsigned.json"], elsewhere, in: path)
        try run(["models", "export", version, "--out", "other.json"], elsewhere, in: path)
        #expect(try signer(of: Data(contentsOf: URL(fileURLWithPath: path + "/other.json"))) == other)
        #expect(try run(["models", "import", "unsigned.json"], prod, in: path).standardOutput.contains("nothing to do"),
                "an unsigned copy of the same card is the same card")
        let signedByOther = try run(["models", "import", "other.json"], prod, in: path, status: 1)
        #expect(signedByOther.standardError.contains("already on the board with different content or signature"), "\(signedByOther.standardError)")
    }

    @Test("With trusted keys set, an unsigned, untrusted, forged or malformed card is refused by every command, naming version and reason")
    func trustRefusals() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path
        let trusted = try #require(
            try run(["keys", "generate", "--out", "trusted.key"], [:], in: path).standardOutput.split(separator: "\n").last.map(String.init))
        try run(["keys", "generate", "--out", "stranger.key"], [:], in: path)
        try "\(trusted)\n".write(toFile: path + "/trusted", atomically: true, encoding: .utf8)
        try run(["migrate"], [:], in: path)
        let unsigned = lastWord(try run(["train"], [:], in: path).standardOutput)
        let strict = ["PENGUINS_TRUSTED_KEYS_FILE": path + "/trusted"]
        for command in [["score"], ["predict", "--bill-length", "45"], ["models", "promote", unsigned, "--reason", "x"], ["evaluate"]] {
            let refused = try run(command, strict, in: path, status: 1)
            #expect(refused.standardError.contains(unsigned) && refused.standardError.contains("it is not signed"), "\(command): \(refused.standardError)")
        }

        let stranger = ["PENGUINS_SIGNING_KEY_FILE": path + "/stranger.key"]
        let signed = lastWord(try run(["train"], stranger, in: path).standardOutput)
        try run(["models", "export", signed, "--out", "stranger.json"], [:], in: path)
        let untrusted = try run(["predict", "--model-version", signed, "--bill-length", "45"], strict, in: path, status: 1)
        #expect(untrusted.standardError.contains("which is not in PENGUINS_TRUSTED_KEYS_FILE"), "\(untrusted.standardError)")

        let text = try String(contentsOfFile: path + "/stranger.json", encoding: .utf8)
        let value = try #require(text.firstMatch(of: #/"value" : "([^"]+)"/#)?.1)
        // A letter or digit from the 11th character on: the file's JSON may escape "/" as "\/", and changing either
        // character of that pair would make the file malformed JSON rather than a forged signature.
        let flipped = try #require(value.indices.dropFirst(10).first { value[$0].isLetter || value[$0].isNumber })
        let forged = value[..<flipped] + (value[flipped] == "A" ? "B" : "A") + value[value.index(after: flipped)...]
        for (name, replacement, reason) in [
            ("forged", forged, "its signature does not match its content"), ("malformed", "not base64!", "is not 64 bytes of base64"),
        ] {
            try text.replacingOccurrences(of: String(value), with: replacement).write(toFile: path + "/\(name).json", atomically: true, encoding: .utf8)
            let refused = try run(["models", "import", "\(name).json"], ["PENGUINS_MODEL_BOARD": "file:\(path)/other"], in: path, status: 1)
            #expect(refused.standardError.contains(signed) && refused.standardError.contains(reason), "\(refused.standardError)")
            #expect(refused.standardError.split(separator: "\n").count == 1, "one clear line, never a crash")
        }
        let badLine = try run(["score"], ["PENGUINS_TRUSTED_KEYS_FILE": path + "/stranger.json"], in: path, status: 1)
        #expect(badLine.standardError.contains("line 1 is not a public key"), "\(badLine.standardError)")
    }
}
