"""Reference server: the labs' model served by vetiver 0.2 + uvicorn (one worker), fitted with scikit-learn
on the same CSV the gateway's migration loads, exactly as the labs do it, and run as it ships: uvicorn's
default log level, with its access log, as the gateway's bench runs it with its request log."""
import os

import pandas as pd
import uvicorn
from sklearn.linear_model import LinearRegression
from vetiver import VetiverAPI, VetiverModel

data = pd.read_csv(os.environ["BENCH_PENGUINS_CSV"], na_values="NA").dropna(
    subset=["bill_length_mm", "species", "sex", "body_mass_g"])
features = pd.get_dummies(data[["bill_length_mm", "species", "sex"]], drop_first=True)
model = LinearRegression().fit(features, data["body_mass_g"])
vetiver_model = VetiverModel(model, model_name="penguin_model", prototype_data=features)
app = VetiverAPI(vetiver_model, check_prototype=True).app
uvicorn.run(app, host="127.0.0.1", port=int(os.environ["BENCH_PORT"]), workers=1)
