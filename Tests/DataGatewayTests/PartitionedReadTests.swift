import Logging
import TestSupport
import Testing

@testable import DataGateway

@Suite("Partitioned reads")
struct PartitionedReadTests {
    @Test("N slices over N connections give the same frame as one ordered read", arguments: DatabaseKind.allCases)
    func sameAsSingleRead(kind: DatabaseKind) async throws {
        try await withMigratedDatabase(kind) { test in
            let query = "SELECT * FROM penguins"
            let single = try test.database.readFrame(query + " ORDER BY id")
            for partitions in [1, 2, 4, 7] {
                let read = try PartitionedRead(query: query, key: SQLIdentifier("id"), partitions: partitions)
                #expect(try read.sliceQueries(on: test.database).count == partitions)
                let frame = try await read.read { try TestDatabase.reopen(test) }
                #expect(frame == single, "partitions: \(partitions)")
            }
        }
    }

    @Test("A table stored out of key order still comes back in key order", arguments: DatabaseKind.allCases)
    func storedOutOfOrder(kind: DatabaseKind) async throws {
        try await withMigratedDatabase(kind) { test in
            try test.database.executeScript("CREATE TABLE shuffled AS SELECT * FROM penguins ORDER BY (id * 7919) % 344 DESC")
            let query = "SELECT id, species, bill_length_mm, sex FROM shuffled"
            let ordered = try test.database.readFrame(query + " ORDER BY id")
            #expect(try test.database.readFrame(query) != ordered, "the table should be stored out of key order")
            for partitions in [1, 2, 3] {
                let read = try PartitionedRead(query: query, key: SQLIdentifier("id"), partitions: partitions)
                #expect(try await read.read { try TestDatabase.reopen(test) } == ordered, "partitions: \(partitions)")
            }
        }
    }

    @Test("An empty result, a filtered query and a non-integer key", arguments: DatabaseKind.allCases)
    func edges(kind: DatabaseKind) async throws {
        try await withMigratedDatabase(kind) { test in
            let empty = try PartitionedRead(query: "SELECT * FROM penguins WHERE id < 0", key: SQLIdentifier("id"), partitions: 3)
            #expect(try await empty.read { try TestDatabase.reopen(test) }.rowCount == 0)
            let gentoo = try PartitionedRead(query: "SELECT id, species FROM penguins WHERE species = 'Gentoo'", key: SQLIdentifier("id"), partitions: 2)
            #expect(try await gentoo.read { try TestDatabase.reopen(test) }.rowCount == 124)
            let text = try PartitionedRead(query: "SELECT * FROM penguins", key: SQLIdentifier("species"), partitions: 2)
            await #expect(throws: DatabaseError.self) { try await text.read { try TestDatabase.reopen(test) } }
            #expect(throws: DatabaseError.self) { try PartitionedRead(query: "SELECT 1", key: SQLIdentifier("id"), partitions: 0) }
        }
    }
}
