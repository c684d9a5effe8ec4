"""One scenario, run from start to end, and its result (the JSON object of `bench/results/README.md`).

An "http" scenario: its own cluster, the service, capture, warm-up, the measured wrk run, then the captured
transaction replayed by pgbench (Tools/bench/README.md, "An HTTP scenario, step by step"). A "command"
scenario: an executable of the build that prints one JSON object per line.
"""

import json
import os
import shutil
import time
from pathlib import Path

from .capture import capture_transactions, most_common_sequence, replay_script
from .cluster import Cluster, pg_tool
from .commands import BenchError, run, say
from .drive import CpuMeter, check_wrk, ensure_wrk, ms, percentile, run_pgbench, run_wrk, wrk_version
from .paths import BENCH_DIR, SCENARIOS
from .run_info import build_kind
from .open_loop import drive_steady
from .profile import Profiler
from .platform import ProcessMeter, baseline_bin_dir, case_requests, cpu_us_per_request, round_trips, start_services, stop_services
from .service import generate_keys, issue_token, provision_database, provision_tenant
from .statements import ALL_STATEMENTS_SQL, STATEMENTS_SQL, match_statements


def seed_database(cluster, name, scenario, db):
    """Runs the scenario's seed.sql, if any, as the superuser with `-v tenant=<the token's tenant>`, then
    VACUUM ANALYZE (which also merges a GIN index's pending entries: left to the first requests, that merge
    would be measured as theirs); returns what it took and the rows per table after it (None without a seed.sql)."""
    seed_file = SCENARIOS / name / "seed.sql"
    if not seed_file.exists():
        return None
    t0 = time.monotonic()
    cluster.sql_file(seed_file, db, {"tenant": scenario["token"].get("tenant", "")})
    cluster.sql("VACUUM ANALYZE", db=db)
    seeded = {"file": "seed.sql", "seconds": round(time.monotonic() - t0, 1),
              "rows": {t["table"]: t["rows"] for t in cluster.sql_json(
                  "SELECT relname AS table, n_live_tup AS rows FROM pg_stat_user_tables ORDER BY relname", db=db)}}
    say(f"{name}: seeded {seeded['rows']} in {seeded['seconds']} s")
    return seeded


