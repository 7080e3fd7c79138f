"""Prediction log benchmarks (issue 13): what logging every answered record costs /predict, and how fast the
writer puts records into Postgres.

- /predict one record, wrk, with the log on (the default) against PENGUINS_PREDICTION_LOG=off, on Postgres and
  on the embedded SQLite default: two servers side by side taking turns in 5-second slices, twelve rounds; the
  ratio is the median of the rounds' ratios, since this shared machine's speed drifts by a fifth over minutes
  and a round's two slices see the same speed. Target ≥ 0.9×. Beside it, CPU per request (the server's and
  Postgres's), which the drift moves far less than req/s.
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
SLICES = int(os.environ.get("BENCH_LOG_SLICES", "12"))
SLICE = 5
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


def cpu_ticks(pids):
    """User plus system CPU, in clock ticks, that the processes `pids` have used so far; a process gone counts 0."""
    ticks = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return ticks


def postgres_pids():
    """The Postgres server's processes on this machine: the backend that takes the log's COPY is one of them."""
    found = subprocess.run(["pgrep", "-x", "postgres"], capture_output=True, text=True).stdout.split()
    return [int(pid) for pid in found]


def log_cost(env, work, wrk):
    """The log's cost to single-record /predict: req/s with it on (the default) against PENGUINS_PREDICTION_LOG=off.

    Both servers run for the whole measurement and take turns: SLICES rounds of a SLICE-second wrk run on each,
    the order swapped every round (on, off, off, on, ...), so the machine's drift over minutes falls on both
    alike. After each turn of the server with the log on, its writer commits what it holds before the other
    turn starts. The ratio is the median of the rounds' ratios; each server's req/s is the median of its turns.
    CPU per request counts the server's own CPU plus the Postgres server's (which does the log's COPY)."""
    servers = {}
    try:
        for setting in ("on", "off"):
            servers[setting] = start_replica(dict(env, PENGUINS_PREDICTION_LOG=setting), os.path.join(work, f"log-{setting}"), "latest")
        answered = {setting: wrk(port, 2)[2] for setting, (_, port) in servers.items()}
        rates = {"on": [], "off": []}
        cpu = {"on": [0, 0], "off": [0, 0]}
        pg = postgres_pids() if env["DATABASE_URL"].startswith("postgres") else []
        for turn in range(SLICES):
            for setting in (("on", "off") if turn % 2 == 0 else ("off", "on")):
                process, port = servers[setting]
                before = cpu_ticks([process.pid, *pg])
                rate, _, total = wrk(port, SLICE)
                answered[setting] += total
                if setting == "on":
                    settle(port, answered["on"])
                cpu[setting][0] += cpu_ticks([process.pid, *pg]) - before
                cpu[setting][1] += total
                rates[setting].append(rate)
    finally:
        for process, _ in servers.values():
            process.terminate()
            process.wait()
    ratio = statistics.median(on / off for on, off in zip(rates["on"], rates["off"]))
    per_request = {setting: ticks * 1e6 / os.sysconf("SC_CLK_TCK") / requests for setting, (ticks, requests) in cpu.items()}
    return statistics.median(rates["on"]), statistics.median(rates["off"]), ratio, rates, per_request


def settle(port, answered):
    """Waits until the writer has committed as many records as wrk saw answered, so its work is counted in this turn."""
    deadline = time.perf_counter() + 30
    while written(port) < answered:
        if time.perf_counter() > deadline:
            raise SystemExit(f"the prediction log did not commit {answered:,} records within 30 s")
        time.sleep(0.02)


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
    costs = {"Postgres": log_cost(env, work, wrk), "SQLite": log_cost(prepared_sqlite(work), work, wrk)}
    for engine, (on, off, ratio, rates, per_request) in costs.items():
        print(f"  /predict 1 record req/s on {engine}: log on {on:.0f} vs off {off:.0f} (median round {ratio:.3f}×, target ≥ 0.9×); "
              f"CPU per request {per_request['on']:.1f} µs on, {per_request['off']:.1f} µs off "
              f"({per_request['off'] / per_request['on']:.3f}×); slices: {rates}", file=sys.stderr)
    overall, drain, sending, at_sent = writer_throughput(env, work)
    print(f"  writer: {BATCHES * BATCH:,} records in 10,000-record requests: {overall:,.0f} records/s from the first request to the "
          f"last commit (sending took {sending:.2f} s, {at_sent:,} written by then; drain afterwards {drain:,.0f} records/s); "
          "target ≥ 50,000", file=sys.stderr)
    rows = []
    for engine, (on, off, ratio, _, per_request) in costs.items():
        case = f"/predict 1 record on {engine}, prediction log on"
        rows.append((case + " (req/s)", on, "PENGUINS_PREDICTION_LOG=off", off, ratio, "≥ 0.9× (median round)", " req/s"))
        rows.append((case + " (CPU µs per request)", per_request["on"], "PENGUINS_PREDICTION_LOG=off", per_request["off"],
                     per_request["on"] / per_request["off"], "(report)", " µs"))
    return rows + [
        (f"prediction log writer, {BATCHES * BATCH:,} records into Postgres (records/s)", overall, "target", 50_000, overall / 50_000,
         "≥ 50,000 records/s", " rec/s"),
    ]


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from run import run_alone
    run_alone(prediction_log)
