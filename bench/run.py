"""Runs every benchmark case side by side with its reference, several times, and prints one table.

Each case is a whole process, timed by wall clock; peak RSS comes from wait4's rusage. The median of
the runs is reported. Targets are ratios (issue 6), because the machines here are noisy. This is a
benchmark, not a test: nothing here asserts, it reports. Driven by scripts/bench, which sets up the
databases and the environment this reads.
"""
import math
import os
import statistics
import subprocess
import sys
import threading
import time

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
# The serving cases take turns in API_ROUNDS rounds of API_SLICE-second wrk runs.
API_ROUNDS = int(os.environ.get("BENCH_API_ROUNDS", "6"))
API_SLICE = 5
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PENGUINS = os.environ.get("PENGUINS_BIN", os.path.join(ROOT, ".build/release/penguins"))
PYTHON = os.environ.get("BENCH_PYTHON", sys.executable)
# BENCH_ONLY=api runs the serving cases alone, which need no database; the rest are then unset.
ROWS = int(os.environ.get("BENCH_ROWS", "0"))
PG_URL = os.environ.get("BENCH_PG_URL", "")          # postgresql://user:password@127.0.0.1:port/db (environment only)
SQLITE_FILE = os.environ.get("BENCH_SQLITE_FILE", "")
CSV_DIR = os.environ.get("BENCH_CSV_MIGRATIONS", "")  # 0001 schema + the big CSV data migration
PSQL = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", os.environ.get("BENCH_PGHOST", ""), "-p", os.environ.get("BENCH_PGPORT", ""),
        "-U", os.environ.get("BENCH_PGUSER", "")]
QUERY = "SELECT id, species, island, bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g, sex, year FROM bench_penguins"


def run_once(command, environment=None, stdin=None):
    """Runs one process to completion; returns (seconds, peak RSS MiB, stdout)."""
    env = dict(os.environ)
    env.update(environment or {})
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Both pipes are drained by threads while stdin is written, so a chatty process can never fill one and
    # stall; the process is then reaped here with wait4, for its rusage.
    drained = {}
    readers = [threading.Thread(target=lambda name=name, pipe=pipe: drained.__setitem__(name, pipe.read()))
               for name, pipe in (("out", process.stdout), ("err", process.stderr))]
    for reader in readers:
        reader.start()
    if stdin:
        process.stdin.write(stdin.encode())
        process.stdin.close()
    for reader in readers:
        reader.join()
    output, errors = drained["out"], drained["err"]
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = status
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"benchmark command failed ({command[0]} …): {errors.decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, output.decode()


def measure(command, environment=None, prepare=None, stdin=None):
    """Median seconds and median peak RSS over RUNS runs; `prepare` runs untimed before each.

    Dirty pages are flushed before each run: a run started while the kernel still writes back the previous
    one's gigabyte (a dropped 5M-row database, a generated file) measured up to a fifth slower, and which
    side of a comparison paid for it depended on the order of the cases.
    """
    runs = [flushed_run(command, environment, prepare, stdin) for _ in range(RUNS)]
    return statistics.median(run[0] for run in runs), statistics.median(run[1] for run in runs)


def measure_taking_turns(first, second):
    """`measure` for two cases whose ratio is the figure: each a dict of `measure`'s arguments, run in turns
    (first, second; second, first; …), so that the VM's drift over minutes falls on both alike."""
    times = ([], [])
    for run in range(RUNS):
        for index in ((0, 1) if run % 2 == 0 else (1, 0)):
            case = (first, second)[index]
            times[index].append(flushed_run(**case)[0])
    return statistics.median(times[0]), statistics.median(times[1])


def flushed_run(command, environment=None, prepare=None, stdin=None):
    """One run of `measure`: `prepare`, flush dirty pages, then the timed run's seconds and peak RSS."""
    if prepare:
        prepare()
    os.sync()
    seconds, rss, _ = run_once(command, environment, stdin)
    return seconds, rss


