-- The prediction log's inputs move into the log row (issue 13: the log's cost to `/predict`). Each record
-- was four rows, the log row and one per model term in `prediction_log_inputs`; writing them cost /predict
-- a fifth of its throughput. Now each record is one row, as issue 13 first asked, and its inputs are a JSON
-- object in `inputs`, keyed by the card's term names: a number for a numeric term, the level for a
-- categorical one, e.g. {"bill_length_mm": 39.1, "species": "Adelie", "sex": "male"}. A new formula still
-- needs no migration, and SQL reads a term with `inputs ->> 'species'`.
ALTER TABLE prediction_log ADD COLUMN inputs jsonb;
-- Records logged before this migration keep their inputs: the long rows of each record become its object.
UPDATE prediction_log l SET inputs = i.inputs
FROM (
    SELECT request_id, record_index, version, predicted_at,
        jsonb_object_agg(feature, CASE WHEN number IS NULL THEN to_jsonb(level) ELSE to_jsonb(number) END) AS inputs
    FROM prediction_log_inputs
    GROUP BY request_id, record_index, version, predicted_at
) i
WHERE l.request_id = i.request_id AND l.record_index = i.record_index AND l.version = i.version AND l.predicted_at = i.predicted_at;
UPDATE prediction_log SET inputs = '{}' WHERE inputs IS NULL;
ALTER TABLE prediction_log ALTER COLUMN inputs SET NOT NULL,
    ADD CONSTRAINT prediction_log_inputs_object CHECK (jsonb_typeof(inputs) = 'object');
DROP TABLE prediction_log_inputs;
-- Nor does the log keep a B-tree on request ids: its upkeep was a third of the server's work per logged record
-- (one more WAL record per row). The monitor joins actuals by hashing, and `penguins monitor actuals` counts
-- the actuals no record matches with one anti-join per run instead of a lookup per actual.
DROP INDEX prediction_log_request;
