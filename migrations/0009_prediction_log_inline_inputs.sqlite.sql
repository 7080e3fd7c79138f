-- The prediction log's inputs move into the log row (issue 13: the log's cost to `/predict`). Each record
-- was four rows, the log row and one per model term in `prediction_log_inputs`, three of them feeding its
-- covering index; writing them cost /predict a fifth of its throughput. Now each record is one row, as
-- issue 13 first asked, and its inputs are a JSON object in `inputs`, keyed by the card's term names: a
-- number for a numeric term, the level for a categorical one, e.g.
-- {"bill_length_mm":39.1,"species":"Adelie","sex":"male"}. A new formula still needs no migration, and SQL
-- reads a term with `json_extract(inputs, '$.species')`.
ALTER TABLE prediction_log ADD COLUMN inputs TEXT NOT NULL DEFAULT '{}';
-- Records logged before this migration keep their inputs: the long rows of each record become its object,
-- found through an index made for this one statement.
CREATE INDEX prediction_log_inputs_record ON prediction_log_inputs (request_id, record_index);
UPDATE prediction_log SET inputs = coalesce((
    SELECT json_group_object(i.feature, coalesce(i.number, i.level))
    FROM prediction_log_inputs i
    WHERE i.request_id = prediction_log.request_id AND i.record_index = prediction_log.record_index
        AND i.version = prediction_log.version AND i.predicted_at = prediction_log.predicted_at
), '{}');
DROP TABLE prediction_log_inputs;