def penguins(*arguments):
    return [PENGUINS, *arguments]


def python(script):
    return [PYTHON, os.path.join(ROOT, "bench", script)]


def pg(sql, database):
    subprocess.run(PSQL + ["-d", database], input=sql.encode(), check=True, stdout=subprocess.DEVNULL)


rows = []


def figure(value, digits=4):
    """`value` with `digits` significant digits and no exponent: 5.804, 0.01312, 14277."""
    if not math.isfinite(value) or value == 0:
        return f"{value}"
    return f"{value:.{max(0, digits - 1 - math.floor(math.log10(abs(value))))}f}"


def row(case, ours, reference_name, reference, target, lower_is_better=True, unit="s"):
    ratio = ours / reference if reference else float("nan")
    rows.append((case, ours, reference_name, reference, ratio, target, unit))
    print(f"  {case}: ours {figure(ours)}{unit}, {reference_name} {figure(reference)}{unit}, ratio {figure(ratio, 3)}", file=sys.stderr, flush=True)


def main():
    if os.environ.get("BENCH_ONLY") == "api":
        serving()
        print_table()
        return
    database = os.environ["BENCH_PGDATABASE"]
    if os.environ.get("BENCH_ONLY") == "monitor":
        monitoring(database)
        print_table()
        return
    pg_env = {"DATABASE_URL": PG_URL, "PENGUINS_LOG_LEVEL": "error"}
    if os.environ.get("BENCH_ONLY") == "train":
        training(pg_env)
        print_table()
        return
    if os.environ.get("BENCH_ONLY") == "csv":
        csv_migrations(database)
        print_table()
        return
    if os.environ.get("BENCH_ONLY") == "log":
        from prediction_log import prediction_log
        rows.extend(prediction_log(os.path.join(os.environ["BENCH_SERVE_DIR"], "prediction-log"), wrk))
        print_table()
        return
    sqlite_env = {"DATABASE_URL": f"sqlite:{SQLITE_FILE}", "PENGUINS_LOG_LEVEL": "error"}
    ref_env = {"BENCH_URL": PG_URL, "BENCH_QUERY": QUERY}

    print(f"Postgres → frame, {ROWS:,} rows", file=sys.stderr)
    floor, _ = measure(PSQL + ["-d", database, "-c", f"\\copy ({QUERY}) TO '/dev/null' WITH (FORMAT binary)"])
    ours, ours_rss = measure(penguins("load", "--query", QUERY, "--head", "0"), pg_env)
    cx_time, cx_rss = measure(python("connectorx_read.py"), ref_env)
    adbc_time, _ = measure(python("adbc_read.py"), ref_env)
    row("Postgres → frame", ours, "psql \\copy binary (floor)", floor, "≤ 1.10×")
    best_peer = min(cx_time, adbc_time)
    row("Postgres → frame", ours, f"faster of ConnectorX {cx_time:.2f}s / ADBC {adbc_time:.2f}s", best_peer, "≤ 0.80× (≥ 1.25× faster)")
    row("Postgres → frame, peak RSS", ours_rss, "ConnectorX peak RSS", cx_rss, "≤ 0.5× and ≤ 200 MiB", unit=" MiB")

    for partitions in (1, 2, 4):
        ours_p, rss_p = measure(penguins("load", "--query", QUERY, "--head", "0", "--partition-on", "id", "--partitions", str(partitions)), pg_env)
        row(f"Postgres → frame, {partitions} partition{'s' if partitions > 1 else ''}", ours_p, "single-connection floor", floor,
            "≤ 0.85×" if partitions == 2 else "(report)")
        if partitions == 2:
            row("Postgres → frame, 2 partitions, peak RSS", rss_p, "ConnectorX peak RSS (1 connection)", cx_rss, "≤ 0.5× and ≤ 200 MiB", unit=" MiB")
        if partitions == 2:
            cx_p, _ = measure(python("connectorx_read.py"), dict(ref_env, BENCH_PARTITIONS="2"))
            row("Postgres → frame, 2 partitions", ours_p, "ConnectorX partitioned", cx_p, "≤ 0.80×")

    print("SQLite → frame", file=sys.stderr)
    sqlite_query = QUERY.replace("bench_penguins", "penguins")
    aggregate = ("SELECT count(*), sum(id), sum(length(species)), sum(length(island)), sum(bill_length_mm), sum(bill_depth_mm), "
                 "sum(flipper_length_mm), sum(body_mass_g), sum(length(sex)), sum(year) FROM penguins")
    floor_sqlite, _ = measure(["sqlite3", SQLITE_FILE, aggregate])
    ours_sqlite, _ = measure(penguins("load", "--query", sqlite_query, "--head", "0"), sqlite_env)
    cx_sqlite, _ = measure(python("connectorx_read.py"), {"BENCH_URL": f"sqlite://{SQLITE_FILE}", "BENCH_QUERY": sqlite_query})
    row("SQLite → frame", ours_sqlite, "sqlite3 aggregate over every column (floor)", floor_sqlite, "≤ 1.5×")
    row("SQLite → frame", ours_sqlite, "ConnectorX", cx_sqlite, "≤ 0.5×")

    csv_migrations(database)

    train_time = training(pg_env)
    in_db_time, _ = measure(penguins("train", "--in-database", "--query", QUERY), dict(pg_env, PENGUINS_MODEL_BOARD="file:" + os.environ["BENCH_BOARD"]))
    row("train --in-database", in_db_time, "read + fit", train_time, "< 1.0×")

    monitoring(database)
    serving()
    from deployments import deployments
    rows.extend(deployments(os.path.join(os.environ["BENCH_SERVE_DIR"], "deployments"), wrk))
    from prediction_log import prediction_log
    rows.extend(prediction_log(os.path.join(os.environ["BENCH_SERVE_DIR"], "prediction-log"), wrk))
    print_table()


