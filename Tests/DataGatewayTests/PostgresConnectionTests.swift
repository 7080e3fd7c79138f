import DataGateway
import Foundation
import Logging
import TestSupport
import Testing

/// Opens a connection to a brand-new database of the test cluster.
func connectToFreshPostgres() throws -> PostgresDatabase {
    try PostgresDatabase(conninfo: TestPostgres.freshDatabase(), logger: Logger(label: "test"))
}

@Suite("Postgres connection")
struct PostgresConnectionTests {
    @Test func connectsAndReportsTheServer() throws {
        let database = try connectToFreshPostgres()
        #expect(database.kind == .postgres)
        #expect(database.serverVersion >= 100_000)
        let frame = try database.query("SELECT current_user AS who")
        #expect(frame.columns[0].string(0) == (try TestPostgres.settings).user)
    }

    @Test func wrongPasswordIsAnAuthenticationErrorThatHidesThePassword() throws {
        let settings = try TestPostgres.settings
        let wrong = "not-the-password-" + UUID().uuidString
        let conninfo = TestPostgres.conninfo([
            "host": settings.host, "port": String(settings.port), "user": settings.user, "password": wrong,
            "dbname": "postgres",
        ])
        let error = #expect(throws: DatabaseError.self) {
            try PostgresDatabase(conninfo: Secret(conninfo), logger: Logger(label: "test"))
        }
        #expect(error?.kind == .authentication)
        #expect(error?.description.contains("password authentication failed") == true)
        #expect(error?.description.contains(wrong) == false)
        #expect(error?.description.contains(settings.password.reveal()) == false)
        #expect(error?.description.contains("\n") == false)
    }

    @Test func unreachablePortIsAConnectionError() throws {
        let error = #expect(throws: DatabaseError.self) {
            try PostgresDatabase(
                conninfo: Secret("host=127.0.0.1 port=1 user=nobody dbname=nothing connect_timeout=5"),
                logger: Logger(label: "test"))
        }
        #expect(error?.kind == .connection)
    }

    @Test func requiringTLSFromAServerWithoutItIsATLSError() throws {
        let settings = try TestPostgres.settings
        let conninfo = TestPostgres.conninfo([
            "host": settings.host, "port": String(settings.port), "user": settings.user, "dbname": "postgres",
            "sslmode": "verify-full", "sslrootcert": "/nonexistent/root.crt",
        ])
        let error = #expect(throws: DatabaseError.self) {
            try PostgresDatabase(conninfo: Secret(conninfo), logger: Logger(label: "test"))
        }
        #expect(error?.kind == .tls)
        #expect(error?.hint?.contains("PGSSLMODE") == true)
    }

    @Test func unparsableConninfoDoesNotEchoItsPieces() {
        let error = #expect(throws: DatabaseError.self) {
            try PostgresDatabase(conninfo: Secret("host=localhost hunter2secret"), logger: Logger(label: "test"))
        }
        #expect(error?.kind == .connection)
        #expect(error?.description.contains("hunter2secret") == false)
        #expect(error?.description.contains("missing \"=\"") == true)
    }

    @Test func aClosedConnectionIsMisuse() throws {
        let database = try connectToFreshPostgres()
        let statement = try database.prepare("SELECT 1 AS one")
        database.close()
        database.close()
        #expect(throws: DatabaseError.self) { try database.execute("SELECT 1") }
        let attempts: [() throws -> Void] = [
            { _ = try database.query("SELECT 1") },
            { _ = try database.readFrame("SELECT 1") },
            { _ = try database.prepare("SELECT 1") },
            { try database.begin(.deferred) },
            { try database.executeScript("SELECT 1") },
            { _ = try statement.query([]) },
            {
                _ = try database.copyIn(into: SQLIdentifier("t"), columns: [SQLIdentifier("a")], rows: [[1]])
            },
        ]
        for attempt in attempts {
            let error = #expect(throws: DatabaseError.self) { try attempt() }
            #expect(error?.kind == .misuse)
        }
    }

    @Test func permissionDeniedNamesThePrivilegeProblem() throws {
        let settings = try TestPostgres.settings
        let conninfo = try TestPostgres.freshDatabase()
        let owner = try PostgresDatabase(conninfo: conninfo, logger: Logger(label: "test"))
        try owner.executeScript("CREATE TABLE secrets (id integer)")
        let databaseName = try #require(try owner.query("SELECT current_database() AS name").columns[0].string(0))

        let role = "r_" + String(UInt64.random(in: .min ... .max), radix: 16)
        let password = UUID().uuidString
        let admin = try TestPostgres.superuser()
        try admin.executeScript("CREATE ROLE \(role) LOGIN PASSWORD '\(password)'")
        let outsider = try PostgresDatabase(
            conninfo: Secret(
                TestPostgres.conninfo([
                    "host": settings.host, "port": String(settings.port), "user": role, "password": password,
                    "dbname": databaseName,
                ])),
            logger: Logger(label: "test"))
        let error = #expect(throws: DatabaseError.self) { try outsider.query("SELECT * FROM secrets") }
        #expect(error?.kind == .permissionDenied)
        #expect(error?.sqlState == .insufficientPrivilege)
        #expect(error?.hint?.contains("penguins_reader") == true)
        let bulkError = #expect(throws: DatabaseError.self) { try outsider.readFrame("SELECT * FROM secrets") }
        #expect(bulkError?.kind == .permissionDenied)
    }

    @Test func undefinedTableSuggestsMigrating() throws {
        let database = try connectToFreshPostgres()
        let attempts: [() throws -> Void] = [
            { _ = try database.query("SELECT * FROM penguins") },
            { _ = try database.readFrame("SELECT * FROM penguins") },
            {
                _ = try database.copyIn(into: SQLIdentifier("penguins"), columns: [SQLIdentifier("id")], rows: [[1]])
            },
        ]
        for attempt in attempts {
            let error = #expect(throws: DatabaseError.self) { try attempt() }
            #expect(error?.kind == .undefinedObject)
            #expect(error?.sqlState == .undefinedTable)
            #expect(error?.hint?.contains("penguins migrate") == true)
        }
        // The connection is still usable after each failure.
        #expect(try database.query("SELECT 1 AS one").columns[0].int64(0) == 1)
    }
}
