-- The prediction log (issue 13): what the live model was asked and what it answered, one row per answered
-- /predict record, written by `serve` off the request path in batches (multi-row INSERT). Drift and
-- performance over time are computed from these tables inside the database by `penguins monitor`.
-- No foreign keys: a row must be writable whatever happens to the board, and a log never blocks a delete.
CREATE TABLE prediction_log (
    -- The X-Request-ID the response carried. Clients may repeat one, so it is not a key on its own.
    request_id TEXT NOT NULL,
    -- 0-based within the request.
    record_index INTEGER NOT NULL CHECK (record_index >= 0),
    version TEXT NOT NULL,
    predicted_at TEXT NOT NULL,
    -- The whole request's, so a batch's records share it.
    latency_seconds REAL NOT NULL,
    prediction REAL NOT NULL
) STRICT;
CREATE INDEX prediction_log_predicted_at ON prediction_log (predicted_at);
-- Joins to actuals.
CREATE INDEX prediction_log_request ON prediction_log (request_id, record_index);

-- One row per record and model input term (the card's terms, by name): a number for a numeric term, a level
-- for a categorical one. Long rather than wide, so a new model's terms need no migration; version and time
-- are repeated so a drift query per feature reads this one table.
CREATE TABLE prediction_log_inputs (
    request_id TEXT NOT NULL,
    record_index INTEGER NOT NULL CHECK (record_index >= 0),
    version TEXT NOT NULL,
    predicted_at TEXT NOT NULL,
    feature TEXT NOT NULL,
    number REAL,
    level TEXT,
    CHECK ((number IS NULL) <> (level IS NULL))
) STRICT;
CREATE INDEX prediction_log_inputs_feature ON prediction_log_inputs (feature, version, predicted_at);
-- Retention deletes by time.
CREATE INDEX prediction_log_inputs_predicted_at ON prediction_log_inputs (predicted_at);

-- Observed outcomes that arrive later (`penguins monitor actuals`); re-recording one replaces it.
CREATE TABLE prediction_actuals (
    request_id TEXT NOT NULL,
    record_index INTEGER NOT NULL CHECK (record_index >= 0),
    actual REAL NOT NULL,
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (request_id, record_index)
) STRICT;

-- Every batch the writer committed, inserted in the batch's own transaction: a retry of a batch whose commit
-- outcome is unknown fails on the duplicate id, so no batch is ever written twice. Retention deletes old ids.
CREATE TABLE prediction_log_batches (
    batch_id TEXT PRIMARY KEY,
    written_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX prediction_log_batches_written_at ON prediction_log_batches (written_at);
