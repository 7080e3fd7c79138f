-- Drift of the live inputs against the training data (issue 13 §2): `penguins monitor` appends one row per
-- run, served version and input feature, for the window it looked at. Each statistic sits beside the
-- threshold it was judged by, so a row says why its verdict is what it is even after the defaults change.
-- A statistic that does not apply to the feature's kind is NULL: KS and Wasserstein for numeric features,
-- chi-square for categorical ones; PSI for both.
CREATE TABLE model_drift (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- When the run started: every row of one run shares it.
    run_at timestamptz NOT NULL,
    -- The window of the prediction log the run read: predicted_at >= period_start and < period_end.
    period_start timestamptz NOT NULL,
    period_end timestamptz NOT NULL,
    version text NOT NULL,
    feature text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('numeric', 'categorical')),
    psi double precision NOT NULL,
    psi_moderate double precision NOT NULL,
    psi_major double precision NOT NULL,
    ks_statistic double precision,
    ks_p_value double precision,
    wasserstein_std double precision,
    wasserstein_std_threshold double precision,
    chi2_p_value double precision,
    p_value_threshold double precision NOT NULL,
    drift text NOT NULL CHECK (drift IN ('none', 'moderate', 'major')),
    live_n bigint NOT NULL CHECK (live_n > 0),
    training_n bigint NOT NULL CHECK (training_n > 0)
);
CREATE INDEX model_drift_version_feature ON model_drift (version, feature, run_at);

-- model_metrics rows from `penguins monitor` are per period of the prediction log: `period` says which
-- (hour or day, starting at `at`). `penguins evaluate`'s rows, measured on the training table, leave it NULL.
ALTER TABLE model_metrics ADD COLUMN period text CHECK (period IN ('hour', 'day'));

-- Readers see the results; writers (who run `penguins monitor`) append them, as they append to model_metrics.
GRANT SELECT ON model_drift TO penguins_reader;
GRANT INSERT ON model_drift TO penguins_writer;
