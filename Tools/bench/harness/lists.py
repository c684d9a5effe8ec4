"""A "lists" scenario: dashboard reads (ListCases, GetCaseStats) against a large seeded database.

The data (1.4 million cases by default) takes minutes to seed, so it lives in a cluster of its own that is
kept between runs (BENCH_PGROOT with `-lists`, port BENCH_PGPORT + 10): seeded by the scenario's seed.sql
once, again only when its `seed_version` changes; each run applies the service's migrations to it (they are
additive). Then, for each request of the scenario:
  1. its statements captured (every statement logged for one request) and replayed by pgbench from one
     client: what the query itself costs on PostgreSQL, in the same run;
  2. an open-loop run at a steady rate (50/s): p50/p99 from each request's due time;
  3. a saturated wrk run (closed loop): the throughput.
"""

import datetime
import hashlib
import json
import os
import time
from pathlib import Path

from .capture import capture_transactions, replay_script
from .cluster import Cluster, pg_tool
from .commands import BenchError, say
from .drive import CpuMeter, check_wrk, ensure_wrk, ms, percentile, run_pgbench, run_wrk, wrk_version
from .open_loop import drive_steady
from .paths import BENCH_DIR, SCENARIOS
from .platform import start_services, stop_services
from .run_info import build_kind
from .service import generate_keys, issue_token, provision_database

WRK_SCRIPT = """
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
function request() return wrk.format(nil, os.getenv("BENCH_PATH")) end
"""


def uuid_of(text):
    digest = hashlib.md5(text.encode()).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:]}"


def resolve(value, tenant, now):
    """The body's placeholders: {merchant:K} (the seed's K-th merchant of the tenant), {days_ago:N} (an
    instant), {date_ago:N} (a day in Shanghai)."""
    if isinstance(value, dict):
        return {k: resolve(v, tenant, now) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, tenant, now) for v in value]
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        kind, _, n = value[1:-1].partition(":")
        if kind == "merchant":
            return uuid_of(f"{tenant}:merchant:{n}")
        if kind == "days_ago":
            return (now - datetime.timedelta(days=int(n))).strftime("%Y-%m-%dT%H:%M:%SZ")
        if kind == "date_ago":
            shanghai = now + datetime.timedelta(hours=8) - datetime.timedelta(days=int(n))
            return shanghai.strftime("%Y-%m-%d")
    return value


def kept_cluster(args):
    cluster = Cluster(args.pgroot + "-lists", str(args.pgport + 10), args.pgbin)
    cluster.keep()
    return cluster


def ensure_seeded(name, scenario, cluster, binary):
    """The service's database migrated, and seeded unless this seed version is there already."""
    version = scenario["seed_version"]
    marker = "SELECT version FROM bench_seed"
    exists = cluster.sql("SELECT count(*) FROM pg_database WHERE datname = 'intake'") == "1"
    seeded = exists and cluster.sql("SELECT to_regclass('bench_seed') IS NOT NULL", db="intake") == "t" and \
        cluster.sql(marker, db="intake") == version
    if exists and not seeded:
        say(f"{name}: the kept database is not seeded with {version}: dropped")
        cluster.sql("DROP DATABASE intake WITH (FORCE)")
    provision_database(binary, cluster.port, "intake", "intake_app", "intake_owner")
    cluster.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", db="intake")
    if seeded:
        say(f"{name}: the kept database is seeded ({version})")
        return {"version": version, "seconds": None, "kept": True}
    total = sum(scenario["tenants"].values())
    say(f"{name}: seeding {total:,} cases once (kept for the next runs; minutes)")
    t0 = time.monotonic()
    cluster.sql_file(SCENARIOS / name / "seed.sql", "intake", {"tenants": json.dumps(scenario["tenants"])})
    cluster.sql(f"CREATE TABLE bench_seed (version text NOT NULL); INSERT INTO bench_seed VALUES ('{version}')", db="intake")
    seconds = round(time.monotonic() - t0, 1)
    say(f"{name}: seeded in {seconds} s")
    return {"version": version, "seconds": seconds, "kept": False}