def run_http(name, scenario, args, common):
    service_name = scenario["service"]
    consumer = scenario.get("consumer")
    names = [service_name] + ([consumer] if consumer else [])
    db, app_user = service_name, f"{service_name}_app"
    bins = {n: Path(args.bin_dir) / n for n in names + ["aftersales"]}
    for exe in bins.values():
        if not os.access(exe, os.X_OK):
            raise BenchError(f"{exe} is missing: build it (make bench builds the release products)")
    baseline_dir = baseline_bin_dir()
    if baseline_dir:
        for n in names:
            if not os.access(Path(baseline_dir) / n, os.X_OK):
                raise BenchError(f"{Path(baseline_dir) / n} is missing (BENCH_BASELINE_BIN_DIR)")
    wrk = ensure_wrk()
    pgbench = pg_tool(args.pgbin, "pgbench")
    workdir = Path(args.workdir) / name
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    cluster = Cluster(args.pgroot, str(args.pgport), args.pgbin)
    services = {}
    try:
        say(f"{name}: fresh cluster on 127.0.0.1:{args.pgport} ({args.pgroot})")
        cluster.fresh()
        versions = {"postgres": cluster.sql("SHOW server_version"), "wrk": wrk_version(wrk)}
        keys = generate_keys(bins["aftersales"], workdir)
        token = issue_token(bins["aftersales"], keys, scenario["token"])
        # The service (and, as in production, the consumer its relay delivers to) on databases of their own.
        provision_database(bins[service_name], args.pgport, db, app_user, f"{service_name}_owner")
        cluster.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", db=db)
        seeded = seed_database(cluster, name, scenario, db)
        services = start_services(bins, names, keys, workdir, args.pgport, label=name)
        service = services[service_name]
        if scenario.get("provision_tenant"):
            provision_tenant(bins["aftersales"], keys, scenario["token"]["tenant"], f"http://127.0.0.1:{service.port}", cluster, db)

        script = workdir / "wrk.lua"
        script.write_text((SCENARIOS / name / "request.lua").read_text() + "\n" + (BENCH_DIR / "lib" / "common.lua").read_text())
        url = f"http://127.0.0.1:{service.port}"
        lua_env = dict(os.environ, BENCH_TOKEN=token, BENCH_PATH=scenario["path"])

        # 1. Capture: every statement logged, answers checked.
        offset = cluster.log_size()
        cluster.statement_logging(True)
        try:
            say(f"{name}: capture {args.capture} s with every statement logged")
            capture = run_wrk(wrk, script, url, args.threads, args.connections, args.capture,
                              dict(lua_env, BENCH_PHASE="1", BENCH_CHECK="1"))
        finally:
            cluster.statement_logging(False)
        check_wrk(capture, "capture")
        transactions, outside = capture_transactions(cluster, offset, db, app_user)
        if not transactions:
            raise BenchError(f"no complete transaction of {app_user} in the capture log ({cluster.csv_log})")
        shape, count, sample = most_common_sequence(transactions)
        if count < 0.8 * len(transactions):
            say(f"{name}: warning: only {count} of {len(transactions)} captured transactions share one statement sequence")
        pgbench_script, varied, constant = replay_script(sample, args.connections)
        script_path = workdir / "replay.sql"
        script_path.write_text(pgbench_script)

        # 2. Warm-up, then the measured run (saturating: wrk is closed-loop).
        say(f"{name}: warm-up {args.warmup} s")
        check_wrk(run_wrk(wrk, script, url, args.threads, args.connections, args.warmup, dict(lua_env, BENCH_PHASE="2")), "warm-up")
        cluster.sql("SELECT pg_stat_statements_reset()", db=db)
        say(f"{name}: measuring {args.duration} s: wrk -t{args.threads} -c{args.connections}")
        meter = CpuMeter(cluster, service.process.pid)
        peers = ProcessMeter(cluster, {n: s for n, s in services.items() if n != service_name})
        profiler = Profiler(service.process.pid, args.duration, workdir) if args.profile else None
        measured = run_wrk(wrk, script, url, args.threads, args.connections, args.duration, dict(lua_env, BENCH_PHASE="3"))
        service_cpu = {**meter.cores("wrk"), **{n: c for n, c in peers.cores().items() if n != "postgres"}}
        check_wrk(measured, "measured run")
        profile = None
        if profiler:
            profiler.wait()
            profile = profiler.report()
        service_statements = cluster.sql_json(STATEMENTS_SQL.format(db=db, user=app_user), db=db)
        all_statements = cluster.sql_json(ALL_STATEMENTS_SQL, db=db)
        pool_connections = int(cluster.sql(
            f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{db}' AND usename = '{app_user}'"))

        # 3. An open-loop run at a steady rate (CreateCase scenarios): the CPU a request costs below saturation.
        open_loop = None
        if scenario.get("open_loop_rate_per_s"):
            open_loop = run_open_loop(name, scenario, cluster, services, service_name, token, args.duration, phase=6)
        stop_services(services)
        services = {}

        # 4. The ceiling: the same statements straight from pgbench.
        cluster.sql("SELECT pg_stat_statements_reset()", db=db)
        say(f"{name}: pgbench -c {args.connections} -j {args.threads} -T {args.duration}, {len(shape)} statements per transaction")
        meter = CpuMeter(cluster)
        replay = run_pgbench(pgbench, cluster, db, app_user, script_path, args.connections, args.threads, args.duration, workdir)
        pgbench_cpu = meter.cores("pgbench")
        if replay["failed"]:
            raise BenchError(f"pgbench: {replay['failed']} transactions failed:\n{replay['output'][-3000:]}")
        pgbench_statements = cluster.sql_json(STATEMENTS_SQL.format(db=db, user=app_user), db=db)

        # 5. The binaries of an earlier commit, on databases of their own, the same wrk run (same cluster, same run).
        baseline = None
        if baseline_dir:
            baseline = run_baseline(name, scenario, baseline_dir, names, service_name, keys, workdir, args, cluster, wrk, script,
                                    lua_env)
    finally:
        stop_services(services)
        cluster.down()

    requests = measured["requests"]
    seconds = measured["duration_us"] / 1e6
    rps = requests / seconds
    lat = measured["latency_us"]
    pg_lat = sorted(replay["latencies_us"])
    pg_transactions = len(pg_lat)

    # What the service ran per request, matched to the replayed positions and to what pgbench ran.
    statements, unmatched, missing = match_statements(service_statements, pgbench_statements, shape, requests, pg_transactions)
    for text in unmatched:
        say(f"{name}: warning: the service ran this about once per request but the captured transaction lacks it: {text}")
    for text in missing:
        say(f"{name}: warning: a captured statement is not in pg_stat_statements of the measured run: {text}")

    return {
        **common,
        "scenario": name,
        "description": scenario.get("description"),
        "service_name": service_name,
        "consumer_name": consumer,
        "operation": scenario.get("operation"),
        "settings": {"duration_s": args.duration, "warmup_s": args.warmup, "capture_s": args.capture,
                     "connections": args.connections, "threads": args.threads,
                     "service_db_max_connections": os.environ.get("BENCH_DB_MAX_CONNECTIONS") or "service default",
                     "service_db_connections": pool_connections,
                     "pgbench_protocol": "simple", "binaries": build_kind(args.bin_dir), **versions},
        "service": {
            "requests": requests, "duration_s": round(seconds, 3), "requests_per_s": round(rps, 1),
            "p50_ms": ms(lat["p50"]), "p75_ms": ms(lat["p75"]), "p90_ms": ms(lat["p90"]), "p99_ms": ms(lat["p99"]),
            "p999_ms": ms(lat["p999"]), "max_ms": ms(lat["max"]), "mean_ms": ms(lat["mean"]),
            "non_2xx": measured["errors"]["status"],
            "socket_errors": {k: v for k, v in measured["errors"].items() if k != "status"},
            "cpu_cores": service_cpu,
            "cpu_us_per_request": cpu_us_per_request(service_cpu.get("service", 0), rps),
            "round_trips_per_request": round_trips(service_statements, requests),
        },
        "open_loop": open_loop,
        "pgbench": {
            "transactions": pg_transactions, "tps": round(replay["tps"], 1),
            "p50_ms": ms(percentile(pg_lat, 50)), "p75_ms": ms(percentile(pg_lat, 75)), "p90_ms": ms(percentile(pg_lat, 90)),
            "p99_ms": ms(percentile(pg_lat, 99)), "p999_ms": ms(percentile(pg_lat, 99.9)), "max_ms": ms(pg_lat[-1] if pg_lat else None),
            "mean_ms": ms(sum(pg_lat) / len(pg_lat)) if pg_lat else None,
            "failed": replay["failed"], "cpu_cores": pgbench_cpu, "script": pgbench_script,
        },
        "ratio": round(rps / replay["tps"], 3) if replay["tps"] else None,
        "baseline": baseline,
        "speedup": round(rps / baseline["requests_per_s"], 2) if baseline and baseline["requests_per_s"] else None,
        "profile": profile,
        "seed": seeded,
        "statements": statements,
        "all_statements": all_statements,
        "transaction": {
            "statements": len(shape), "captured": len(transactions), "same_sequence": count,
            "outside_transactions": outside, "varied": varied, "held_constant": constant,
        },
    }


def run_open_loop(name, scenario, cluster, services, service_name, token, seconds, phase):
    rate = int(os.environ.get("BENCH_OPEN_LOOP_RATE") or scenario["open_loop_rate_per_s"])
    say(f"{name}: open loop {seconds} s at a steady {rate}/s")
    headers, body = case_requests(token, phase)
    meter = ProcessMeter(cluster, services)
    answer = drive_steady(services[service_name].port, scenario["path"], headers, body, rate, seconds)
    cores = meter.cores()
    if answer["non_2xx"] or answer["requests"] == 0:
        raise BenchError(f"open loop at {rate}/s: answers {answer['statuses']} (any non-2xx fails the scenario)")
    return {"target_per_s": rate, "requests": answer["requests"], "requests_per_s": answer["requests_per_s"],
            "late_sends": answer["late_sends"], "p50_ms": ms(answer["p50_us"]), "p99_ms": ms(answer["p99_us"]),
            "max_ms": ms(answer["max_us"]), "cpu_cores": cores,
            "cpu_us_per_request": cpu_us_per_request(cores[service_name], answer["requests_per_s"])}


def run_baseline(name, scenario, baseline_dir, names, service_name, keys, workdir, args, cluster, wrk, script, lua_env):
    bins = {n: Path(baseline_dir) / n for n in names}
    services = start_services(bins, names, keys, workdir, args.pgport, db_suffix="_baseline", label=f"{name} baseline")
    try:
        url = f"http://127.0.0.1:{services[service_name].port}"
        if scenario.get("provision_tenant"):
            provision_tenant(Path(args.bin_dir) / "aftersales", keys, scenario["token"]["tenant"], url, cluster,
                             service_name + "_baseline")
        say(f"{name}: baseline ({baseline_dir}) warm-up {args.warmup} s, then {args.duration} s of the same wrk run")
        check_wrk(run_wrk(wrk, script, url, args.threads, args.connections, args.warmup, dict(lua_env, BENCH_PHASE="7")), "baseline warm-up")
        meter = ProcessMeter(cluster, services)
        measured = run_wrk(wrk, script, url, args.threads, args.connections, args.duration, dict(lua_env, BENCH_PHASE="8"))
        cores = meter.cores()
        check_wrk(measured, "baseline measured run")
    finally:
        stop_services(services)
    rps = measured["requests"] / (measured["duration_us"] / 1e6)
    lat = measured["latency_us"]
    return {"bin_dir": str(baseline_dir), "requests_per_s": round(rps, 1), "p50_ms": ms(lat["p50"]), "p99_ms": ms(lat["p99"]),
            "cpu_cores": cores, "cpu_us_per_request": cpu_us_per_request(cores[service_name], rps)}


def run_command(name, scenario, args, common):
    exe, *rest = scenario["command"]
    binary = Path(args.bin_dir) / exe
    if not os.access(binary, os.X_OK):
        raise BenchError(f"{binary} is missing: build it (make bench builds the release products)")
    say(f"{name}: {exe} {' '.join(rest)}")
    output = run([binary, *rest]).stdout
    rows = [json.loads(line) for line in output.splitlines() if line.strip().startswith("{")]
    return {**common, "scenario": name, "description": scenario.get("description"),
            "settings": {"command": scenario["command"], "binaries": build_kind(args.bin_dir)}, "results": rows}
