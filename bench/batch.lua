-- wrk script: one batch of 10,000 records, read from the file bench/batch_predict.py wrote (BENCH_BATCH_BODY).
local file = assert(io.open(os.getenv("BENCH_BATCH_BODY"), "rb"))
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = file:read("*a")
file:close()
