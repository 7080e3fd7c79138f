"""Prediction log benchmarks (issue 13): what logging every answered record costs /predict, and how fast the
writer puts records into Postgres.

- /predict one record, wrk, with the log on (the default) against PENGUINS_PREDICTION_LOG=off, on Postgres and
  on the embedded SQLite default: nine back-to-back pairs; the ratio is the median of the pairs' ratios, since
  this shared machine's speed drifts by a fifth over minutes and a pair's two runs see the same speed.
  Target ≥ 0.9×.
- writer throughput: 1,000,000 records sent as 100 batches of 10,000, as fast as /predict answers them, into a
  queue big enough to hold them all; records/s from the first request until /metrics counts every record
  written (committed), and the drain rate after the last answer. Target ≥ 50,000 records/s.

Run by bench/run.py (scripts/bench), or alone: PENGUINS_BIN, BENCH_PG_URL and the BENCH_PG* variables set.
Returns rows in run.py's table format; nothing here asserts.
"""
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request

from deployments import penguins, start_replica

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIGRATIONS = os.path.join(ROOT, "migrations")
PAIRS = int(os.environ.get("BENCH_LOG_PAIRS", "9"))
BATCHES = int(os.environ.get("BENCH_LOG_BATCHES", "100"))
BATCH = 10_000


def prepared_database():
    """A fresh database on the bench cluster with one trained version."""
    psql = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", os.environ["BENCH_PGHOST"], "-p", os.environ["BENCH_PGPORT"],
            "-U", os.environ["BENCH_PGUSER"], "-d", os.environ["BENCH_PGDATABASE"]]
    subprocess.run(psql, input=b"DROP DATABASE IF EXISTS bench_predlog; CREATE DATABASE bench_predlog;", check=True)
    env = dict(os.environ, DATABASE_URL=os.environ["BENCH_PG_URL"].rsplit("/", 1)[0] + "/bench_predlog")
    penguins(env, "migrate", "--migrations", MIGRATIONS)
    penguins(env, "train")
    return env


def prepared_sqlite(work):
    """A fresh SQLite file with one trained version, as `serve` makes it with zero setup."""
    env = dict(os.environ, DATABASE_URL="sqlite:" + os.path.join(work, "predlog.sqlite"))
    penguins(env, "migrate")
    penguins(env, "train")
    return env


def written(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    return int(float(next(line.split()[1] for line in text.splitlines() if line.startswith("penguins_prediction_log_written_total "))))


def log_cost(env, work, wrk):
    """Median req/s of back-to-back wrk runs against a server with the log on and one with it off, and the median
    of each pair's on/off ratio."""
    rates = {"on": [], "off": []}
    for pair in range(PAIRS):
        for setting in ("on", "off"):
            process, port = start_replica(dict(env, PENGUINS_PREDICTION_LOG=setting), os.path.join(work, f"log-{setting}-{pair}"), "latest")
            try:
                rate, _, _ = wrk(port, 10)
                rates[setting].append(rate)
            finally:
                process.terminate()
                process.wait()
    ratio = statistics.median(on / off for on, off in zip(rates["on"], rates["off"]))
    return statistics.median(rates["on"]), statistics.median(rates["off"]), ratio, rates


def writer_throughput(env, work):
    species = ["Adelie", "Chinstrap", "Gentoo"]
    body = json.dumps([{"bill_length_mm": 35 + (i % 200) / 10, "species": species[i % 3], "sex": "male" if i % 2 else "female"}
                       for i in range(BATCH)]).encode()
    total = BATCHES * BATCH
    process, port = start_replica(dict(env, PENGUINS_PREDICTION_LOG_QUEUE=str(total)), os.path.join(work, "writer"), "latest")
    try:
        before = written(port)
        started = time.perf_counter()
        for _ in range(BATCHES):
            request = urllib.request.Request(f"http://127.0.0.1:{port}/predict", data=body, headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request) as response:
                response.read()
        sent = time.perf_counter()
        at_sent = written(port) - before
        while written(port) - before < total:
            if time.perf_counter() - sent > 300:
                raise SystemExit("the writer did not finish in 5 minutes")
            time.sleep(0.05)
        done = time.perf_counter()
    finally:
        process.terminate()
        process.wait()
    drain = (total - at_sent) / (done - sent) if done > sent and at_sent < total else float("nan")
    return total / (done - started), drain, sent - started, at_sent


def prediction_log(work, wrk):
    print("Prediction log: the cost to /predict, and the writer's records/s into Postgres", file=sys.stderr)
    env = prepared_database()
    on, off, ratio, rates = log_cost(env, work, wrk)
    print(f"  /predict 1 record req/s on Postgres: log on {on:.0f} vs off {off:.0f} (median pair {ratio:.3f}×, target ≥ 0.9×; "
          f"runs: {rates})", file=sys.stderr)
    sqlite_on, sqlite_off, sqlite_ratio, sqlite_rates = log_cost(prepared_sqlite(work), work, wrk)
    print(f"  /predict 1 record req/s on SQLite: log on {sqlite_on:.0f} vs off {sqlite_off:.0f} (median pair {sqlite_ratio:.3f}×, "
          f"target ≥ 0.9×; runs: {sqlite_rates})", file=sys.stderr)
    overall, drain, sending, at_sent = writer_throughput(env, work)
    print(f"  writer: {BATCHES * BATCH:,} records in 10,000-record requests: {overall:,.0f} records/s from the first request to the "
          f"last commit (sending took {sending:.2f} s, {at_sent:,} written by then; drain afterwards {drain:,.0f} records/s); "
          "target ≥ 50,000", file=sys.stderr)
    return [
        ("/predict 1 record on Postgres, prediction log on (req/s)", on, "PENGUINS_PREDICTION_LOG=off", off, ratio, "≥ 0.9× (median pair)",
         " req/s"),
        ("/predict 1 record on SQLite, prediction log on (req/s)", sqlite_on, "PENGUINS_PREDICTION_LOG=off", sqlite_off, sqlite_ratio,
         "≥ 0.9× (median pair)", " req/s"),
        (f"prediction log writer, {BATCHES * BATCH:,} records into Postgres (records/s)", overall, "target", 50_000, overall / 50_000,
         "≥ 50,000 records/s", " rec/s"),
    ]


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from run import run_alone
    run_alone(prediction_log)
