"""Deployment benchmarks (issue 12): how fast replicas follow an alias move, and what following costs.

- swap latency: three `serve` replicas on one Postgres follow `production`; each of 20 promotions is timed
  from the moment `penguins models promote` returns (its transaction has committed) until every replica
  answers /predict with the new X-Model-Version. Median and max; target ≤ 1 s.
- /predict one record, wrk, while following the alias against serving a fixed version: back-to-back pairs,
  medians; target ≥ 0.97×.

Run by bench/run.py (scripts/bench), or alone: PENGUINS_BIN, BENCH_PG_URL and the BENCH_PG* variables set.
Returns rows in run.py's table format; nothing here asserts.
"""
import os
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PENGUINS = os.environ.get("PENGUINS_BIN", os.path.join(ROOT, ".build/release/penguins"))
MIGRATIONS = os.path.join(ROOT, "migrations")
RECORD = b'[{"bill_length_mm":45,"species_Chinstrap":false,"species_Gentoo":true,"sex_male":true}]'
PROMOTIONS = int(os.environ.get("BENCH_PROMOTIONS", "20"))
PAIRS = int(os.environ.get("BENCH_FOLLOW_PAIRS", "3"))


def free_port():
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def served_version(port):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/predict", data=RECORD, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.headers.get("X-Model-Version")
    except Exception:
        return None


def start_replica(env, directory, model_version):
    port = free_port()
    os.makedirs(directory, exist_ok=True)
    # The default configuration, as deployed: JSON request logs at info, stdout to a file.
    with open(os.path.join(directory, "serve.log"), "wb") as log:
        process = subprocess.Popen([PENGUINS, "serve"], cwd=directory, stdout=log, stderr=subprocess.STDOUT,
                                   env=dict(env, PENGUINS_HTTP_PORT=str(port), PENGUINS_MODEL_VERSION=model_version))
    deadline = time.perf_counter() + 60
    while served_version(port) is None:
        if process.poll() is not None or time.perf_counter() > deadline:
            raise SystemExit(f"replica on {port} did not start")
        time.sleep(0.02)
    return process, port


def penguins(env, *arguments):
    return subprocess.run([PENGUINS, *arguments], env=env, check=True, capture_output=True, text=True).stdout


def prepared_database(work):
    """A fresh database on the bench cluster with two trained versions, `production` on the first."""
    psql = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", os.environ["BENCH_PGHOST"], "-p", os.environ["BENCH_PGPORT"],
            "-U", os.environ["BENCH_PGUSER"], "-d", os.environ["BENCH_PGDATABASE"]]
    subprocess.run(psql, input=b"DROP DATABASE IF EXISTS bench_deploy; CREATE DATABASE bench_deploy;", check=True)
    url = os.environ["BENCH_PG_URL"].rsplit("/", 1)[0] + "/bench_deploy"
    env = dict(os.environ, DATABASE_URL=url)
    penguins(env, "migrate", "--migrations", MIGRATIONS)
    penguins(env, "train")
    penguins(env, "train")
    listed = subprocess.run(psql[:-1] + ["bench_deploy", "-t", "-A", "-c", "SELECT version FROM models ORDER BY created_at"],
                            check=True, capture_output=True, text=True).stdout.split()
    first, second = listed[0], listed[1]
    penguins(env, "models", "promote", first, "--alias", "production", "--reason", "bench", "--force")
    return env, first, second


def swap_latency(env, first, second, work):
    replicas = [start_replica(env, os.path.join(work, f"replica-{i}"), "production") for i in range(3)]
    latencies = []
    try:
        for round in range(PROMOTIONS):
            holder = second if round % 2 == 0 else first
            penguins(env, "models", "promote", holder, "--alias", "production", "--reason", f"bench round {round}", "--force")
            committed = time.perf_counter()
            pending = {port for _, port in replicas}
            while pending:
                pending = {port for port in pending if served_version(port) != holder}
                if time.perf_counter() - committed > 10:
                    raise SystemExit(f"replicas {pending} never served {holder}")
            latencies.append(time.perf_counter() - committed)
    finally:
        for process, _ in replicas:
            process.terminate()
            process.wait()
    return statistics.median(latencies), max(latencies)


def follow_cost(env, first, work, wrk):
    """Median req/s of back-to-back wrk runs against one replica following `production` and one serving `first`."""
    rates = {"production": [], first: []}
    for pair in range(PAIRS):
        for reference in ("production", first):
            process, port = start_replica(env, os.path.join(work, f"single-{pair}-{len(rates[reference])}"), reference)
            try:
                rate, _, _ = wrk(port, 10)
                rates[reference].append(rate)
            finally:
                process.terminate()
                process.wait()
    return statistics.median(rates["production"]), statistics.median(rates[first]), rates


def deployments(work, wrk):
    print("Deployments: alias swap latency, and the cost of following an alias", file=sys.stderr)
    env, first, second = prepared_database(work)
    median, worst = swap_latency(env, first, second, work)
    print(f"  swap latency over {PROMOTIONS} promotions (promote returns → 3 replicas on the new version): "
          f"median {median * 1000:.0f} ms, max {worst * 1000:.0f} ms", file=sys.stderr)
    following, fixed, rates = follow_cost(env, first, work, wrk)
    print(f"  /predict 1 record req/s following production {following:.0f} vs fixed version {fixed:.0f} "
          f"(runs: {rates})", file=sys.stderr)
    return [
        (f"swap latency, median of {PROMOTIONS} promotions, 3 replicas", median, "max", worst, median / worst, "≤ 1 s", "s"),
        ("/predict 1 record following an alias (req/s)", following, "fixed version", fixed, following / fixed, "≥ 0.97×", " req/s"),
    ]


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from run import run_alone
    run_alone(deployments)
