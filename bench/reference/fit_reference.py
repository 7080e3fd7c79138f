"""Reference numbers for Tests/PenguinModelTests/ReferenceFitTests.swift (not run by CI).

Fits body_mass_g ~ bill_length_mm + species + sex on the 344-row Palmer Penguins CSV with
scikit-learn's LinearRegression on pd.get_dummies(..., drop_first=True), as the labs do, and with
statsmodels OLS for standard errors, t values, p values, adjusted R² and the residual standard error.
Also prints a few Student t CDF values from scipy to check the Swift implementation.

    python3 -m venv /tmp/refvenv
    /tmp/refvenv/bin/pip install scikit-learn pandas statsmodels scipy
    /tmp/refvenv/bin/python bench/reference/fit_reference.py Tests/PenguinModelTests/Fixtures/penguins.csv
"""

import sys

import numpy as np
import pandas as pd
import scipy
import sklearn
import statsmodels
import statsmodels.api as sm
from scipy import stats
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

path = sys.argv[1] if len(sys.argv) > 1 else "Tests/PenguinModelTests/Fixtures/penguins.csv"
df = pd.read_csv(path).dropna(subset=["body_mass_g", "bill_length_mm", "species", "sex"])
X = pd.get_dummies(df[["bill_length_mm", "species", "sex"]], drop_first=True).astype(float)
y = df["body_mass_g"].astype(float)

print(f"# python {sys.version.split()[0]}, numpy {np.__version__}, pandas {pd.__version__}, "
      f"scikit-learn {sklearn.__version__}, statsmodels {statsmodels.__version__}, scipy {scipy.__version__}")
print(f"rows kept {len(df)}, features {list(X.columns)}")

model = LinearRegression().fit(X, y)
predicted = model.predict(X)
print(f"sklearn intercept {model.intercept_!r}")
for name, coef in zip(X.columns, model.coef_):
    print(f"sklearn coef {name} {coef!r}")
print(f"sklearn r2 {r2_score(y, predicted)!r}")
print(f"sklearn rmse {np.sqrt(mean_squared_error(y, predicted))!r}")
print(f"sklearn mae {mean_absolute_error(y, predicted)!r}")

ols = sm.OLS(y, sm.add_constant(X)).fit()
for name in ols.params.index:
    print(f"statsmodels {name} estimate {ols.params[name]!r} se {ols.bse[name]!r} "
          f"t {ols.tvalues[name]!r} p {ols.pvalues[name]!r}")
print(f"statsmodels r2 {ols.rsquared!r} adj_r2 {ols.rsquared_adj!r} "
      f"sigma {np.sqrt(ols.scale)!r} df_resid {ols.df_resid!r}")

record = pd.DataFrame([{"bill_length_mm": 45.0, "species_Chinstrap": 0.0, "species_Gentoo": 1.0, "sex_male": 1.0}])
print(f"sklearn predict gentoo male 45mm {model.predict(record[X.columns])[0]!r}")

for t, dof in [(0.0, 10), (1.0, 1), (2.0, 5), (-1.5, 3), (2.5, 329), (-3.7, 30), (10.0, 329), (40.0, 329)]:
    print(f"scipy t.cdf({t}, {dof}) {stats.t.cdf(t, dof)!r} two-sided p {2 * stats.t.sf(abs(t), dof)!r}")
