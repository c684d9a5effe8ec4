#!/usr/bin/env python3
"""`make bench`: each scenario measured against its own ceiling, in one run (DESIGN §7).

For an "http" scenario (Tools/bench/scenarios/<name>/scenario.json + request.lua):
  1. a fresh PostgreSQL cluster of its own with pg_stat_statements; the service's database provisioned and
     migrated by the real executable;
  2. the service on a loopback port, a token for the scenario's roles;
  3. capture: a short wrk run with every statement logged (csvlog) — the order and the parameters of the
     statements of one service transaction;
  4. warm-up, then the measured wrk run (threads/connections/duration below), with pg_stat_statements reset
     just before it: what the service ran, per request;
  5. the captured transaction replayed by pgbench with the same concurrency and duration, as the service's
     own role (row-level security applies alike): the ceiling;
  6. bench/results/<date>-<name>.json and a line of the table on stdout.
An "events" scenario runs a producer and a consumer service against each other (harness/events.py): the
commit-to-effect latency at a steady rate, then the events per second the pair sustains.
A "command" scenario runs an executable from the build that prints one JSON object per line (policy-bench).

Only the Python standard library. Everything on 127.0.0.1; readiness is polled with a deadline.
"""
# This file: options, the scenario loop, exit codes. The parts are in harness/, one per file
# (Tools/bench/README.md, "Layout").

import argparse
import datetime
import json
import os
import shutil
import signal
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
from harness.commands import BenchError, say  # noqa: E402 (after the line above)
from harness.paths import CHECKOUT_ID, ROOT, SCENARIOS  # noqa: E402
from harness.report import print_tables, write_result  # noqa: E402
from harness.run_info import git_state, machine  # noqa: E402
from harness.events import run_events  # noqa: E402
from harness.webhooks import run_webhooks  # noqa: E402
from harness.scenarios import run_command, run_http  # noqa: E402
from harness.lists import run_lists  # noqa: E402


def env_default(name, fallback):
    return os.environ.get(name) or fallback


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenarios", nargs="*", help="scenario names (default: every directory in Tools/bench/scenarios)")
    parser.add_argument("--bin-dir", default=os.environ.get("BIN_DIR"), help="where the built executables are (env BIN_DIR)")
    parser.add_argument("--duration", type=int, default=int(env_default("BENCH_DURATION", 20)), help="seconds of each measured run (env BENCH_DURATION, 20)")
    parser.add_argument("--warmup", type=int, default=int(env_default("BENCH_WARMUP", 5)), help="seconds of warm-up (env BENCH_WARMUP, 5)")
    parser.add_argument("--capture", type=int, default=int(env_default("BENCH_CAPTURE", 2)), help="seconds of statement capture (env BENCH_CAPTURE, 2)")
    parser.add_argument("--connections", type=int, default=int(env_default("BENCH_CONNECTIONS", 64)), help="wrk connections and pgbench clients (64)")
    parser.add_argument("--threads", type=int, default=int(env_default("BENCH_THREADS", 2)), help="wrk and pgbench threads (2)")
    parser.add_argument("--pgroot", default=env_default("BENCH_PGROOT", f"/tmp/aftersales-{CHECKOUT_ID}/bench-postgres"))
    parser.add_argument("--pgport", type=int, default=int(env_default("BENCH_PGPORT", 55434)))
    parser.add_argument("--pgbin", default=env_default("PGBIN", "/usr/lib/postgresql/15/bin"))
    parser.add_argument("--workdir", default=env_default("BENCH_WORKDIR", f"/tmp/aftersales-{CHECKOUT_ID}/bench-run"),
                        help="keys, scripts and logs of the run; deleted at the end unless BENCH_KEEP=1")
    parser.add_argument("--results", default=env_default("BENCH_RESULTS_DIR", str(ROOT / "bench" / "results")))
    parser.add_argument("--profile", action="store_true",
                        help="perf record -g on the service during the measured run; top frames in <date>-<scenario>-profiled.txt")
    parser.add_argument("--list-products", action="store_true",
                        help="print the executables the scenarios need (for `swift build --product`) and exit")
    args = parser.parse_args()

    names = args.scenarios or sorted(p.name for p in SCENARIOS.iterdir() if (p / "scenario.json").exists())
    scenarios = {}
    for name in names:
        path = SCENARIOS / name / "scenario.json"
        if not path.exists():
            parser.error(f"no scenario {name} ({path})")
        scenarios[name] = json.loads(path.read_text())
    if args.list_products:
        products = []
        for scenario in scenarios.values():
            kind = scenario.get("kind", "http")
            needed = ([scenario["service"], *([scenario["consumer"]] if scenario.get("consumer") else []), "aftersales"] if kind == "http"
                      else [scenario["producer"], scenario["consumer"], "aftersales"] if kind == "events"
                      else [*scenario["services"], "aftersales"] if kind == "webhooks"
                      else [scenario["service"], "aftersales"] if kind == "lists"
                      else [scenario["command"][0]])
            products += [p for p in needed if p not in products]
        print(" ".join(products))
        return 0
    if not args.bin_dir:
        parser.error("give --bin-dir or BIN_DIR (e.g. $(swift build -c release --show-bin-path))")

    # SIGTERM (e.g. from make) unwinds like Ctrl-C, so the service and the cluster are stopped.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    started = datetime.datetime.now().astimezone()
    common = {"date": started.date().isoformat(), "started_at": started.isoformat(timespec="seconds"),
              "git": git_state(), "machine": machine()}
    results, failed = [], []
    try:
        for name, scenario in scenarios.items():
            kind = scenario.get("kind", "http")
            try:
                runner = {"http": run_http, "events": run_events, "webhooks": run_webhooks, "lists": run_lists}.get(kind, run_command)
                result = runner(name, scenario, args, common)
            except BenchError as error:
                say(f"{name}: FAILED: {error}")
                failed.append(name)
                continue
            path = write_result(result, Path(args.results))
            say(f"{name}: wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
            results.append(result)
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    finally:
        if os.environ.get("BENCH_KEEP") != "1":
            shutil.rmtree(args.workdir, ignore_errors=True)
    print_tables(results)
    if failed:
        say(f"failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
