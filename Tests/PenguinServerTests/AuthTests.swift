import DataGateway
import Foundation
import HTTPTypes
import Testing

@testable import PenguinServer

@Suite struct AuthTests {
    static func freshKey() -> String { (0..<4).map { _ in String(UInt64.random(in: .min ... .max), radix: 16) }.joined() }

    static let record = #"{"bill_length_mm":45,"species":"Gentoo","sex":"male"}"#

    @Test func keysGuardPredictAndMetadataOnly() async throws {
        let key = Self.freshKey()
        let other = Self.freshKey()
        let server = TestServer(keys: [Secret(other), Secret(key)])
        try await server.run { client in
            for path in ["/predict", "/metadata"] {
                let method: HTTPRequest.Method = path == "/predict" ? .post : .get
                let body = path == "/predict" ? Self.record : nil
                let none = try await client.send(path, method: method, body: body)
                #expect(none.status == .unauthorized)
                #expect(none.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                #expect(none["field"]?.string == "Authorization")
                let wrong = try await client.send(path, method: method, headers: bearer(key + "x"), body: body)
                #expect(wrong.status == .unauthorized)
                #expect(wrong.headers[.wwwAuthenticate]?.contains("invalid_token") == true)
                let basic = try await client.send(path, method: method, headers: [.authorization: "Basic \(key)"], body: body)
                #expect(basic.status == .unauthorized)
                let right = try await client.send(path, method: method, headers: bearer(key), body: body)
                #expect(right.status == .ok, "\(path): \(right.text)")
                let second = try await client.send(path, method: method, headers: [.authorization: "bearer \(other)"], body: body)
                #expect(second.status == .ok)
            }
            for path in ["/ping", "/healthz", "/readyz", "/", "/docs", "/openapi.json", "/prototype", "/metrics"] {
                #expect(try await client.get(path).status == .ok, "\(path) must stay open")
            }
            let document = try await client.get("/openapi.json")
            #expect(document["components"]?["securitySchemes"]?["bearerAuth"] != nil)
        }
        let logged = server.logs.events.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(!logged.contains(key))
        #expect(!logged.contains(other))
    }

    @Test func withoutKeysEverythingIsOpen() async throws {
        try await TestServer().run { client in
            #expect(try await client.post("/predict", Self.record).status == .ok)
            #expect(try await client.get("/metadata").status == .ok)
            let document = try await client.get("/openapi.json")
            #expect(document["components"]?["securitySchemes"] == nil)
        }
    }

    @Test func verifierAcceptsOnlyConfiguredKeys() {
        let verifier = APIKeyVerifier(keys: [Secret("alpha-key"), Secret("beta-key")])
        #expect(verifier.isEnabled)
        #expect(verifier.accepts("alpha-key"))
        #expect(verifier.accepts("beta-key"))
        #expect(!verifier.accepts("alpha-ke"))
        #expect(!verifier.accepts(""))
        #expect(!APIKeyVerifier(keys: []).isEnabled)
    }
}

@Suite struct APIKeysFileTests {
    private func write(_ text: String, mode: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("penguins-keys-\(UUID().uuidString)").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: mode]))
        return path
    }

    @Test func readsOneKeyPerLineSkippingCommentsAndBlanks() throws {
        let first = AuthTests.freshKey(), second = AuthTests.freshKey()
        let path = try write("# production keys\n\n\(first)\n  \(second)  \r\n# retired\n", mode: 0o600)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try loadAPIKeys(path: path).map { $0.reveal() } == [first, second])
    }

    @Test func refusesReadableByOthers() throws {
        let path = try write(AuthTests.freshKey() + "\n", mode: 0o644)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: SettingsError.insecureFileMode(path: path, mode: 0o644)) { try loadAPIKeys(path: path) }
    }

    @Test func refusesAFileWithoutKeys() throws {
        let path = try write("# nothing yet\n\n", mode: 0o600)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: SettingsError.self) { try loadAPIKeys(path: path) }
    }
}