def csv_migrations(database):
    """The CSV data migration into each engine, against the engines' own bulk loaders."""
    print("CSV data migration", file=sys.stderr)
    csv_file = next(os.path.join(CSV_DIR, name) for name in os.listdir(CSV_DIR) if name.endswith(".csv"))
    columns = "species, island, bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g, sex, year"
    schema = open(os.path.join(CSV_DIR, "0001_create_penguins.postgres.sql")).read()

    def fresh_pg():
        pg("DROP DATABASE IF EXISTS bench_migrate;", database)
        pg("CREATE DATABASE bench_migrate;", database)

    def fresh_pg_with_table():
        fresh_pg()
        pg(schema, "bench_migrate")

    migrate_url = PG_URL.rsplit("/", 1)[0] + "/bench_migrate"
    ours_mig, psql_mig = measure_taking_turns(
        {"command": penguins("migrate", "--migrations", CSV_DIR), "environment": {"DATABASE_URL": migrate_url, "PENGUINS_LOG_LEVEL": "error"},
         "prepare": fresh_pg},
        {"command": PSQL + ["-d", "bench_migrate", "-c", f"\\copy penguins ({columns}) FROM '{csv_file}' WITH (FORMAT csv, HEADER true, NULL 'NA')"],
         "prepare": fresh_pg_with_table})
    row("CSV migration → Postgres", ours_mig, "psql \\copy … CSV", psql_mig, "≤ 0.85×")

    sqlite_target = SQLITE_FILE + ".migrate"
    # The same columns and types without the CHECKs: .import stores NA as the text 'NA', which the CHECK on
    # sex would refuse, so the reference does strictly less work than the migration.
    import_schema = ("CREATE TABLE penguins (species TEXT, island TEXT, bill_length_mm REAL, bill_depth_mm REAL, "
                     "flipper_length_mm INTEGER, body_mass_g INTEGER, sex TEXT, year INTEGER);")

    def fresh_sqlite():
        for suffix in ("", "-journal", "-wal", "-shm"):
            if os.path.exists(sqlite_target + suffix):
                os.remove(sqlite_target + suffix)

    def fresh_sqlite_with_table():
        fresh_sqlite()
        subprocess.run(["sqlite3", sqlite_target], input=import_schema.encode(), check=True)

    sqlite_dir = os.environ["BENCH_CSV_MIGRATIONS_SQLITE"]
    ours_mig_sqlite, _ = measure(penguins("migrate", "--migrations", sqlite_dir),
                                 {"DATABASE_URL": f"sqlite:{sqlite_target}", "PENGUINS_LOG_LEVEL": "error"}, prepare=fresh_sqlite)
    import_time, _ = measure(["sqlite3", sqlite_target], prepare=fresh_sqlite_with_table,
                             stdin=f".mode csv\n.import --skip 1 {csv_file} penguins\n")
    row("CSV migration → SQLite", ours_mig_sqlite, "sqlite3 .import", import_time, "≤ 1.0×")
    # What SQLite itself spends putting the same rows into the migration's STRICT table with its CHECK
    # constraints, which .import (into an unconstrained table) skips: an INSERT … SELECT from the imported copy.
    imported = sqlite_target + ".imported"
    os.replace(sqlite_target, imported)
    strict_schema = open(os.path.join(os.environ["BENCH_REPO_MIGRATIONS"], "0001_create_penguins.sqlite.sql")).read()
    copy_sql = (f"ATTACH '{imported}' AS imported; INSERT INTO penguins ({columns}) SELECT species, island, "
                "NULLIF(bill_length_mm, 'NA'), NULLIF(bill_depth_mm, 'NA'), NULLIF(flipper_length_mm, 'NA'), "
                "NULLIF(body_mass_g, 'NA'), NULLIF(sex, 'NA'), year FROM imported.penguins;")

    def fresh_strict():
        fresh_sqlite()
        subprocess.run(["sqlite3", sqlite_target], input=strict_schema.encode(), check=True)

    constrained, _ = measure(["sqlite3", sqlite_target], prepare=fresh_strict, stdin=copy_sql)
    os.remove(imported)
    row("CSV migration → SQLite", ours_mig_sqlite, "sqlite3 INSERT … SELECT into the same STRICT, CHECKed table", constrained,
        "(context: the engine's own cost of the schema)")


