-- Model aliases (production, staging, …): each names one version on the database board, and every move is
-- kept, so "who put this version in production, when and why" has an answer. An alias moves only together
-- with its history row, in one BEGIN IMMEDIATE transaction (see DatabaseModelBoard), so the history's
-- sequence has no gaps and two promotions never interleave.
CREATE TABLE model_aliases (
    alias TEXT PRIMARY KEY CHECK (alias GLOB '[a-z]*' AND alias NOT GLOB '*[^a-z0-9_-]*' AND length(alias) <= 63 AND alias <> 'latest'),
    version TEXT NOT NULL REFERENCES models (version),
    -- The history row that set it.
    sequence INTEGER NOT NULL
) STRICT;

-- The metrics are the new holder's on the data at the moment of the move, and the previous holder's RMSE
-- (what the promotion gate compared); null when the move was not evaluated.
CREATE TABLE model_alias_history (
    sequence INTEGER PRIMARY KEY CHECK (sequence > 0),
    alias TEXT NOT NULL,
    from_version TEXT,
    to_version TEXT NOT NULL,
    moved_at TEXT NOT NULL,
    moved_by TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (reason <> ''),
    rmse REAL,
    mae REAL,
    r_squared REAL,
    n INTEGER,
    from_rmse REAL
) STRICT;
CREATE INDEX model_alias_history_alias ON model_alias_history (alias, sequence);
