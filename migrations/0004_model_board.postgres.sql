-- The model board (every trained version's card, as vetiver pins it), scores written back, and monitoring.
-- A card is stored as text, not jsonb, so its bytes (and so its content hash) survive the round trip.
CREATE TABLE models (
    version text PRIMARY KEY,
    name text NOT NULL,
    created_at timestamptz NOT NULL,
    card text NOT NULL
);

-- No foreign key to models: a model may live on a file board and still score into this table.
CREATE TABLE penguin_predictions (
    penguin_id integer NOT NULL REFERENCES penguins (id) ON DELETE CASCADE,
    model_version text NOT NULL,
    prediction double precision NOT NULL,
    scored_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (penguin_id, model_version)
);

CREATE TABLE model_metrics (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version text NOT NULL,
    metric text NOT NULL,
    value double precision NOT NULL,
    n integer NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX model_metrics_version_at ON model_metrics (version, at);

-- Readers see everything (0003's default privileges cover these tables); writers may also store models,
-- write scores and record metrics, but not change the schema.
GRANT SELECT ON models, penguin_predictions, model_metrics TO penguins_reader;
GRANT INSERT ON models TO penguins_writer;
GRANT INSERT, UPDATE, DELETE ON penguin_predictions TO penguins_writer;
GRANT INSERT ON model_metrics TO penguins_writer;
