-- The SQLite log drops its B-tree on request ids too, as migration 0009 did on Postgres (issue 15: the log's
-- cost to `/predict`). Each logged record inserted into three B-trees, the table, `predicted_at` and this one,
-- whose keys (a request id and a record index, about 40 bytes) were the widest. Its readers do without it: the
-- monitor joins actuals through the actuals' own primary key, and `penguins monitor actuals` counts unmatched
-- actuals with one LEFT JOIN, for which SQLite builds a transient index on the log for that statement.
DROP INDEX prediction_log_request;
