-- Model aliases (production, staging, …): each names one version on the database board, and every move is
-- kept, so "who put this version in production, when and why" has an answer. An alias moves only together
-- with its history row, in one transaction that holds an advisory lock (see DatabaseModelBoard), so the
-- history's sequence has no gaps and two promotions never interleave.
CREATE TABLE model_aliases (
    alias text PRIMARY KEY CHECK (alias ~ '^[a-z][a-z0-9_-]{0,62}$' AND alias <> 'latest'),
    version text NOT NULL REFERENCES models (version),
    -- The history row that set it.
    sequence bigint NOT NULL
);

-- sequence is 1, 2, 3, … numbered under the lock, not by a Postgres sequence, which skips numbers when a
-- transaction rolls back. The metrics are the new holder's on the data at the moment of the move, and the
-- previous holder's RMSE (what the promotion gate compared); null when the move was not evaluated.
CREATE TABLE model_alias_history (
    sequence bigint PRIMARY KEY CHECK (sequence > 0),
    alias text NOT NULL,
    from_version text,
    to_version text NOT NULL,
    moved_at timestamptz NOT NULL,
    moved_by text NOT NULL,
    reason text NOT NULL CHECK (reason <> ''),
    rmse double precision,
    mae double precision,
    r_squared double precision,
    n integer,
    from_rmse double precision
);
CREATE INDEX model_alias_history_alias ON model_alias_history (alias, sequence);

GRANT SELECT ON model_aliases, model_alias_history TO penguins_reader;
GRANT INSERT, UPDATE ON model_aliases TO penguins_writer;
GRANT INSERT ON model_alias_history TO penguins_writer;
