import Foundation
import Synchronization

/// Reads one query over several connections at once, each taking a slice of an integer key's range,
/// and joins the slices into one frame in key order: ConnectorX's `partition_on`, for both engines.
///
/// It gives a user with a bigger server (or a Postgres-compatible distributed engine) more than one
/// backend's speed. The result is the same frame a single `ORDER BY key` read returns.
public struct PartitionedRead: Sendable {
    public let query: String
    public let key: SQLIdentifier
    public let partitions: Int

    public init(query: String, key: SQLIdentifier, partitions: Int) throws(DatabaseError) {
        guard partitions >= 1 else {
            throw DatabaseError(.invalidInput, "--partitions must be at least 1, got \(partitions)")
        }
        self.query = query
        self.key = key
        self.partitions = partitions
    }

    /// The slices' queries, from the key's minimum and maximum as `database` reports them.
    public func sliceQueries(on database: any Database) throws(DatabaseError) -> [String] {
        let source = "(\(query)) AS partitioned_source"
        let bounds = try database.query("SELECT MIN(\(key.quoted)) AS low, MAX(\(key.quoted)) AS high FROM \(source)")
        let low = try? bounds.column("low", as: .int64).int64(0)
        let high = try? bounds.column("high", as: .int64).int64(0)
        guard let low, let high else {
            if bounds.rowCount == 1, (try? bounds.column("low").isNull(0)) == true {
                return ["SELECT * FROM \(source) WHERE \(key.quoted) IS NOT NULL ORDER BY \(key.quoted)"]
            }
            throw DatabaseError(.invalidInput, "the partition key \(key) must be an integer column of the query")
        }
        // The slice bounds are integers computed here, never user text, so they are safe as SQL literals
        // (COPY, the Postgres fast path, takes no parameters).
        let span = (high - low) / Int64(partitions) + 1
        return (0..<partitions).map { index in
            let start = low + Int64(index) * span
            let end = start + span
            return "SELECT * FROM \(source) WHERE \(key.quoted) >= \(start) AND \(key.quoted) < \(end) ORDER BY \(key.quoted)"
        }
    }

    /// Runs the slices in parallel, one connection from `open` and one thread each, and joins them in key order.
    ///
    /// Connections are opened (with the caller's retry policy) before any slice starts, then each moves to
    /// the one thread that uses it. Rows whose key is NULL belong to no slice and are not read, as with ConnectorX.
    public func read(open: () async throws -> any Database) async throws -> Frame {
        let planner = try await open()
        let slices = try sliceQueries(on: planner)
        var connections = [MovedDatabase(database: planner)]
        for _ in slices.dropFirst() { connections.append(MovedDatabase(database: try await open())) }
        let results = Mutex<[Int: Result<Frame, any Error>]>([:])
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let group = DispatchGroup()
            for (index, (slice, connection)) in zip(slices, connections).enumerated() {
                group.enter()
                Thread.detachNewThread {
                    let result = Result { () throws -> Frame in
                        defer { connection.database.close() }
                        return try connection.database.readFrame(slice)
                    }
                    results.withLock { $0[index] = result }
                    group.leave()
                }
            }
            group.notify(queue: .global()) { done.resume() }
        }
        let frames = try results.withLock { finished in try slices.indices.map { try finished[$0]!.get() } }
        return try Frame.concatenating(frames)
    }
}

/// Moves a connection from the task that opened it to the one thread that uses it. Safe because
/// ownership moves once: the opening task never touches the connection again.
private struct MovedDatabase: @unchecked Sendable {
    let database: any Database
}
