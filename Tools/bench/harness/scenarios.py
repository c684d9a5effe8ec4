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
from .service import Service, generate_keys, issue_token, provision_database, service_settings
from .statements import STATEMENTS_SQL, match_statements


def seed_database(cluster, name, scenario, db):
    """Runs the scenario's seed.sql, if any, as the superuser with `-v tenant=<the token's tenant>`, then
    ANALYZE; returns what it took and the rows per table after it (None without a seed.sql)."""
    seed_file = SCENARIOS / name / "seed.sql"
    if not seed_file.exists():
        return None
    t0 = time.monotonic()
    cluster.sql_file(seed_file, db, {"tenant": scenario["token"].get("tenant", "")})
    cluster.sql("ANALYZE", db=db)
    seeded = {"file": "seed.sql", "seconds": round(time.monotonic() - t0, 1),
              "rows": {t["table"]: t["rows"] for t in cluster.sql_json(
                  "SELECT relname AS table, n_live_tup AS rows FROM pg_stat_user_tables ORDER BY relname", db=db)}}
    say(f"{name}: seeded {seeded['rows']} in {seeded['seconds']} s")
    return seeded


def run_http(name, scenario, args, common):
    service_name = scenario["service"]
    db, app_user, owner = service_name, f"{service_name}_app", f"{service_name}_owner"
    binary = Path(args.bin_dir) / service_name
    cli = Path(args.bin_dir) / "aftersales"
    for exe in (binary, cli):
        if not os.access(exe, os.X_OK):
            raise BenchError(f"{exe} is missing: build it (make bench builds the release products)")
    wrk = ensure_wrk()
    pgbench = pg_tool(args.pgbin, "pgbench")
    workdir = Path(args.workdir) / name
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    cluster = Cluster(args.pgroot, str(args.pgport), args.pgbin)
    service = None
    try:
        say(f"{name}: fresh cluster on 127.0.0.1:{args.pgport} ({args.pgroot})")
        cluster.fresh()
        versions = {"postgres": cluster.sql("SHOW server_version"), "wrk": wrk_version(wrk)}
        provision_database(binary, args.pgport, db, app_user, owner)
        cluster.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", db=db)
        seeded = seed_database(cluster, name, scenario, db)
        keys = generate_keys(cli, workdir)
        token = issue_token(cli, keys, scenario["token"])

        service = Service(str(binary), service_settings(args.pgport, db, app_user, keys), workdir)
        say(f"{name}: {service_name} serve on 127.0.0.1:{service.port}")
        service.start()

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

        # 2. Warm-up, then the measured run.
        say(f"{name}: warm-up {args.warmup} s")
        check_wrk(run_wrk(wrk, script, url, args.threads, args.connections, args.warmup, dict(lua_env, BENCH_PHASE="2")), "warm-up")
        cluster.sql("SELECT pg_stat_statements_reset()", db=db)
        say(f"{name}: measuring {args.duration} s: wrk -t{args.threads} -c{args.connections}")
        meter = CpuMeter(cluster, service.process.pid)
        measured = run_wrk(wrk, script, url, args.threads, args.connections, args.duration, dict(lua_env, BENCH_PHASE="3"))
        service_cpu = meter.cores("wrk")
        check_wrk(measured, "measured run")
        service_statements = cluster.sql_json(STATEMENTS_SQL.format(db=db, user=app_user), db=db)
        pool_connections = int(cluster.sql(
            f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{db}' AND usename = '{app_user}'"))
        service.stop()

        # 3. The ceiling: the same statements straight from pgbench.
        cluster.sql("SELECT pg_stat_statements_reset()", db=db)
        say(f"{name}: pgbench -c {args.connections} -j {args.threads} -T {args.duration}, {len(shape)} statements per transaction")
        meter = CpuMeter(cluster)
        replay = run_pgbench(pgbench, cluster, db, app_user, script_path, args.connections, args.threads, args.duration, workdir)
        pgbench_cpu = meter.cores("pgbench")
        if replay["failed"]:
            raise BenchError(f"pgbench: {replay['failed']} transactions failed:\n{replay['output'][-3000:]}")
        pgbench_statements = cluster.sql_json(STATEMENTS_SQL.format(db=db, user=app_user), db=db)
    finally:
        if service:
            service.stop()
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
        },
        "pgbench": {
            "transactions": pg_transactions, "tps": round(replay["tps"], 1),
            "p50_ms": ms(percentile(pg_lat, 50)), "p75_ms": ms(percentile(pg_lat, 75)), "p90_ms": ms(percentile(pg_lat, 90)),
            "p99_ms": ms(percentile(pg_lat, 99)), "p999_ms": ms(percentile(pg_lat, 99.9)), "max_ms": ms(pg_lat[-1] if pg_lat else None),
            "mean_ms": ms(sum(pg_lat) / len(pg_lat)) if pg_lat else None,
            "failed": replay["failed"], "cpu_cores": pgbench_cpu, "script": pgbench_script,
        },
        "ratio": round(rps / replay["tps"], 3) if replay["tps"] else None,
        "seed": seeded,
        "statements": statements,
        "transaction": {
            "statements": len(shape), "captured": len(transactions), "same_sequence": count,
            "outside_transactions": outside, "varied": varied, "held_constant": constant,
        },
    }


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