def training(pg_env):
    """`train` streams its query in batches (issue 15): its time and peak RSS beside `load` of the same query,
    which holds every row. Returns train's time."""
    print(f"Training, {ROWS:,} rows", file=sys.stderr)
    read_time, read_rss = measure(penguins("load", "--query", QUERY, "--head", "0"), pg_env)
    train_time, train_rss = measure(penguins("train", "--query", QUERY), dict(pg_env, PENGUINS_MODEL_BOARD="file:" + os.environ["BENCH_BOARD"]))
    row("train (read + fit)", train_time, "read alone", read_time, "≤ 1.15×")
    row("train, peak RSS", train_rss, "load peak RSS", read_rss, "≤ 1.2×" + (" and ≤ 300 MiB" if ROWS >= 50_000_000 else ""), unit=" MiB")
    return train_time


def run_alone(case):
    """Runs one bench module's case on its own (`python3 bench/deployments.py`), printing its rows."""
    import tempfile
    with tempfile.TemporaryDirectory() as work:
        for row in case(work, wrk):
            print(row)


def previous_figures():
    """The README's figures from bench/previous.tsv: (case, reference, ours, ratio) per line."""
    with open(os.path.join(ROOT, "bench", "previous.tsv"), encoding="utf-8") as listing:
        return [line.rstrip("\n").split("\t") for line in listing if line.strip() and not line.startswith("#")]


def previous(case, reference_name, figures):
    """The README's 'ours, ratio' for a row, matched by case and reference name (a key ending in … is a prefix)."""
    def matches(key, name):
        return name.startswith(key[:-1]) if key.endswith("…") else name == key
    return next((f"{ours}, {ratio}" for key_case, key_reference, ours, ratio in figures
                 if matches(key_case, case) and matches(key_reference, reference_name)), "—")


