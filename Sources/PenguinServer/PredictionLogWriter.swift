import DataGateway
import Logging
import PenguinLogging
import ServiceLifecycle

/// Writes the prediction log queue to the database in batches, off the request path, for as long as the
/// server runs, and deletes rows past the retention period.
///
/// When the database cannot be written, the batch in hand is retried with backoff while new records wait in
/// the queue (up to its capacity); one warning says the log is behind, one line says when it caught up.
/// `runServer` lists it first, so at a graceful stop it is told last, once the server has answered its last
/// request: it then writes what is held and exits, or after ``PredictionLogConfiguration/shutdownWait``
/// says how many records were not written.
struct PredictionLogWriter: Service {
    let queue: PredictionLogQueue
    let configuration: PredictionLogConfiguration
    let logger: Logger

    /// How long records gather in the queue between writes, unless a whole batch is waiting. A busy server
    /// then writes one transaction of a few hundred records every 10 ms, instead of one per record: each
    /// statement, commit and sync costs the same however many rows it carries. Longer gathering saves little
    /// more and lengthens the answers' tail: at 30,000 requests/s a tenth of a second made transactions of
    /// 3,000 records, whose writing held a core for about 10 ms while requests queued behind it. Measured with
    /// SQLite, 100 ms gave a p99 of 3.6-4.4 ms, 10 ms 2.0-2.4 ms and 3-5 ms 1.6-1.8 ms, at about 2% more CPU per
    /// request for 10 ms and up to 6% for 5 ms (more on Postgres, whose transactions cost round trips).
    private static let gathering = Duration.milliseconds(10)
    private static let firstBackoff = Duration.milliseconds(100)
    private static let longestBackoff = Duration.seconds(2)

    func run() async {
        let connection = PredictionLogConnection(url: configuration.url, logger: logger)
        var pending: [PredictionLogBatch] = []
        var outage: Outage?
        var nextRetention = ContinuousClock.now
        var stopBy: ContinuousClock.Instant?
        while !Task.isCancelled {
            if stopBy == nil, Task.isShuttingDownGracefully {
                stopBy = .now + configuration.shutdownWait
                logger.info("prediction log: writing the records held before exit", metadata: ["records": "\(queue.held)"])
            }
            pending += PredictionLogBatch.batches(of: queue.takeAll(), records: configuration.batchRecords)
            queue.publishDepth()
            guard let batch = pending.first else {
                if stopBy != nil { break }
                if outage == nil, ContinuousClock.now >= nextRetention {
                    nextRetention = await deleteExpired(on: connection) ? .now : .now + configuration.retentionInterval
                } else {
                    try? await Task.sleep(for: Self.gathering)
                }
                continue
            }
            if let stopBy, ContinuousClock.now >= stopBy {
                logger.error(
                    "prediction log: records not written at exit; the database did not take them in time",
                    metadata: ["records": "\(queue.held)", "waited_ms": "\(configuration.shutdownWait.milliseconds)"])
                break
            }
            switch await connection.run({ database throws(DatabaseError) in try batch.write(to: database) }) {
            case .success:
                pending.removeFirst()
                queue.written(batch.recordCount)
                if pending.isEmpty, stopBy == nil, queue.held < configuration.batchRecords {
                    try? await Task.sleep(for: Self.gathering)
                }
                if let ended = outage {
                    logger.info(
                        "prediction log: the database takes records again; writing those held",
                        metadata: ["held": "\(queue.held)", "outage_ms": "\((ContinuousClock.now - ended.since).milliseconds)"])
                    outage = nil
                }
            case .failure(let error):
                pending[0].attempted = true
                var current = outage ?? Outage(since: .now, backoff: Self.firstBackoff)
                if outage == nil {
                    logger.warning(
                        "prediction log: cannot write to the database; records wait in memory and are written when it is back",
                        metadata: ["target": "\(configuration.url)", "error": "\(error)", "capacity": "\(queue.capacity)"])
                }
                let wake = min(ContinuousClock.now + current.backoff, stopBy ?? .now + current.backoff)
                try? await Task.sleep(until: wake)
                current.backoff = min(current.backoff * 2, Self.longestBackoff)
                outage = current
            }
        }
        queue.publishDepth()
        await connection.close()
    }

    /// One round of deletes past the retention period; true when more rows may be left.
    private func deleteExpired(on connection: PredictionLogConnection) async -> Bool {
        let now = LogTimestamp.now()
        let cutoff = LogTimestamp(seconds: now.seconds - configuration.retentionDays * 86_400, milliseconds: now.milliseconds)
        switch await connection.run({ database throws(DatabaseError) in try PredictionLogRetention.deleteOnce(olderThan: cutoff, from: database) }) {
        case .success(let more):
            return more
        case .failure(let error):
            logger.warning("prediction log: could not delete rows past retention; trying again later", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// Since when the database has refused the log, and how long to wait before the next try.
    private struct Outage {
        let since: ContinuousClock.Instant
        var backoff: Duration
    }
}
