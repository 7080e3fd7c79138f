-- The model board (every trained version's card, as vetiver pins it), scores written back, and monitoring.
-- A card is stored as text so its bytes (and so its content hash) survive the round trip.
CREATE TABLE models (
    version TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    card TEXT NOT NULL
) STRICT;

-- No foreign key to models: a model may live on a file board and still score into this table.
CREATE TABLE penguin_predictions (
    penguin_id INTEGER NOT NULL REFERENCES penguins (id) ON DELETE CASCADE,
    model_version TEXT NOT NULL,
    prediction REAL NOT NULL,
    scored_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (penguin_id, model_version)
) STRICT;

CREATE TABLE model_metrics (
    id INTEGER PRIMARY KEY,
    version TEXT NOT NULL,
    metric TEXT NOT NULL,
    value REAL NOT NULL,
    n INTEGER NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX model_metrics_version_at ON model_metrics (version, at);
