@testable import DataGateway
import Testing

/// Classification of libpq's connect failures, from the messages libpq 15 writes. No server needed.
@Suite("Postgres connect errors")
struct PostgresErrorsTests {
    @Test func aMissingRootCertificateIsATLSErrorThatSaysWhatToSet() {
        let error = PostgresErrors.connectFailure(
            """
            connection to server at "db.example.com" (192.0.2.1), port 5432 failed: root certificate file \
            "/root/.postgresql/root.crt" does not exist
            Either provide the file or change sslmode to disable server certificate verification.

            """, secrets: [])
        #expect(error.kind == .tls)
        #expect(error.hint?.contains("set PGSSLROOTCERT to the CA certificate file") == true)
        #expect(error.hint?.contains("PGSSLMODE=require") == true)
        #expect(!error.message.contains("\n"))
    }

    @Test func passwordsAreScrubbedFromEveryMessage() {
        let error = PostgresErrors.connectFailure(
            "connection to server at \"s3cr3t-host\" failed: FATAL:  password authentication failed for user \"s3cr3t\"",
            secrets: ["", "s3cr3t"])
        #expect(error.kind == .authentication)
        #expect(!error.description.contains("s3cr3t"))
        #expect(error.description.contains("<redacted>"))
    }

    @Test func aCertificateVerificationFailureIsATLSError() {
        let error = PostgresErrors.connectFailure(
            "connection to server at \"db\" failed: SSL error: certificate verify failed", secrets: [])
        #expect(error.kind == .tls)
    }

    @Test func aRefusedConnectionIsAConnectionError() {
        let error = PostgresErrors.connectFailure(
            "connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?\n",
            secrets: [])
        #expect(error.kind == .connection)
        #expect(error.message.hasSuffix("accepting TCP/IP connections?"))
    }

    @Test("An option libpq rejects before connecting is invalid input, so it is not retried (found by scripts/faults)")
    func aBadOptionIsNotAConnectionError() {
        for message in [
            "invalid sslmode value: \"bogus\"\n", "invalid integer value \"notaport\" for connection option \"port\"\n",
            "invalid target_session_attrs value: \"x\"\n", "could not match 2 host names to 1 hostaddr values\n",
        ] {
            let error = PostgresErrors.connectFailure(message, secrets: [])
            #expect(error.kind == .invalidInput, "\(message)")
            #expect(error.hint?.contains("DATABASE_URL") == true)
        }
    }
}
