-- ReservePart on one hot part: one unit of part 0 at the workshop per request, for a repair order of its
-- own, with a unique Idempotency-Key, so every request takes the full path and none is a replay. The
-- harness provides BENCH_TOKEN, BENCH_PATH and BENCH_PHASE (distinct for every wrk run of the same
-- database, so keys never repeat across the warm-up and the measured run).

local token = os.getenv("BENCH_TOKEN")
local path = os.getenv("BENCH_PATH")
local phase = tonumber(os.getenv("BENCH_PHASE") or "0")
local headers = {
  ["Content-Type"] = "application/json",
  ["Authorization"] = "Bearer " .. token,
}
local counter = 0

function request()
  counter = counter + 1
  headers["Idempotency-Key"] = string.format("be0c%04x-%04x-4000-8000-%012x", phase, bench_thread_id, counter)
  local body = string.format(
    '{"partId":"0192e3a0-0000-7000-8000-000000000000","locationId":"0192e3a0-0000-7000-9000-000000000001",' ..
    '"quantity":1,"repairOrderId":"0193%04x-%04x-7000-8000-%012x"}', phase, bench_thread_id, counter)
  return wrk.format("POST", path, headers, body)
end
