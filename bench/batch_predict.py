"""Posts one batch of 10,000 records (dummy-coded, as vetiver expects) to a /predict URL N times and
prints the median seconds per request. Used for both servers."""
import json
import os
import statistics
import sys
import time
import urllib.request

url, count = sys.argv[1], int(sys.argv[2])
species = [(False, False), (True, False), (False, True)]
records = [{"bill_length_mm": 35 + (i % 200) / 10, "species_Chinstrap": species[i % 3][0],
            "species_Gentoo": species[i % 3][1], "sex_male": i % 2 == 0} for i in range(10_000)]
body = json.dumps(records).encode()
times = []
for _ in range(count):
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request) as response:
        answer = json.loads(response.read())
    times.append(time.perf_counter() - started)
    assert len(answer["predict"]) == 10_000, answer
print(statistics.median(times))