def run_lists(name, scenario, args, common):
    service_name = scenario["service"]
    bins = {n: Path(args.bin_dir) / n for n in (service_name, "aftersales")}
    for exe in bins.values():
        if not os.access(exe, os.X_OK):
            raise BenchError(f"{exe} is missing: build it (make bench builds the release products)")
    wrk = ensure_wrk()
    pgbench = pg_tool(args.pgbin, "pgbench")
    workdir = Path(args.workdir) / name
    workdir.mkdir(parents=True, exist_ok=True)
    cluster = kept_cluster(args)
    services = {}
    try:
        seed = ensure_seeded(name, scenario, cluster, bins[service_name])
        rows = {t["tenant"]: t["cases"] for t in cluster.sql_json(
            "SELECT tenant_id AS tenant, count(*) AS cases FROM cases GROUP BY 1 ORDER BY 2 DESC", db="intake")}
        keys = generate_keys(bins["aftersales"], workdir)
        token = issue_token(bins["aftersales"], keys, scenario["token"])
        services = start_services(bins, [service_name], keys, workdir, cluster.port, label=name)
        port = services[service_name].port
        now = datetime.datetime.now(datetime.timezone.utc)
        tenant = scenario["token"]["tenant"]
        rate = int(os.environ.get("BENCH_OPEN_LOOP_RATE") or scenario["open_loop_rate_per_s"])
        results = []
        # BENCH_LIST_REQUESTS=stats,text: only the requests whose names contain one of these.
        only = [w for w in os.environ.get("BENCH_LIST_REQUESTS", "").split(",") if w]
        for request in (r for r in scenario["requests"] if not only or any(w in r["name"] for w in only)):
            body = json.dumps(resolve(request["body"], tenant, now), ensure_ascii=False)
            path = f"/aftersales.{service_name}.v1.{service_name.capitalize()}Service/{request['operation']}"
            results.append(measure(request["name"], path, body, token, port, cluster, services[service_name], rate, args, wrk,
                                   pgbench, workdir))
        versions = {"postgres": cluster.sql("SHOW server_version"), "wrk": wrk_version(wrk)}
    finally:
        stop_services(services)
        cluster.stop()
    return {
        **common,
        "scenario": name,
        "description": scenario.get("description"),
        "service_name": service_name,
        "settings": {"duration_s": args.duration, "open_loop_rate_per_s": rate, "wrk_connections": 8, "threads": args.threads,
                     "pgbench_clients": 1, "binaries": build_kind(args.bin_dir), **versions},
        "seed": {**seed, "cases_by_tenant": rows},
        "requests": results,
    }


def measure(label, path, body, token, port, cluster, service, rate, args, wrk, pgbench, workdir):
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    # 1. The request's own statements, captured once and replayed from one client.
    offset = cluster.log_size()
    cluster.statement_logging(True)
    try:
        probe = drive_steady(port, path, lambda i: headers, lambda i: body, 5, 1, connections=1)
    finally:
        cluster.statement_logging(False)
    if probe["non_2xx"]:
        raise BenchError(f"{label}: answers {probe['statuses']} ({body})")
    transactions, _ = capture_transactions(cluster, offset, "intake", "intake_app")
    if not transactions:
        raise BenchError(f"{label}: no transaction of intake_app in the capture log")
    script, _, _ = replay_script(transactions[-1:], 1)
    script_path = workdir / "replay.sql"
    script_path.write_text(script)
    say(f"{label}: pgbench 1 client {args.duration} s ({len(transactions[-1])} statements)")
    replay = run_pgbench(pgbench, cluster, "intake", "intake_app", script_path, 1, 1, args.duration, workdir)
    pg_lat = sorted(replay["latencies_us"])
    # 2. Open loop at a steady rate.
    say(f"{label}: open loop {args.duration} s at {rate}/s")
    meter = CpuMeter(cluster, service.process.pid)
    steady = drive_steady(port, path, lambda i: headers, lambda i: body, rate, args.duration, connections=16)
    steady_cpu = meter.cores("open loop")
    if steady["non_2xx"]:
        raise BenchError(f"{label}: open loop answers {steady['statuses']}")
    # 3. Saturated.
    script_file = workdir / "list.lua"
    script_file.write_text(WRK_SCRIPT + "\n" + (BENCH_DIR / "lib" / "common.lua").read_text())
    env = dict(os.environ, BENCH_BODY=body, BENCH_TOKEN=token, BENCH_PATH=path)
    say(f"{label}: wrk -c8 {args.duration} s")
    meter = CpuMeter(cluster, service.process.pid)
    saturated = run_wrk(wrk, script_file, f"http://127.0.0.1:{port}", args.threads, 8, args.duration, env)
    saturated_cpu = meter.cores("wrk")
    check_wrk(saturated, f"{label} saturated")
    rps = saturated["requests"] / (saturated["duration_us"] / 1e6)
    result = {
        "name": label, "path": path, "body": json.loads(body),
        "open_loop": {"target_per_s": rate, "requests": steady["requests"], "p50_ms": ms(steady["p50_us"]),
                      "p99_ms": ms(steady["p99_us"]), "max_ms": ms(steady["max_us"]), "late_sends": steady["late_sends"],
                      "cpu_cores": steady_cpu},
        "saturated": {"requests_per_s": round(rps, 1), "p50_ms": ms(saturated["latency_us"]["p50"]),
                      "p99_ms": ms(saturated["latency_us"]["p99"]), "cpu_cores": saturated_cpu},
        "postgres_alone": {"statements": len(transactions[-1]), "tps_one_client": round(replay["tps"], 1),
                           "p50_ms": ms(percentile(pg_lat, 50)), "p99_ms": ms(percentile(pg_lat, 99)), "script": script},
    }
    say(f"{label}: open loop p50 {result['open_loop']['p50_ms']} ms p99 {result['open_loop']['p99_ms']} ms; "
        f"saturated {result['saturated']['requests_per_s']}/s; PostgreSQL alone p50 {result['postgres_alone']['p50_ms']} ms "
        f"p99 {result['postgres_alone']['p99_ms']} ms")
    return result
