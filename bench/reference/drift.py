"""Reference numbers for Tests/PenguinModelTests/TrainingProfileTests.swift and DriftStatisticsTests.swift
(not run by CI).

The drift statistics of fixed live samples against the labs' training rows, with SciPy: ks_2samp
(method="auto", two-sided), wasserstein_distance ÷ numpy.std of the training column, chi2_contingency on the
2 × k table of training and live level counts (Yates' correction at dof = 1), chi2.sf, kstwo.sf; and PSI as
Evidently defines it over the training deciles (zero shares filled as its get_binned_data does). Live samples
are written as {value: count}, as the monitor reads them with GROUP BY; SciPy gets them expanded.

The training profile of the labs' model (complete cases of body_mass_g ~ bill_length_mm + species + sex on
the 344-row Palmer Penguins CSV): numpy's deciles of bill_length_mm (numpy.quantile, method linear, as
pandas.qcut computes them for Evidently's PSI), the rows in each bin (numpy.searchsorted on the interior
edges, side="right"), n, mean, numpy.std (ddof=0) and the level counts.

    python3 -m venv /tmp/refvenv
    /tmp/refvenv/bin/pip install numpy scipy
    /tmp/refvenv/bin/python bench/reference/drift.py migrations/0002_palmer_penguins.penguins.csv
"""

import csv
import sys
from collections import Counter

import numpy as np
import scipy
from scipy import stats

path = sys.argv[1] if len(sys.argv) > 1 else "migrations/0002_palmer_penguins.penguins.csv"
with open(path, newline="") as file:
    rows = [row for row in csv.DictReader(file)
            if all(row[name] not in ("", "NA") for name in ("body_mass_g", "bill_length_mm", "species", "sex"))]
bill = np.array([float(row["bill_length_mm"]) for row in rows])

print(f"# python {sys.version.split()[0]}, numpy {np.__version__}, scipy {scipy.__version__}")
print(f"rows {len(rows)} distinct bill_length_mm {len(np.unique(bill))}")


def deciles(x):
    """numpy's deciles with repeated edges dropped (pandas.qcut(..., duplicates='drop'))."""
    return np.unique(np.quantile(x, np.linspace(0, 1, 11)))


def bin_counts(edges, x, weights=None):
    """Counts per bin, the outer bins open-ended: the number of interior edges <= x."""
    bins = np.searchsorted(edges[1:-1], x, side="right")
    return np.bincount(bins, weights=weights, minlength=max(len(edges) - 1, 1))


edges = deciles(bill)
print(f"profile bill_length_mm n {bill.size} mean {float(bill.mean())!r} std {float(bill.std())!r}")
print(f"profile bill_length_mm edges {[float(e) for e in edges]}")
print(f"profile bill_length_mm counts {bin_counts(edges, bill).tolist()}")
for term in ("species", "sex"):
    print(f"profile {term} counts {sorted(Counter(row[term] for row in rows).items())}")


def expand(sample):
    return np.repeat(np.array(list(sample.keys()), dtype=float), list(sample.values()))


def filled(shares):
    """Evidently's get_binned_data(feel_zeroes=True)."""
    shares = np.array(shares, dtype=float)
    smallest = shares[shares != 0].min()
    shares[shares == 0] = smallest / 10**6 if smallest <= 0.0001 else 0.0001
    return shares


def psi(reference, live):
    reference, live = filled(reference), filled(live)
    return float(np.sum((reference - live) * np.log(reference / live)))


training = dict(Counter(bill.tolist()))
first_120 = dict(Counter(bill[:120].tolist()))
live = {
    "shifted": {55.0 + 0.5 * i: 1 + i % 3 for i in range(11)},
    "same": training,
    "nudged": {round(value + 1.0, 2): count for value, count in training.items()},
    "ties": {40.0: 20, 45.0: 30, 50.0: 10},
    "tiny": {39.1: 1, 50.2: 1, 46.0: 1},
    "large": {round(value + 0.4, 2): 31 * count for value, count in training.items()},
    "large_far": {round(value + 3.0, 2): 31 * count for value, count in training.items()},
    "large_near": {round(value + 0.1, 2): 31 * count for value, count in training.items()},
}
train_shares = bin_counts(edges, bill) / bill.size
for name, sample in live.items():
    values = expand(sample)
    ks = stats.ks_2samp(bill, values)
    wasserstein = float(stats.wasserstein_distance(bill, values)) / max(float(bill.std()), 0.001)
    live_shares = bin_counts(edges, np.array(list(sample.keys())), weights=list(sample.values())) / values.size
    print(f"numeric {name} n {values.size} psi {psi(train_shares, live_shares)!r} ks {float(ks.statistic)!r} "
          f"p {float(ks.pvalue)!r} wasserstein_per_std {wasserstein!r}")
# The small-reference case reaches kstwo's n <= 140 branches (Pomeranz) through the asymptotic path.
for name in ("large", "large_far", "large_near"):
    ks = stats.ks_2samp(bill[:120], expand(live[name]))
    print(f"ks first_120 vs {name} {float(ks.statistic)!r} p {float(ks.pvalue)!r}")
for n, x in [(150, 0.05), (200, 0.02), (323, 0.03), (323, 0.08), (1000, 0.01), (100, 0.07), (100, 0.09), (100, 0.15), (50, 0.6),
             (2000, 0.03), (200000, 0.001), (120, 0.004), (300, 0.0025)]:
    print(f"kstwo.sf n {n} x {x} {float(stats.kstwo.sf(x, n))!r}")

levels = {"species": ["Adelie", "Chinstrap", "Gentoo"], "sex": ["female", "male"]}
counts = {term: Counter(row[term] for row in rows) for term in levels}
categorical = [
    ("species", "chinstrap_missing", {"Adelie": 50, "Gentoo": 10}),
    ("species", "proportional", {"Adelie": 146, "Chinstrap": 68, "Gentoo": 119}),
    ("sex", "more_male", {"female": 30, "male": 45}),
    ("sex", "only_male", {"male": 20}),
    ("sex", "balanced", {"female": 165, "male": 168}),
]
for term, name, sample in categorical:
    table = np.array([[counts[term][level] for level in levels[term]], [sample.get(level, 0) for level in levels[term]]])
    chi2, p, dof, _ = stats.chi2_contingency(table)
    reference = table[0] / table[0].sum()
    current = table[1] / table[1].sum()
    print(f"categorical {term} {name} psi {psi(reference, current)!r} chi2 {float(chi2)!r} dof {dof} p {float(p)!r}")
for x, k in [(1000.0, 3), (0.5, 1), (30.0, 10), (250.0, 200), (3.84, 1), (0.001, 4)]:
    print(f"chi2.sf x {x} k {k} {float(stats.chi2.sf(x, k))!r}")
