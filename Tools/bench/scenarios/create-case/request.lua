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
  -- A complete case (Tools/bench/harness/service.py case_body writes the same): a labelled mouse replaced
  -- new within warranty under the computer-mall policy the tenant is provisioned with (CM-25).
  local body = string.format(
    '{"channel":"phone","customer":{"name":"张伟","phone":"138 0013 8000","address":"深圳市福田区华强北路 1002 号"},' ..
    '"orderNumber":"PDD-%s","pricePaid":{"currency":"CNY","amountMinor":14900},"productName":"罗技无线鼠标",' ..
    '"productModel":"G304","productCategory":"mouse","productBrand":"Logitech","quantity":1,"purchaseDate":"%s",' ..
    '"issueKind":"quality_issue","reason":"左键失灵，按下没有反应","requestedResolution":"replace_new",' ..
    '"merchantId":"0190e3a0-0000-7000-8000-0000000000aa","itemCondition":{"accessoriesComplete":true,' ..
    '"packagingIntact":true,"receiptPresent":true},"flags":["has_warranty_label"]}', n, purchase_date)
  return wrk.format("POST", path, headers, body)
end
