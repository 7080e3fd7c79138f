import DataGateway
import Logging
import TestSupport
import Testing

@testable import PenguinServer

/// The prediction log writer's own connection, on each engine.
@Suite("Prediction log connection")
struct PredictionLogConnectionTests {
    @Test("The writer's connection commits without waiting for the disk, and other connections keep the engine's default", arguments: DatabaseKind.allCases)
    func commitsWithoutSync(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { test in
            let url = try DatabaseURL(parsing: test.url, environment: [:])
            let setting = kind == .sqlite ? "PRAGMA synchronous" : "SHOW synchronous_commit"
            let connection = PredictionLogConnection(url: url, logger: Logger(label: "test"))
            let writers = await connection.run { database throws(DatabaseError) in Self.text(try database.query(setting, [])) }
            await connection.close()
            // SQLite reports the level as a number: 1 is NORMAL, 2 FULL (its default).
            let writersSetting = try writers.get()
            let othersSetting = Self.text(try test.database.query(setting, []))
            #expect(writersSetting == (kind == .sqlite ? "1" : "off"))
            #expect(othersSetting == (kind == .sqlite ? "2" : "on"))
        }
    }

    private static func text(_ frame: Frame) -> String {
        let column = frame.columns[0]
        return column.type == .string ? column.string(0) ?? "" : String(column.int64(0) ?? -1)
    }
}
