-- Appended by the harness to every scenario's wrk script (so a scenario script defines request() and,
-- if it needs one, init(); it may also define setup(), which is still called).
--   bench_thread_id   global in each thread's state: 0, 1, … (unique values per request: thread + counter)
--   BENCH_CHECK=1     report the first non-2xx answers' bodies on stderr (the harness sets it for the
--                     capture step only: parsing every answer in Lua costs throughput)
--   done()            prints one line "BENCH_JSON {…}" with wrk's own counts and latency percentiles (µs)

local scenario_setup = setup
local next_thread_id = 0

function setup(thread)
  thread:set("bench_thread_id", next_thread_id)
  next_thread_id = next_thread_id + 1
  if scenario_setup then scenario_setup(thread) end
end

if os.getenv("BENCH_CHECK") == "1" then
  local reported = 0
  function response(status, headers, body)
    if (status < 200 or status > 299) and reported < 3 then
      reported = reported + 1
      io.stderr:write(string.format("bench: non-2xx answer %d: %s\n", status, body or ""))
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"min":%.0f,"mean":%.1f,"stdev":%.1f,"max":%.0f,"p50":%.0f,"p75":%.0f,"p90":%.0f,"p99":%.0f,"p999":%.0f}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency.stdev, latency.max,
    latency:percentile(50), latency:percentile(75), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9)))
end
