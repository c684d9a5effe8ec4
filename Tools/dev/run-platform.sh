#!/usr/bin/env bash
# The whole platform on this machine, no Docker (DESIGN §7): `make run` and `make run-clean`.
#   run-platform.sh run     cluster up, provision + migrate, keys, services, demo data; then wait for Ctrl-C
#   run-platform.sh clean   stop whatever a previous run left, delete its cluster, keys and logs
# Environment: BIN_DIR (the built executables, required for run), SERVICES (default: all six),
# PGPORT (55432), PGBIN, CHECKOUT_ID (the Makefile's), LOG_LEVEL (info), READY_TIMEOUT (60 s).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
SERVICES=${SERVICES:-intake dispatch returns repairs parts notifications}
PGPORT=${PGPORT:-55432}
CHECKOUT_ID=${CHECKOUT_ID:-$(echo "$ROOT" | md5sum | cut -c1-8)}
DATA=$ROOT/.data
KEYS=$DATA/keys LOGS=$DATA/logs STATE=$DATA/run
PIDS_FILE=$STATE/pids                      # "pid name" lines, so `clean` can stop what a killed run left
TENANT=0190e3a0-0000-7000-8000-000000000001
FALLBACK_MERCHANT=0190e3a0-0000-7000-8000-0000000000aa   # used when dispatch is not among SERVICES
MERCHANT_NAME="演示商户 Demo Merchant"
LIFETIME=43200                             # demo tokens last 12 h
declare -A PORTS=([intake]=8081 [dispatch]=8082 [returns]=8083 [repairs]=8084 [parts]=8085 [notifications]=8086)
PORTS[payment-sandbox]=8090                # not a platform service: the payment provider's stand-in
SANDBOX_KEY=sk_test_sandbox                # the payment sandbox's development key, Returns' PAYMENTS_API_KEY

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[31mrun-platform: %s\033[0m\n' "$*" >&2; exit 1; }

# The cluster's directory: in the checkout when the postgres user (the server runs as it under root) can
# reach it, else under /tmp (a checkout in /root is mode 0700). An existing cluster wins, so that the
# choice cannot flip between runs (e.g. before and after the postgres user exists).
CANDIDATES=("$DATA/postgres" "/tmp/aftersales-$CHECKOUT_ID/run-postgres")
pg_root() {
    local dir
    for dir in "${CANDIDATES[@]}"; do [ -f "$dir/data/PG_VERSION" ] && { echo "$dir"; return; }; done
    if [ "$(id -u)" != 0 ] || runuser -u postgres -- test -x "$DATA" 2>/dev/null; then
        echo "${CANDIDATES[0]}"
    else
        echo "${CANDIDATES[1]}"
    fi
}

# From / : as root the server runs as postgres, which may not be allowed into the current directory.
pg_cluster() { (cd / && "$ROOT/Tools/dev/pg-cluster.sh" "$@"); }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Stop a process we did not start in this shell (run-clean), only if it still is what the pid file says.
stop_stale() {
    local pid=$1 name=$2 deadline
    [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$name" || return 0
    echo "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || return 0
    deadline=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
}

clean() {
    if [ -f "$PIDS_FILE" ]; then
        # The script first (its own trap stops its services and the cluster), then any orphaned service.
        local entries entry; mapfile -t entries <"$PIDS_FILE"   # read now: the script deletes it as it stops
        for entry in "${entries[@]}"; do [ "${entry#* }" != run-platform.sh ] || stop_stale ${entry% *} run-platform.sh; done
        for entry in "${entries[@]}"; do [ "${entry#* }" = run-platform.sh ] || stop_stale ${entry% *} "${entry#* } serve"; done
    fi
    local dir
    for dir in "${CANDIDATES[@]}"; do
        [ -d "$dir" ] || continue
        pg_cluster down "$dir"
        rm -rf "$dir" && echo "deleted $dir"
    done
    rmdir "/tmp/aftersales-$CHECKOUT_ID" 2>/dev/null || true
    rm -rf "$KEYS" "$LOGS" "$STATE" "$DATA/demo.env" && echo "deleted $KEYS, $LOGS, $DATA/demo.env"
    rmdir "$DATA" 2>/dev/null || true
}

# ---- run ----------------------------------------------------------------------------------------------
SERVICE_PIDS=() HELPER_PIDS=() PGROOT=''
cleanup() {
    trap '' INT TERM HUP                   # a second Ctrl-C must not leave the cleanup half done
    local pid deadline
    if [ ${#SERVICE_PIDS[@]} -gt 0 ]; then
        say "stopping services"
        kill -TERM "${SERVICE_PIDS[@]}" 2>/dev/null || true
        deadline=$((SECONDS + 20))
        for pid in "${SERVICE_PIDS[@]}"; do
            while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
            kill -KILL "$pid" 2>/dev/null || true
        done
        wait "${SERVICE_PIDS[@]}" 2>/dev/null || true
    fi
    # The log prefixers end at end of input, once their service is gone.
    [ ${#HELPER_PIDS[@]} -eq 0 ] || wait "${HELPER_PIDS[@]}" 2>/dev/null || true
    if [ -n "$PGROOT" ]; then
        say "stopping PostgreSQL (data kept in $PGROOT)"
        pg_cluster down "$PGROOT" || true
    fi
    rm -rf "$STATE"
}

# Logs: the terminal gets "[service] line", $LOGS/<service>.log the raw JSON lines. A fifo (rather than a
# pipe) keeps the service's own pid in hand, for SIGTERM and the liveness checks.
start_service() {
    local svc=$1 fifo=$STATE/$1.fifo
    mkfifo "$fifo"
    sed -u -e "w $LOGS/$svc.log" -e "s/^/[$svc] /" <"$fifo" &   # -u: line by line (mawk would buffer)
    HELPER_PIDS+=($!)
    # setsid: Ctrl-C reaches only this script, which stops the services in order (SIGTERM, then wait).
    setsid env "${DB_ENV[@]}" DB_NAME="$svc" DB_USER="${svc}_app" DB_OWNER_USER="${svc}_owner" \
        AUTH_JWKS="$(cat "$KEYS/jwks.json")" HTTP_HOST=127.0.0.1 HTTP_PORT="${PORTS[$svc]}" \
        AUTH_SERVICE_KEY="$(cat "$KEYS/operator-1.pem")" AUTH_SERVICE_KEY_ID=operator-1 \
        AUTH_PARTNER_JWKS="$(cat "$KEYS/partner/jwks.json")" \
        PARTNER_TOKENS_SIGNING_KEY="$(cat "$KEYS/partner/dispatch-1.pem")" PARTNER_TOKENS_KEY_ID=dispatch-1 \
        PAGING_TOKEN_KEYS="$(cat "$KEYS/page-tokens.key")" \
        "${PAYMENTS[@]}" LOG_LEVEL="${LOG_LEVEL:-info}" "$BIN_DIR/$svc" serve >"$fifo" 2>&1 &
    SERVICE_PIDS+=($!)
    echo "$! $svc" >>"$PIDS_FILE"
}

# The payment provider's stand-in (Tools/PaymentSandbox/API.md): its own database in the same cluster.
start_sandbox() {
    local svc=payment-sandbox fifo=$STATE/payment-sandbox.fifo
    mkfifo "$fifo"
    sed -u -e "w $LOGS/$svc.log" -e "s/^/[$svc] /" <"$fifo" &
    HELPER_PIDS+=($!)
    setsid env "${DB_ENV[@]}" DB_NAME=payment_sandbox DB_USER=postgres HTTP_HOST=127.0.0.1 HTTP_PORT="${PORTS[$svc]}" \
        SANDBOX_API_KEYS="acct_development=$SANDBOX_KEY" LOG_LEVEL="${LOG_LEVEL:-info}" "$BIN_DIR/$svc" serve >"$fifo" 2>&1 &
    SERVICE_PIDS+=($!)
    echo "$! $svc" >>"$PIDS_FILE"
}

# Poll every service's /readyz until all answer 200, with one deadline for the lot.
wait_ready() {
    local deadline=$((SECONDS + ${READY_TIMEOUT:-60})) pending=("${!SERVICE_PIDS_BY_NAME[@]}") left svc
    while [ ${#pending[@]} -gt 0 ]; do
        left=()
        for svc in "${pending[@]}"; do
            kill -0 "${SERVICE_PIDS_BY_NAME[$svc]}" 2>/dev/null ||
                die "$svc exited before it was ready; see $LOGS/$svc.log"
            curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:${PORTS[$svc]}/readyz" || left+=("$svc")
        done
        pending=("${left[@]}")
        [ ${#pending[@]} -eq 0 ] && break
        [ $SECONDS -lt $deadline ] || die "not ready after ${READY_TIMEOUT:-60} s: ${pending[*]}; see $(for svc in "${pending[@]}"; do printf '%s ' "$LOGS/$svc.log"; done)(/readyz says why)"
        sleep 0.3
    done
}

token() { "$BIN_DIR/aftersales" token --key "$KEYS/operator-1.pem" --tenant "$TENANT" --lifetime "$LIFETIME" "$@"; }
call() { AFTERSALES_TOKEN=$ADMIN_TOKEN "$BIN_DIR/aftersales" call --timeout 10 "$@"; }
json() { python3 -c "import json, sys; d = json.load(sys.stdin); $1" "${@:2}"; }

# The demo merchant's id: found by name through every page of ListMerchants, else created.
demo_merchant() {
    local page='' out id
    while :; do
        out=$(call DispatchService/ListMerchants "$(json 'print(json.dumps({"pageSize": 100, **({"pageToken": sys.argv[1]} if sys.argv[1] else {})}))' "$page" <<<'{}')") ||
            die "DispatchService/ListMerchants failed; see $LOGS/dispatch.log"
        { read -r id; read -r page; } < <(json 'print(next((m["merchantId"] for m in d.get("merchants", []) if m["name"] == sys.argv[1]), "")); print(d.get("nextPageToken") or "")' "$MERCHANT_NAME" <<<"$out")
        [ -n "$id" ] && { echo "$id"; return; }
        [ -n "$page" ] || break
    done
    out=$(call DispatchService/CreateMerchant --idempotency-key demo-merchant \
        "$(json 'print(json.dumps({"name": sys.argv[1], "contacts": [{"name": "王经理", "phone": "13800000000"}], "regions": ["浙江省"]}, ensure_ascii=False))' "$MERCHANT_NAME" <<<'{}')") ||
        die "DispatchService/CreateMerchant failed; see $LOGS/dispatch.log"
    json 'print(d["merchantId"])' <<<"$out"
}

# A new API key for the demo merchant, issued at each run (the key is shown once; older ones are revoked so
# the merchant never holds more than the limit).
demo_api_key() {
    local merchant=$1 out ids id
    out=$(call DispatchService/ListMerchantApiKeys "{\"merchantId\":\"$merchant\",\"pageSize\":100}") ||
        die "DispatchService/ListMerchantApiKeys failed; see $LOGS/dispatch.log"
    ids=$(json 'print(" ".join(k["apiKeyId"] for k in d.get("keys", []) if k["status"] == "active"))' <<<"$out")
    for id in $ids; do call DispatchService/RevokeMerchantApiKey "{\"apiKeyId\":\"$id\"}" >/dev/null || true; done
    out=$(call DispatchService/IssueMerchantApiKey "{\"merchantId\":\"$merchant\",\"name\":\"demo\"}") ||
        die "DispatchService/IssueMerchantApiKey failed; see $LOGS/dispatch.log"
    json 'print(d["apiKey"])' <<<"$out"
}

run() {
    [ -n "${BIN_DIR:-}" ] || die "BIN_DIR is not set (the folder of the built executables)"
    local svc
    for svc in $SERVICES aftersales payment-sandbox; do [ -x "$BIN_DIR/$svc" ] || die "$BIN_DIR/$svc is missing; build first"; done
    for svc in $SERVICES; do [ -n "${PORTS[$svc]:-}" ] || die "no port for service '$svc'"; done
    # Fail before touching anything when a port is taken (another `make run`, or anything else).
    for svc in $SERVICES payment-sandbox; do ! port_busy "${PORTS[$svc]}" || die "port ${PORTS[$svc]} ($svc) is already in use"; done
    command -v curl >/dev/null && command -v python3 >/dev/null || die "curl and python3 are needed"
    mkdir -p "$DATA" "$LOGS"
    rm -rf "$STATE" && mkdir -p "$STATE"
    echo "$$ run-platform.sh" >"$PIDS_FILE"
    trap cleanup EXIT
    trap 'exit 0' INT TERM HUP             # Ctrl-C or SIGTERM is the normal way to stop: clean up, exit 0

    local pgroot; pgroot=$(pg_root)
    if ! [ -f "$pgroot/data/postmaster.pid" ] && port_busy "$PGPORT"; then die "port $PGPORT (PostgreSQL) is already in use"; fi
    say "PostgreSQL on 127.0.0.1:$PGPORT, data in $pgroot"
    PGROOT=$pgroot                         # from here on, cleanup stops the cluster
    pg_cluster up "$pgroot" "$PGPORT"

    DB_ENV=(DB_HOST=127.0.0.1 DB_PORT="$PGPORT")
    for svc in $SERVICES; do               # both idempotent: a second run finds roles, database, schema
        say "provision + migrate $svc"
        env "${DB_ENV[@]}" DB_NAME="$svc" DB_USER="${svc}_app" DB_OWNER_USER="${svc}_owner" LOG_LEVEL=warning \
            sh -c '"$0" provision && "$0" migrate' "$BIN_DIR/$svc" || die "provision/migrate of $svc failed"
    done

    if [ ! -f "$KEYS/operator-1.pem" ]; then   # generated once; `keys generate` refuses to overwrite anyway
        say "generating the operator key set in $KEYS"
        "$BIN_DIR/aftersales" keys generate --out "$KEYS" >/dev/null
    fi
    if [ ! -f "$KEYS/partner/dispatch-1.pem" ]; then   # Dispatch's own key for partner merchants' tokens
        say "generating Dispatch's partner token key in $KEYS/partner"
        "$BIN_DIR/aftersales" keys generate --out "$KEYS/partner" --kid dispatch-1 >/dev/null
    fi
    if [ ! -f "$KEYS/page-tokens.key" ]; then  # the key page tokens are sealed with, generated once
        (umask 077; head -c 32 /dev/urandom | base64 >"$KEYS/page-tokens.key")
    fi

    say "payment sandbox database"
    "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'payment_sandbox'" |
        grep -q 1 || "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres payment_sandbox || die "could not create the payment_sandbox database"

    declare -gA SERVICE_PIDS_BY_NAME=()
    PAYMENTS=()
    start_sandbox; SERVICE_PIDS_BY_NAME[payment-sandbox]=${SERVICE_PIDS[-1]}
    for svc in $SERVICES; do
        PAYMENTS=()
        [ "$svc" != returns ] || PAYMENTS=(PAYMENTS_PROVIDER_URL="http://127.0.0.1:${PORTS[payment-sandbox]}" PAYMENTS_API_KEY="$SANDBOX_KEY")
        start_service "$svc"; SERVICE_PIDS_BY_NAME[$svc]=${SERVICE_PIDS[-1]}
    done
    say "waiting for /readyz of: $SERVICES payment-sandbox"
    wait_ready

    # The demo tenant, provisioned the way an operator does it (a second run finds it there already).
    local provisioned
    if [[ " $SERVICES " != *" intake "* ]]; then
        say "intake is not running: the demo tenant is not provisioned"
    elif provisioned=$("$BIN_DIR/aftersales" tenant create --key "$KEYS/operator-1.pem" --tenant "$TENANT" --name "演示电脑城" \
        --preset computer_mall --holidays 2026-10-01,2026-10-02,2026-10-05,2026-10-06,2026-10-07 --make-up-days 2026-09-27,2026-10-10 \
        --url "http://127.0.0.1:${PORTS[intake]}" 2>"$STATE/tenant.err"); then
        say "demo tenant $TENANT provisioned with the computer_mall preset"
    elif grep -q already_exists "$STATE/tenant.err"; then
        say "demo tenant $TENANT already provisioned"
    else
        die "aftersales tenant create failed: $(cat "$STATE/tenant.err")"
    fi
    ADMIN_TOKEN=$(token --roles tenant_admin --subject demo-admin)
    local merchant=$FALLBACK_MERCHANT
    if [[ " $SERVICES " == *" dispatch "* ]]; then merchant=$(demo_merchant); fi
    local dashboard merchant_token api_key=''
    dashboard=$(token --roles dashboard_reader --subject demo-dashboard)
    merchant_token=$(token --roles merchant --merchant "$merchant" --subject demo-merchant)
    if [[ " $SERVICES " == *" dispatch "* ]]; then api_key=$(demo_api_key "$merchant"); fi
    # Admin tokens in a file: readable by this user only.
    (umask 077; : >"$DATA/demo.env"); chmod 600 "$DATA/demo.env"
    cat >"$DATA/demo.env" <<EOF
export AFTERSALES_TOKEN=$ADMIN_TOKEN
export ADMIN_TOKEN=$ADMIN_TOKEN
export DASHBOARD_TOKEN=$dashboard
export MERCHANT_TOKEN=$merchant_token
export DEMO_TENANT=$TENANT DEMO_MERCHANT=$merchant
export AFTERSALES_API_KEY=$api_key
EOF
    # A complete case (DESIGN §9): a mouse bought a week ago, judged by the tenant's computer-mall policy
    # (CM-25: a labelled peripheral is replaced new within warranty). A new order number each run: one open
    # case per order line.
    local body="{\"channel\":\"phone\",\"customer\":{\"name\":\"张伟\",\"phone\":\"138 0013 8000\"},\"orderNumber\":\"PDD-$(date +%s)\",\"pricePaid\":{\"currency\":\"CNY\",\"amountMinor\":14900},\"productName\":\"罗技鼠标\",\"productModel\":\"G304\",\"productCategory\":\"mouse\",\"productBrand\":\"Logitech\",\"quantity\":1,\"purchaseDate\":\"$(date -d '-7 days' +%F)\",\"issueKind\":\"quality_issue\",\"reason\":\"左键失灵\",\"requestedResolution\":\"replace_new\",\"merchantId\":\"$merchant\",\"flags\":[\"has_warranty_label\"]}"
    cat <<EOF

================================ the platform is up ================================
Services: $(for svc in $SERVICES; do printf '%s http://127.0.0.1:%s  ' "$svc" "${PORTS[$svc]}"; done)
Payments: the payment sandbox at http://127.0.0.1:${PORTS[payment-sandbox]} (key $SANDBOX_KEY; Tools/PaymentSandbox/API.md) pays Returns' refunds
Logs:     $LOGS/<service>.log (JSON lines)      Ctrl-C stops everything; data is kept.
Tenant:   $TENANT
Merchant: $merchant ($([[ " $SERVICES " == *" dispatch "* ]] && echo "$MERCHANT_NAME" || echo "a fixed id: dispatch is not running"))
Tokens (valid 12 h), for another shell:
  export ADMIN_TOKEN=$ADMIN_TOKEN
  export DASHBOARD_TOKEN=$dashboard
  export MERCHANT_TOKEN=$merchant_token
  export AFTERSALES_TOKEN=\$ADMIN_TOKEN
or all at once:  source $DATA/demo.env

Register a case (after setting the tokens as above):
curl -sS -X POST http://127.0.0.1:8081/aftersales.intake.v1.IntakeService/CreateCase \\
  -H 'Content-Type: application/json' -H "Authorization: Bearer \$ADMIN_TOKEN" \\
  -d '$body'
The same with the CLI:
$BIN_DIR/aftersales call IntakeService/CreateCase '$body'

Partner access — the demo merchant's API key (shown once, kept in $DATA/demo.env; revoke with
DispatchService/RevokeMerchantApiKey): ${api_key:-(dispatch is not running)}
Exchange it for a 15-minute merchant token, and call as the merchant:
curl -sS -X POST http://127.0.0.1:8082/aftersales.dispatch.v1.DispatchService/ExchangeApiKey \\
  -H 'Content-Type: application/json' -d "{\"apiKey\":\"\$AFTERSALES_API_KEY\"}"
export MERCHANT_TOKEN=\$($BIN_DIR/aftersales partner exchange --token-only)
$BIN_DIR/aftersales call DispatchService/GetMerchant --token "\$MERCHANT_TOKEN" '{"merchantId":"$merchant"}'
=====================================================================================

EOF
    # Serve until a signal; a service that stops on its own takes the platform down with it.
    wait -n "${SERVICE_PIDS[@]}" || true
    for svc in $SERVICES payment-sandbox; do
        kill -0 "${SERVICE_PIDS_BY_NAME[$svc]}" 2>/dev/null || die "$svc exited unexpectedly; see $LOGS/$svc.log"
    done
}

case "${1:-run}" in
    run) run ;;
    clean) clean ;;
    *) echo "usage: run-platform.sh run|clean" >&2; exit 64 ;;
esac