MONITOR_RECORDS = 1_000_000
# A million logged records of the served model, generated inside the database: the complete training rows
# over and over, one every 40 ms up to now (the last 11 hours), ten per request, every other one with its
# actual. The inputs are the training data's own, so no feature drifts and `monitor` exits 0.
MONITOR_LOG = """
CREATE TEMP TABLE bench_rows AS
SELECT row_number() OVER (ORDER BY id) - 1 AS k, bill_length_mm, species, sex, body_mass_g FROM penguins
WHERE bill_length_mm IS NOT NULL AND sex IS NOT NULL AND body_mass_g IS NOT NULL;
CREATE TEMP TABLE bench_log AS
{series}
SELECT 'bench-' || (i / 10) AS request_id, i % 10 AS record_index, {time} AS predicted_at,
       r.bill_length_mm, r.species, r.sex, r.body_mass_g * 1.0 AS actual, 2000 + 50 * r.bill_length_mm AS prediction, i
FROM {source} JOIN bench_rows r ON r.k = i % 333;
INSERT INTO prediction_log (request_id, record_index, version, predicted_at, latency_seconds, prediction, inputs)
SELECT request_id, record_index, '{version}', predicted_at, 0.001, prediction,
       {object}('bill_length_mm', bill_length_mm, 'species', species, 'sex', sex) FROM bench_log;
INSERT INTO prediction_actuals (request_id, record_index, actual) SELECT request_id, record_index, actual FROM bench_log WHERE i % 2 = 0;
{analyze}
"""


def monitoring(database):
    """`penguins monitor` over a million logged records on each engine (issue 13: ≤ 2 s Postgres, ≤ 4 s SQLite)."""
    directory = os.path.join(os.environ["BENCH_SERVE_DIR"], "monitor")
    os.makedirs(directory, exist_ok=True)
    last = MONITOR_RECORDS - 1
    pg("DROP DATABASE IF EXISTS bench_monitor;", database)
    pg("CREATE DATABASE bench_monitor;", database)
    engines = {
        "Postgres": ({"DATABASE_URL": PG_URL.rsplit("/", 1)[0] + "/bench_monitor"},
                     lambda sql: pg(sql, "bench_monitor"),
                     dict(series="", source=f"generate_series(0, {last}) AS i",
                          time=f"now() - ({last} - i) * interval '40 milliseconds'",
                          object="jsonb_build_object", analyze="ANALYZE prediction_log, prediction_actuals;"), "≤ 2 s"),
        "SQLite": ({"DATABASE_URL": f"sqlite:{os.path.join(directory, 'monitor.sqlite')}"},
                   lambda sql: subprocess.run(["sqlite3", os.path.join(directory, "monitor.sqlite")], input=sql.encode(), check=True),
                   dict(series=f"WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {last})", source="s",
                        time=f"strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (({last} - i) * 0.04) || ' seconds')",
                        object="json_object", analyze="ANALYZE;"),
                   "≤ 4 s"),
    }
    for engine, (env, run_sql, parts, target) in engines.items():
        env = dict(env, PENGUINS_LOG_LEVEL="error")
        print(f"penguins monitor, {MONITOR_RECORDS:,} logged records, {engine}", file=sys.stderr)
        run_once(penguins("migrate", "--migrations", os.environ["BENCH_REPO_MIGRATIONS"]), env)
        version = run_once(penguins("train"), env)[2].strip().split("\n")[-1].split()[3]
        started = time.perf_counter()
        run_sql(MONITOR_LOG.format(version=version, **parts))
        print(f"  generated in {time.perf_counter() - started:.1f}s", file=sys.stderr)
        ours, _ = measure(penguins("monitor", "--since", "1d", "--every", "hour"), env)
        row(f"penguins monitor, {MONITOR_RECORDS:,} logged records, {engine}", ours, "target", float(target.split()[1]), target)


