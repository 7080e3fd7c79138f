import Foundation
import Logging
import TestSupport
import Testing

@testable import DataGateway

/// Issue 11 §4–§6: TLS decided by where libpq really connects, every secret libpq knows redacted, and values
/// that look like one thing but are another.
@Suite("DATABASE_URL: where libpq connects, its secrets, its scheme")
struct ConnectionTargetSecurityTests {
    private func parse(_ text: String, environment: [String: String] = [:]) throws -> DatabaseURL {
        try DatabaseURL(parsing: Secret(text), environment: environment)
    }

    private func getsVerifyFull(_ text: String, environment: [String: String] = [:]) throws -> Bool {
        guard case .postgres(let conninfo, _) = try parse(text, environment: environment) else { return false }
        return conninfo.reveal().contains("sslmode=verify-full")
    }

    @Test("A remote hostaddr, PGHOSTADDR or PGHOST behind a local-looking host gets verify-full")
    func hostAddressesDecideLocality() throws {
        #expect(try getsVerifyFull("host=localhost hostaddr=192.0.2.7 dbname=p"))
        #expect(try getsVerifyFull("postgresql://localhost/p?hostaddr=192.0.2.7"))
        #expect(try getsVerifyFull("host=localhost dbname=p", environment: ["PGHOSTADDR": "192.0.2.7"]))
        #expect(try getsVerifyFull("dbname=p", environment: ["PGHOST": "db.example.com"]))
        #expect(try getsVerifyFull("dbname=p", environment: ["PGHOSTADDR": "192.0.2.7"]))
        // Really local: left alone.
        #expect(try !getsVerifyFull("host=localhost hostaddr=127.0.0.1 dbname=p"))
        #expect(try !getsVerifyFull("dbname=p", environment: ["PGHOST": "/var/run/postgresql", "PGHOSTADDR": "::1"]))
    }

    @Test("A service is judged by its entry in the service file; one the gateway cannot read is remote")
    func servicesDecideLocality() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("services.conf", """
            # comment
            [local]
            host=/var/run/postgresql
            dbname=p

            [remote]
            dbname=p
            host = db.example.com

            [tls]
            host=db.example.com
            sslmode=require
            """)
        let environment = ["PGSERVICEFILE": file]
        #expect(try !getsVerifyFull("service=local", environment: environment))
        #expect(try getsVerifyFull("service=remote", environment: environment))
        #expect(try getsVerifyFull("dbname=p", environment: environment.merging(["PGSERVICE": "remote"]) { $1 }))
        #expect(try !getsVerifyFull("service=tls", environment: environment), "the service's own sslmode is an explicit choice")
        // The string's host beats the service's, as in libpq.
        #expect(try getsVerifyFull("service=local host=db.example.com", environment: environment))
        #expect(try getsVerifyFull("service=absent", environment: environment))
        #expect(try getsVerifyFull("service=local", environment: ["PGSERVICEFILE": directory.file("missing.conf")]))
        // PGSYSCONFDIR/pg_service.conf is the second place libpq looks.
        _ = try directory.write("pg_service.conf", "[second]\nhost=localhost\n")
        #expect(try !getsVerifyFull("service=second", environment: ["PGSERVICEFILE": file, "PGSYSCONFDIR": directory.path]))
    }

    @Test("Every option libpq marks secret is redacted, not only password")
    func everySecretOptionIsRedacted() throws {
        let sentinel = generatedSentinel()
        for text in [
            "host=127.0.0.1 sslpassword=\(sentinel) sslkey=/k.pem",
            "postgresql://app@127.0.0.1/p?sslpassword=\(sentinel)",
        ] {
            let url = try parse(text)
            #expect(!url.description.contains(sentinel), "\(url.description)")
            #expect(url.description.contains("sslpassword=<redacted>"))
        }
    }

    @Test("A connect failure scrubs an sslpassword from libpq's message, as it does a password")
    func connectFailureScrubsEverySecret() throws {
        // libpq names the host it could not resolve; here that text is also the sslpassword.
        let secret = generatedSentinel() + ".invalid"
        let error = #expect(throws: DatabaseError.self) {
            try PostgresDatabase(conninfo: Secret("host=\(secret) sslpassword=\(secret) connect_timeout=2"), logger: .init(label: "test"))
        }
        let message = try #require(error.map { "\($0)" })
        #expect(!message.contains(secret), "\(message)")
        #expect(message.contains("<redacted>"), "\(message)")
    }

    @Test("A value with :// is never a SQLite path, and an unknown or mis-cased scheme is refused without echo")
    func schemesAreNeverPaths() throws {
        let sentinel = generatedSentinel()
        for text in [
            "mysql://root:\(sentinel)@db/penguins.db", "POSTGRES://app:\(sentinel)@db.example.com/p.sqlite",
            "Postgresql://app:\(sentinel)@db/p", "file:///srv/\(sentinel).db", "SQLITE://\(sentinel).sqlite",
            "://\(sentinel).db", "1x://\(sentinel).db",
        ] {
            let error = #expect(throws: SettingsError.self, "\(text)") { try parse(text) }
            let message = try #require(error?.description)
            #expect(!message.contains(sentinel), "\(message)")
        }
        let cased = #expect(throws: SettingsError.self) { try parse("POSTGRES://a@db/p.db") }
        #expect(cased?.description.contains("write postgres://") == true)
        // A key=value string whose value holds :// is still a conninfo.
        #expect(try parse("host=127.0.0.1 dbname=p application_name=a://b").kind == .postgres)
        guard case .sqlite(let path) = try parse("sqlite://data/p.db") else { throw SettingsError.invalidValue(setting: "x", problem: "not sqlite") }
        #expect(path == "data/p.db")
    }
}
