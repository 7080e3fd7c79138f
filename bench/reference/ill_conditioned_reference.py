"""Reference numbers for Tests/PenguinModelTests/StreamingFitTests.swift (not run by CI).

An ill-conditioned design (condition number about 1e7): x2 is x1 plus noise a few millionths of its size. The rows
are generated from integer arithmetic and IEEE double operations that Swift evaluates identically, so the
test rebuilds the same data without a fixture file. The reference solution is NumPy's `lstsq` (LAPACK gelsd,
an SVD), independent of the gateway's Householder QR.

    python3 -m pip install numpy   # any recent NumPy
    python3 bench/reference/ill_conditioned_reference.py
"""

import numpy as np

ROWS = 1000

x1, x2, y = [], [], []
for i in range(ROWS):
    a = float((i * 7919) % 1009) / 1009.0
    b = float((i * 104729) % 1013) / 1013.0 - 0.5
    c = float((i * 15485863) % 1019) / 1019.0 - 0.5
    first = 10.0 * a
    second = first + 4e-6 * b
    x1.append(first)
    x2.append(second)
    y.append(1.5 + 2.0 * first - 0.5 * second + 1e-8 * c)

X = np.column_stack([np.ones(ROWS), x1, x2])
y = np.array(y)
coefficients, residuals, rank, singular = np.linalg.lstsq(X, y, rcond=None)
condition = singular[0] / singular[-1]
fitted = X @ coefficients
rss = float(np.sum((y - fitted) ** 2))
# Perturbation theory for least squares (Golub & Van Loan 5.3): a backward-stable solver's relative error is
# about eps * (kappa + kappa^2 * tan(theta)), sin(theta) = |r| / |y|.
eps = np.finfo(float).eps
sin_theta = np.sqrt(rss) / np.linalg.norm(y)
tan_theta = sin_theta / np.sqrt(1 - sin_theta**2)
bound = eps * (condition + condition**2 * tan_theta)

print(f"# numpy {np.__version__}")
print(f"condition {condition!r}")
print(f"coefficients {[float(v) for v in coefficients]!r}")
print(f"rss {rss!r}")
print(f"error bound eps*(kappa + kappa^2 tan theta) {bound!r}")
