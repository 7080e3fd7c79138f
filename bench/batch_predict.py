"""Writes one batch of 10,000 records (dummy-coded, as vetiver expects) to a file for bench/batch.lua, and
checks that a /predict URL answers it with 10,000 predictions. The timing is wrk's (bench/run.py): a Python
client spends milliseconds of its own per request sending this body and parsing the answer, the same for
both servers, which would hide the servers' difference."""
import json
import sys
import urllib.request

url, body_path = sys.argv[1], sys.argv[2]
species = [(False, False), (True, False), (False, True)]
records = [{"bill_length_mm": 35 + (i % 200) / 10, "species_Chinstrap": species[i % 3][0],
            "species_Gentoo": species[i % 3][1], "sex_male": i % 2 == 0} for i in range(10_000)]
body = json.dumps(records).encode()
with open(body_path, "wb") as file:
    file.write(body)
request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
with urllib.request.urlopen(request) as response:
    answer = json.loads(response.read())
if len(answer["predict"]) != 10_000:
    raise SystemExit(f"{url} answered {len(answer['predict'])} predictions for 10,000 records")