def print_table():
    figures = previous_figures()
    print()
    print(f"| case | ours | reference | reference figure | ratio | target | previous (README) |")
    print(f"|---|---:|---|---:|---:|---|---|")
    for case, ours, name, reference, ratio, target, unit in rows:
        print(f"| {case} | {figure(ours)}{unit} | {name} | {figure(reference)}{unit} | {figure(ratio, 3)}× | {target} "
              f"| {previous(case, name, figures)} |")


def free_port():
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_ready(port, path, timeout=60):
    import urllib.request
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=1) as response:
                if response.status == 200:
                    return
        except Exception:
            time.sleep(0.005)
    raise SystemExit(f"server on {port} not ready within {timeout}s")


def rss_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wrk(port, seconds, connections=16, path="/predict"):
    """Requests/s, p99 latency in ms and total requests of a wrk run: POST the labs' one-record body to
    /predict, or GET any other path."""
    script = ["-s", os.path.join(ROOT, "bench", "predict.lua")] if path == "/predict" else []
    result = run_wrk(["-t2", f"-c{connections}", f"-d{seconds}s", *script, f"http://127.0.0.1:{port}{path}"])
    rate = float(next(line.split()[1] for line in result.splitlines() if line.startswith("Requests/sec:")))
    total = int(next(line.split()[0] for line in result.splitlines() if "requests in" in line))
    return rate, latency_ms(result, "99%"), total


def batch_latency(url, seconds, body_path):
    """Median seconds per request of the 10,000-record batch (bench/batch_predict.py checks the answer first),
    one connection after the other for `seconds`: wrk's time, which is the server's and the wire's."""
    subprocess.run([PYTHON, os.path.join(ROOT, "bench", "batch_predict.py"), url, body_path], check=True)
    result = run_wrk(["-t1", "-c1", f"-d{seconds}s", "-s", os.path.join(ROOT, "bench", "batch.lua"), url],
                     dict(os.environ, BENCH_BATCH_BODY=body_path))
    return latency_ms(result, "50%") / 1000


def run_wrk(arguments, environment=None):
    """wrk's report, refused when it saw errors."""
    result = subprocess.run(["wrk", "--latency", *arguments], check=True, capture_output=True, text=True, env=environment).stdout
    if "Non-2xx" in result or "Socket errors" in result:
        raise SystemExit("wrk saw errors:\n" + result)
    return result


def latency_ms(result, percentile):
    """One percentile of wrk's latency distribution, in milliseconds."""
    value = next(line.split()[1] for line in result.splitlines() if line.strip().startswith(percentile))
    if value.endswith("us"):
        return float(value[:-2]) / 1000
    if value.endswith("ms"):
        return float(value[:-2])
    return float(value[:-1]) * 1000


def start_server(command, directory, env, log_name):
    """`serve` as deployed: its logs (stdout) go to a file, as a container runtime's do, and it is ready."""
    log = open(os.path.join(directory, log_name), "ab")
    server = subprocess.Popen(command, cwd=directory, env=env, stdout=log, stderr=log)
    log.close()
    wait_ready(int(env["PENGUINS_HTTP_PORT"]), "/readyz")
    return server


