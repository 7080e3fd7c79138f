-- The prediction log (issue 13): what the live model was asked and what it answered, one row per answered
-- /predict record, written by `serve` off the request path in batches (COPY). Drift and performance over
-- time are computed from these tables inside the database by `penguins monitor`.
-- No foreign keys: a row must be writable whatever happens to the board, and a log never blocks a delete.
CREATE TABLE prediction_log (
    -- The X-Request-ID the response carried. Clients may repeat one, so it is not a key on its own.
    request_id text NOT NULL,
    -- 0-based within the request.
    record_index integer NOT NULL CHECK (record_index >= 0),
    version text NOT NULL,
    predicted_at timestamptz NOT NULL,
    -- The whole request's, so a batch's records share it.
    latency_seconds double precision NOT NULL,
    prediction double precision NOT NULL
);
CREATE INDEX prediction_log_predicted_at ON prediction_log (predicted_at);
-- Joins to actuals.
CREATE INDEX prediction_log_request ON prediction_log (request_id, record_index);

-- One row per record and model input term (the card's terms, by name): a number for a numeric term, a level
-- for a categorical one. Long rather than wide, so a new model's terms need no migration; version and time
-- are repeated so a drift query per feature reads this one table.
CREATE TABLE prediction_log_inputs (
    request_id text NOT NULL,
    record_index integer NOT NULL CHECK (record_index >= 0),
    version text NOT NULL,
    predicted_at timestamptz NOT NULL,
    feature text NOT NULL,
    number double precision,
    level text,
    CHECK ((number IS NULL) <> (level IS NULL))
);
CREATE INDEX prediction_log_inputs_feature ON prediction_log_inputs (feature, version, predicted_at);
-- Retention deletes by time.
CREATE INDEX prediction_log_inputs_predicted_at ON prediction_log_inputs (predicted_at);

-- Observed outcomes that arrive later (`penguins monitor actuals`); re-recording one replaces it.
CREATE TABLE prediction_actuals (
    request_id text NOT NULL,
    record_index integer NOT NULL CHECK (record_index >= 0),
    actual double precision NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (request_id, record_index)
);

-- Every batch the writer committed, inserted in the batch's own transaction: when a commit's outcome is
-- unknown (the connection dropped), the retry's insert of the same id fails as a duplicate, so no batch is
-- ever written twice. Retention deletes old ids with the rows.
CREATE TABLE prediction_log_batches (
    batch_id text PRIMARY KEY,
    written_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX prediction_log_batches_written_at ON prediction_log_batches (written_at);

-- `serve` runs as a role granted penguins_server: it reads what a reader does, appends to the log and deletes
-- rows past retention, and nothing else. penguins_reader stays read-only; penguins_writer records actuals.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'penguins_server') THEN
        CREATE ROLE penguins_server NOLOGIN;
    END IF;
END
$$;
GRANT penguins_reader TO penguins_server;
GRANT SELECT ON prediction_log, prediction_log_inputs, prediction_actuals, prediction_log_batches TO penguins_reader;
GRANT INSERT, DELETE ON prediction_log, prediction_log_inputs, prediction_log_batches TO penguins_server;
GRANT INSERT, UPDATE ON prediction_actuals TO penguins_writer;
