-- Least-privilege group roles. They cannot log in and have no password: grant them to login roles,
-- e.g. `GRANT penguins_reader TO analyst;`. Roles are cluster-wide, so they are created only if missing.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'penguins_reader') THEN
        CREATE ROLE penguins_reader NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'penguins_writer') THEN
        CREATE ROLE penguins_writer NOLOGIN;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO penguins_reader, penguins_writer;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO penguins_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO penguins_reader;
-- A writer reads everything a reader does; the migrations that add score tables grant it INSERT there.
GRANT penguins_reader TO penguins_writer;
