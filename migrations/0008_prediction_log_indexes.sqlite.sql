-- The prediction log's inputs table, cut to the one index its readers use (issue 13: what logging costs
-- `/predict`). Each record wrote three input rows into four B-trees; index maintenance was most of the
-- writer's time. The covering index of migration 0007, (version, feature, number, level, predicted_at),
-- serves the monitor's distributions and the report's per-feature counts, so (feature, version, predicted_at)
-- only repeated it. Retention no longer needs an index on time: rows are appended in time order, so it
-- deletes the oldest rows by rowid (PredictionLogRetention).
DROP INDEX prediction_log_inputs_feature;
DROP INDEX prediction_log_inputs_predicted_at;
