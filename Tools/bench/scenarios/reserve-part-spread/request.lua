-- ReservePart on spread parts: one unit of one of 10,000 parts (a different one each request, spread over
-- threads) at the workshop, for a repair order of its own, with a unique Idempotency-Key. The harness
-- provides BENCH_TOKEN, BENCH_PATH and BENCH_PHASE.

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
  local part = (bench_thread_id * 7919 + counter * 104729) % 10000
  local body = string.format(
    '{"partId":"0192e3a0-0000-7000-8000-%012d","locationId":"0192e3a0-0000-7000-9000-000000000001",' ..
    '"quantity":1,"repairOrderId":"0193%04x-%04x-7000-8000-%012x"}', part, phase, bench_thread_id, counter)
  return wrk.format("POST", path, headers, body)
end
