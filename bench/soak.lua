-- wrk script of the soak (Tests/FaultTests/SoakTests.swift): 70% valid bodies (mostly the labs' dummy-coded
-- shape, some natural, one batch), 30% invalid (malformed JSON, an unknown level, out of range, NaN, an empty
-- array, an unknown field). It counts responses by class in each thread and prints the totals, the socket
-- errors and the latency percentiles in done(), as "soak ..." lines the test reads.
local valid = {
  '[{"bill_length_mm":45,"species_Chinstrap":false,"species_Gentoo":true,"sex_male":true}]',
  '[{"bill_length_mm":39.1,"species_Chinstrap":false,"species_Gentoo":false,"sex_male":false}]',
  '[{"bill_length_mm":49.5,"species_Chinstrap":true,"species_Gentoo":false,"sex_male":true}]',
  '[{"bill_length_mm":46.2,"species_Chinstrap":0,"species_Gentoo":1,"sex_male":0}]',
  '{"bill_length_mm":45,"species":"Gentoo","sex":"male"}',
  '[{"bill_length_mm":38,"species":"Adelie","sex":"female"},{"bill_length_mm":52,"species":"Chinstrap","sex":"male"}]',
  '[{"bill_length_mm":50.1,"species_Chinstrap":false,"species_Gentoo":true,"sex_male":true}]',
}
local invalid = {
  '[{"bill_length_mm":45,"species_Chinstrap":false,',
  '[{"bill_length_mm":45,"species":"Emperor","sex":"male"}]',
  '[{"bill_length_mm":450,"species_Chinstrap":false,"species_Gentoo":true,"sex_male":true}]',
  '[{"bill_length_mm":NaN,"species":"Gentoo","sex":"male"}]',
  '[]',
  '{"bill_length_mm":45,"species":"Gentoo","sex":"male","island":"Biscoe"}',
}
local headers = { ["Content-Type"] = "application/json" }
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(id * 7919)
  counts = { ok = 0, client = 0, server = 0, other = 0 }
  sent_valid, sent_invalid = 0, 0
end

function request()
  if math.random() < 0.7 then
    sent_valid = sent_valid + 1
    return wrk.format("POST", nil, headers, valid[math.random(#valid)])
  end
  sent_invalid = sent_invalid + 1
  return wrk.format("POST", nil, headers, invalid[math.random(#invalid)])
end

function response(status, headers, body)
  if status >= 200 and status < 300 then counts.ok = counts.ok + 1
  elseif status >= 400 and status < 500 then counts.client = counts.client + 1
  elseif status >= 500 and status < 600 then counts.server = counts.server + 1
  else counts.other = counts.other + 1 end
end

function done(summary, latency, requests)
  local total = { ok = 0, client = 0, server = 0, other = 0 }
  local valid_sent, invalid_sent = 0, 0
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for k, v in pairs(c) do total[k] = total[k] + v end
    valid_sent = valid_sent + thread:get("sent_valid")
    invalid_sent = invalid_sent + thread:get("sent_invalid")
  end
  local e = summary.errors
  io.write(string.format("soak requests=%d seconds=%.1f rps=%.0f\n", summary.requests, summary.duration / 1e6,
    summary.requests / (summary.duration / 1e6)))
  io.write(string.format("soak responses 2xx=%d 4xx=%d 5xx=%d other=%d sent_valid=%d sent_invalid=%d\n",
    total.ok, total.client, total.server, total.other, valid_sent, invalid_sent))
  io.write(string.format("soak socket_errors connect=%d read=%d write=%d timeout=%d\n", e.connect, e.read, e.write, e.timeout))
  io.write(string.format("soak latency_ms p50=%.2f p90=%.2f p99=%.2f max=%.2f mean=%.2f\n", latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000))
end
