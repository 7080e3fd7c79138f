-- The prediction log's indexes, cut to what its readers use (issue 13's writer target: 50,000 records/s).
-- Every logged record fed five B-trees; index maintenance was most of the server's time in a COPY.
-- The log is appended in time order, so a BRIN index on `predicted_at` (one summary per 128 pages, updated
-- only when a range's bounds move) finds a window or the rows past retention as well as a B-tree did, at
-- almost no cost per row. The monitor, the report and retention all select by time first; none needs
-- (feature, version, predicted_at), which the monitor's hash aggregate and the report's time range replace.
-- `prediction_log_request` stays: actuals are joined to the log by request id.
DROP INDEX prediction_log_predicted_at;
DROP INDEX prediction_log_inputs_predicted_at;
DROP INDEX prediction_log_inputs_feature;
CREATE INDEX prediction_log_predicted_at ON prediction_log USING brin (predicted_at);
CREATE INDEX prediction_log_inputs_predicted_at ON prediction_log_inputs USING brin (predicted_at);
