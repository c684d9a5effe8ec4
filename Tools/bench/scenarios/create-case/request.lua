-- CreateCase, one new case per request: a unique order number and a unique Idempotency-Key (a UUID), so
-- every request takes the full path (claim the key, insert the case, record the answer) and none is a
-- replay. The harness provides BENCH_TOKEN, BENCH_PATH and BENCH_PHASE (distinct for every wrk run of
-- the same database, so keys never repeat across the warm-up and the measured run).

local token = os.getenv("BENCH_TOKEN")
local path = os.getenv("BENCH_PATH")
local phase = tonumber(os.getenv("BENCH_PHASE") or "0")
local purchase_date = os.date("!%Y-%m-%d", os.time() - 7 * 86400)
local headers = {
  ["Content-Type"] = "application/json",
  ["Authorization"] = "Bearer " .. token,
}
local counter = 0

function request()
  counter = counter + 1
  local n = string.format("%d%02d%09d", phase, bench_thread_id, counter)
  headers["Idempotency-Key"] = string.format("be0c%04x-%04x-4000-8000-%012x", phase, bench_thread_id, counter)
  local body = string.format(
    '{"orderNumber":"PDD-%s","productName":"罗技无线鼠标","productModel":"G304","quantity":1,' ..
    '"purchaseDate":"%s","reason":"左键失灵，按下没有反应","requestedResolution":"exchange",' ..
    '"merchantId":"0190e3a0-0000-7000-8000-0000000000aa"}', n, purchase_date)
  return wrk.format("POST", path, headers, body)
end