def serving():
    directory = os.environ["BENCH_SERVE_DIR"]
    csv = os.path.join(os.environ["BENCH_REPO_MIGRATIONS"], "0002_palmer_penguins.penguins.csv")
    port = free_port()
    # The default configuration: JSON request logs at info. Logging off (PENGUINS_LOG_LEVEL=error) and text
    # logs are measured only as references for what the logs cost.
    env = dict(os.environ, PENGUINS_HTTP_PORT=str(port))
    env.pop("DATABASE_URL", None)
    env.pop("PENGUINS_LOG_LEVEL", None)
    env.pop("PENGUINS_LOG_FORMAT", None)
    command = [PENGUINS, "serve", "--migrations", os.environ["BENCH_REPO_MIGRATIONS"]]
    # First start migrates and trains; the start-up case then measures a start with the model present.
    server = start_server(command, directory, env, "serve.log")
    server.terminate()
    server.wait()
    starts = []
    for _ in range(max(RUNS, 5)):
        started = time.perf_counter()
        server = start_server(command, directory, env, "serve.log")
        starts.append(time.perf_counter() - started)
        server.terminate()
        server.wait()
    print(f"  serve start → first 200 from /readyz: median {statistics.median(starts):.3f}s", file=sys.stderr)
    start_row = ("serve start → first 200 /readyz", statistics.median(starts), "—", float("nan"), float("nan"), "≤ 0.3 s", "s")

    # The variants run side by side, a server each, with vetiver beside them, and take turns in 5-second wrk
    # slices, the order reversed every round, as the prediction log's bench does: this machine's speed drifts
    # by a fifth within a minute, and a round's slices see the same speed. A rate is the median of its slices;
    # a ratio is the median of the rounds' ratios. "ping" is /ping on the default server, in a slice of its
    # own. "unlogged" keeps the request log and turns the prediction log off: what the route costs against
    # /ping without the log's writer, which shares the two cores with the server and wrk.
    variants = {"json": {}, "text": {"PENGUINS_LOG_FORMAT": "text"}, "off": {"PENGUINS_LOG_LEVEL": "error"},
                "unlogged": {"PENGUINS_PREDICTION_LOG": "off"}}
    servers = {}
    vetiver = None
    try:
        for name, extra in variants.items():
            variant_port = port if name == "json" else free_port()
            servers[name] = (start_server(command, directory, dict(env, PENGUINS_HTTP_PORT=str(variant_port), **extra), f"serve-{name}.log"),
                             variant_port)
        vetiver_port = free_port()
        # vetiver as it ships: uvicorn's default access log on, to a file like ours.
        vetiver_log = open(os.path.join(directory, "vetiver.log"), "ab")
        vetiver = subprocess.Popen([PYTHON, os.path.join(ROOT, "bench", "vetiver_app.py")],
                                   env=dict(os.environ, BENCH_PORT=str(vetiver_port), BENCH_PENGUINS_CSV=csv),
                                   stdout=vetiver_log, stderr=vetiver_log)
        vetiver_log.close()
        wait_ready(vetiver_port, "/ping")
        slices = [(name, variant_port, "/predict") for name, (_, variant_port) in servers.items()]
        slices.insert(1, ("ping", port, "/ping"))
        slices.append(("vetiver", vetiver_port, "/predict"))
        for _, slice_port, path in slices:
            wrk(slice_port, 2, path=path)
        # CPU per request (the server's own, from /proc) beside req/s: the drift moves it far less, and it
        # tells a cost in the server from a stall that only lowers the rate.
        from prediction_log import cpu_ticks
        pids = {name: process.pid for name, (process, _) in servers.items()}
        pids["ping"] = pids["json"]
        pids["vetiver"] = vetiver.pid
        figures = {name: [] for name, _, _ in slices}
        cpu = {name: [0, 0] for name, _, _ in slices}
        for turn in range(API_ROUNDS):
            for name, slice_port, path in (slices if turn % 2 == 0 else slices[::-1]):
                before = cpu_ticks([pids[name]])
                figures[name].append(wrk(slice_port, API_SLICE, path=path))
                cpu[name][0] += cpu_ticks([pids[name]]) - before
                cpu[name][1] += figures[name][-1][2]
        rate = {name: statistics.median(run[0] for run in runs) for name, runs in figures.items()}
        p99 = {name: statistics.median(run[1] for run in runs) for name, runs in figures.items()}

        def ratio(ours, reference):
            return statistics.median(a[0] / b[0] for a, b in zip(figures[ours], figures[reference]))

        print("  /predict one record, req/s (p99 ms), medians of " + f"{API_ROUNDS} slices: "
              + ", ".join(f"{name} {rate[name]:.0f} ({p99[name]:.2f})" for name in figures), file=sys.stderr)
        print("  server CPU per request, µs: " + ", ".join(
            f"{name} {ticks * 1e6 / os.sysconf('SC_CLK_TCK') / max(1, requests):.1f}" for name, (ticks, requests) in cpu.items()),
            file=sys.stderr)
        print("  slices, req/s: " + "; ".join(f"{name} " + " ".join(f"{run[0]:.0f}" for run in runs) for name, runs in figures.items()),
              file=sys.stderr)
        case = f"/predict 1 record, JSON logs to a file, wrk -t2 -c16, {API_ROUNDS} rounds of {API_SLICE} s (req/s)"
        rows.append((case, rate["json"], "vetiver 0.2 + uvicorn, access log on", rate["vetiver"], ratio("json", "vetiver"),
                     "≥ 50× (median round)", " req/s"))
        rows.append((case, rate["json"], "same server, logging off (reference)", rate["off"], ratio("json", "off"), "≥ 0.8× (median round)",
                     " req/s"))
        rows.append((case, rate["json"], "/ping, same server and wrk settings (ceiling)", rate["ping"], ratio("json", "ping"),
                     "≥ 0.85× (median round)", " req/s"))
        rows.append(("/ping against vetiver (the framework's ceiling)", rate["ping"], "vetiver", rate["vetiver"], ratio("ping", "vetiver"),
                     "(report)", " req/s"))
        rows.append(("/predict 1 record, text logs (reference)", rate["text"], "logging off", rate["off"], ratio("text", "off"),
                     "(report)", " req/s"))
        rows.append(("/predict 1 record, prediction log off (reference)", rate["unlogged"], "/ping (ceiling)", rate["ping"],
                     ratio("unlogged", "ping"), "(report)", " req/s"))
        rows.append(("/predict 1 record, JSON logs, p99 at -c16", p99["json"], "/ping p99", p99["ping"], p99["json"] / p99["ping"],
                     "≤ 2 ms", " ms"))
        rows.append(("/predict 1 record, prediction log off, p99 (reference)", p99["unlogged"], "/ping p99", p99["ping"],
                     p99["unlogged"] / p99["ping"], "(report)", " ms"))
        body = os.path.join(directory, "batch.json")
        ours_batch = batch_latency(f"http://127.0.0.1:{port}/predict", 10, body)
        vetiver_batch = batch_latency(f"http://127.0.0.1:{vetiver_port}/predict", 20, body)
        row("/predict 10,000 records, JSON logs (wrk -t1 -c1, median)", ours_batch, "vetiver, same batch", vetiver_batch, "≤ 0.05× (≥ 20× faster)")
    except BaseException:
        if "json" in servers:
            servers.pop("json")[0].terminate()
        raise
    finally:
        # The default server stays up for the soak below; the others and vetiver are done.
        if vetiver is not None:
            vetiver.terminate()
            vetiver.wait()
        for name, (process, _) in servers.items():
            if name != "json":
                process.terminate()
                process.wait()
    server = servers["json"][0]
    rows.append(start_row)

    sent, half_rss = 0, None
    soak = int(os.environ.get("BENCH_SOAK_REQUESTS", "1000000"))
    while sent < soak:
        _, _, total = wrk(port, 10, connections=16)
        sent += total
        if half_rss is None and sent >= soak // 2:
            half_rss = rss_mib(server.pid)
    final_rss = rss_mib(server.pid)
    server.terminate()
    server.wait()
    print(f"  serve RSS after {sent:,} requests: {final_rss:.1f} MiB (at half: {half_rss:.1f} MiB)", file=sys.stderr)
    rows.append((f"serve RSS after {sent:,} requests", final_rss, "RSS at the halfway mark", half_rss, final_rss / half_rss,
                 "≤ 60 MiB, no growth", " MiB"))


if __name__ == "__main__":
    main()
