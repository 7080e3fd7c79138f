import DataGateway
import Foundation

/// Trains on a query's rows without holding them: the rows are read in batches and each is folded into a
/// ``StreamingFit``; the complete cases go to a ``FrameSpill`` on disk for the second pass (residuals and
/// the training profile, which need the coefficients and the final levels) and the data fingerprint. Memory holds a batch or two and the R factor, whatever the table's size.
public enum StreamedTraining {
    /// Rows per batch. A batch's frame and design block take a few MiB at this size (65,536 rows × a handful
    /// of 8-byte columns, a few copies), small beside the process, while each batch's fixed costs (a frame,
    /// a fold of the p × p triangle, one write per column) are spread over enough rows to vanish: the fold
    /// itself costs the same per row at any batch size.
    public static let defaultBatchRows = 65_536

    /// Fits `formula` to the rows of `sql`, run as it is (the caller makes it read-only), with levels learned
    /// from the complete cases. `batchRows` is for tests; the model does not depend on it.
    public static func fit(
        _ formula: Formula, query sql: String, on database: any Database, batchRows: Int = defaultBatchRows,
        progress: LoadProgress? = nil
    ) throws(ModelOperationError) -> LinearModel {
        var streaming = StreamingFit(formula)
        let spill = FrameSpill()
        try reading(sql, on: database, batchRows: batchRows, progress: progress) { batch throws(ModelOperationError) in
            let cases: Frame
            do throws(ModelError) { cases = try streaming.add(batch) } catch { throw .model(error) }
            do throws(FrameSpillError) { try spill.append(cases) } catch { throw .spill(error) }
        }
        var solution: StreamingFit.Solution
        do { solution = try streaming.solution() } catch { throw .model(error) }
        do { try spill.seal() } catch { throw .spill(error) }
        // The fingerprint reads every value once more and needs nothing from the solution, so it is hashed on
        // the second core while this one sums the residuals.
        let fingerprint = BackgroundWork { Result { () throws(FrameSpillError) in try spill.fingerprint() } }
        var start = 0
        while start < spill.rowCount {
            let count = min(batchRows, spill.rowCount - start)
            do { try solution.replay(try spill.rows(from: start, count: count)) } catch let error as ModelError {
                throw .model(error)
            } catch let error as FrameSpillError {
                throw .spill(error)
            } catch {
                preconditionFailure("only model and spill errors arise here: \(error)")
            }
            start += count
        }
        do { return try solution.model(dataFingerprint: try fingerprint.value().get()) } catch let error as ModelError {
            throw .model(error)
        } catch let error as FrameSpillError {
            throw .spill(error)
        } catch {
            preconditionFailure("only model and spill errors arise here: \(error)")
        }
    }

    /// Reads `sql` in batches into `body`, with database failures as ``ModelOperationError/database(_:)``
    /// and `body`'s own as they are; evaluation and scoring read the same way.
    static func reading(
        _ sql: String, on database: any Database, batchRows: Int, progress: LoadProgress? = nil,
        _ body: (Frame) throws(ModelOperationError) -> Void
    ) throws(ModelOperationError) {
        do {
            try database.readBatches(sql, rows: batchRows, progress: progress) { batch in try body(batch) }
        } catch let error as ModelOperationError {
            throw error
        } catch let error as DatabaseError {
            throw .database(error)
        } catch {
            preconditionFailure("a batched read fails with a database error or the body's: \(error)")
        }
    }
}

extension Predictor {
    /// Predicts one batch of a read whose earlier batches held `firstRecord` rows, so that a failing row is
    /// named by its place in the whole read, as it was when the read was one frame.
    func predict(batch: Frame, firstRecord: Int) throws(ModelOperationError) -> [Double?] {
        do throws(RecordError) {
            return try predict(batch)
        } catch {
            var located = error
            located.record = error.record.map { $0 + firstRecord }
            throw .record(located)
        }
    }
}
