import Foundation
import TestSupport
import Testing

@testable import DataGateway

@Suite("Secret redaction")
struct SecretTests {
    @Test("Every way Swift renders a value prints <redacted>")
    func everyRendering() throws {
        let sentinel = generatedSentinel()
        let secret = Secret(sentinel)
        var dumped = ""
        dump(secret, to: &dumped)
        let encoded = String(decoding: try JSONEncoder().encode(["url": secret]), as: UTF8.self)
        let renderings = [
            secret.description, secret.debugDescription, "\(secret)", String(describing: secret),
            String(reflecting: secret), dumped, encoded
        ]
        for rendering in renderings {
            #expect(!rendering.contains(sentinel), "leaked through: \(rendering)")
            #expect(rendering.contains("<redacted>"))
        }
        #expect(!"\(Mirror(reflecting: secret).children.map(\.value))".contains(sentinel))
        #expect(secret.reveal() == sentinel)
    }
}
