"""The events scenario: commit-to-effect latency between two services, and the most events per second the
pair sustains (Tools/bench/README.md, "The events scenario").

Intake (the producer) and Dispatch (the consumer), each with its own database in one cluster on loopback,
point at each other through `services.<name>.url`. Every CreateCase commits a case and a `case.registered`
event in one transaction; Intake's relay posts it to Dispatch's EventSink/Deliver, whose transaction records
the inbox row and queues the case (and appends `dispatch.case_queued`, which travels back to Intake).

"Commit to effect" is read from PostgreSQL itself, not from either process: the cluster runs with
`track_commit_timestamp = on`, so `pg_xact_commit_timestamp(xmin)` of the outbox row is the producer's
commit and that of the consumer's inbox row is the effect's commit — one clock, microseconds.
"""

import os
import resource
import shutil
import time
from pathlib import Path

from .cluster import Cluster
from .commands import BenchError, say
from .drive import check_wrk, ensure_wrk, ms, percentile, postgres_cpu, process_cpu, run_wrk, wrk_version
from .open_loop import drive_steady
from .paths import BENCH_DIR, SCENARIOS
from .run_info import build_kind
from .service import Service, case_body, generate_keys, issue_token, provision_database, provision_tenant, service_settings

# Commit times of one event type's outbox rows (producer) or inbox rows (consumer), µs since the epoch.
COMMITS_SQL = {
    "outbox": "SELECT id, (extract(epoch FROM pg_xact_commit_timestamp(xmin)) * 1000000)::bigint FROM outbox_events WHERE type = '{type}'",
    "inbox": "SELECT event_id, (extract(epoch FROM pg_xact_commit_timestamp(xmin)) * 1000000)::bigint FROM inbox_events WHERE type = '{type}'",
}
# Deliveries between the scenario's two services only: the producer's events also go to Notifications
# (merchant webhooks), which this scenario does not run — those wait, retried, as for any subscriber down.
UNSETTLED_SQL = ("SELECT count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'dead') FROM event_deliveries "
                 "WHERE subscriber IN ({names})")


def commits(cluster, db, table, event_type):
    rows = cluster.sql(COMMITS_SQL[table].format(type=event_type), db=db)
    return {event_id: int(us) for event_id, us in (line.split("|") for line in rows.splitlines() if line)}


def db_clock_us(cluster):
    return int(cluster.sql("SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint"))


def wait_quiet(cluster, dbs, deadline_s):
    """Until no delivery is pending in any of the databases (both directions settled); a dead letter fails."""
    deadline = time.monotonic() + deadline_s
    while True:
        names = ", ".join(f"'{db}'" for db in dbs)
        counts = {db: [int(n) for n in cluster.sql(UNSETTLED_SQL.format(names=names), db=db).split("|")] for db in dbs}
        dead = {db: c[1] for db, c in counts.items() if c[1]}
        if dead:
            raise BenchError(f"deliveries became dead letters: {dead}; see the services' logs (BENCH_KEEP=1)")
        if not any(c[0] for c in counts.values()):
            return
        if time.monotonic() > deadline:
            raise BenchError(f"deliveries still pending after {deadline_s} s: { {db: c[0] for db, c in counts.items()} }")
        time.sleep(0.1)


def latency_summary(pairs):
    """Percentiles (ms) of effect − commit over the (commit_us, effect_us) pairs."""
    values = sorted(effect - commit for commit, effect in pairs)
    if not values:
        return {"events": 0}
    return {"events": len(values), "p50_ms": ms(percentile(values, 50)), "p90_ms": ms(percentile(values, 90)),
            "p99_ms": ms(percentile(values, 99)), "p999_ms": ms(percentile(values, 99.9)), "max_ms": ms(values[-1]),
            "mean_ms": ms(sum(values) / len(values))}


def hop(producer, consumer, window):
    """Events the producer committed inside the window, each with its effect's commit (all must have one)."""
    start, end = window
    chosen = {event_id: us for event_id, us in producer.items() if start <= us <= end}
    missing = [event_id for event_id in chosen if event_id not in consumer]
    if missing:
        raise BenchError(f"{len(missing)} committed events have no effect after the platform was quiet, e.g. {missing[:3]}")
    return [(us, consumer[event_id]) for event_id, us in chosen.items()]


class PairMeter:
    """CPU cores used meanwhile by each service, the whole cluster, and this harness with its children
    (the steady driver runs in this process; wrk is a child)."""

    def __init__(self, cluster, services):
        self.postmaster, self.services = cluster.postmaster_pid(), services
        self.start, self.t0 = self.sample(), time.monotonic()

    def sample(self):
        own = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        driver = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
        return {"postgres": postgres_cpu(self.postmaster), "load_generator": driver,
                **{name: process_cpu(service.process.pid) for name, service in self.services.items()}}

    def cores(self):
        end, elapsed = self.sample(), time.monotonic() - self.t0
        return {k: round((end[k] - self.start[k]) / elapsed, 2) for k in end}


def steady_requests(token, phase):
    """Headers and body of the i-th CreateCase of a phase: its own order number."""
    purchase_date = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 7 * 86400))

    # No Idempotency-Key: the key's claim and recorded answer are the create-case scenario's subject, and
    # on two cores every statement saved is capacity left for the events measured here.
    def headers(i):
        return {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}

    def body(i):
        return case_body("EVT-%d-%09d" % (phase, i), purchase_date)
    return headers, body


# Statements run per database (every role: requests, relays, sinks, timers), from pg_stat_statements.
CALLS_SQL = """
SELECT d.datname AS db, sum(s.calls)::bigint AS calls
FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
WHERE d.datname = ANY('{{{dbs}}}') GROUP BY d.datname
"""


def statement_calls(cluster, dbs):
    return {row["db"]: int(row["calls"]) for row in cluster.sql_json(CALLS_SQL.format(dbs=",".join(dbs)))}


def run_steady(cluster, producer, token, scenario, rate, seconds, phase, dbs, services, quiet_s):
    """One steady run; returns the driver's answer, the commit window, the cores used and, per database, the
    statements (round trips) run per event — the request, both relays, both sinks — once both ways settled."""
    headers, body = steady_requests(token, phase)
    cluster.sql("SELECT pg_stat_statements_reset()")
    start = db_clock_us(cluster)
    meter = PairMeter(cluster, services)
    answer = drive_steady(producer.port, scenario["path"], headers, body, rate, seconds)
    cpu = meter.cores()
    end = db_clock_us(cluster)
    if answer["non_2xx"] or answer["requests"] == 0:
        raise BenchError(f"steady run at {rate}/s: answers {answer['statuses']} (any non-2xx fails the scenario)")
    wait_quiet(cluster, dbs, quiet_s)
    calls = statement_calls(cluster, dbs)
    per_event = {db: round(n / answer["requests"], 1) for db, n in calls.items()}
    return answer, (start, end), cpu, per_event


def run_events(name, scenario, args, common):
    producer_name, consumer_name = scenario["producer"], scenario["consumer"]
    rate = int(os.environ.get("BENCH_EVENT_RATE") or scenario["rate_per_s"])
    # The rate of the goal, and lower ones that show where the latency holds on this machine.
    rates = sorted({rate, *([] if os.environ.get("BENCH_EVENT_RATE") else scenario.get("also_rates_per_s", []))})
    bins = {n: Path(args.bin_dir) / n for n in (producer_name, consumer_name, "aftersales")}
    for exe in bins.values():
        if not os.access(exe, os.X_OK):
            raise BenchError(f"{exe} is missing: build it (make bench builds the release products)")
    wrk = ensure_wrk()
    workdir = Path(args.workdir) / name
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    cluster = Cluster(args.pgroot, str(args.pgport), args.pgbin, extra_settings={"track_commit_timestamp": "on"})
    services = {}
    try:
        say(f"{name}: fresh cluster on 127.0.0.1:{args.pgport} with track_commit_timestamp")
        cluster.fresh()
        versions = {"postgres": cluster.sql("SHOW server_version"), "wrk": wrk_version(wrk)}
        cluster.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        for service_name in (producer_name, consumer_name):
            provision_database(bins[service_name], args.pgport, service_name, f"{service_name}_app", f"{service_name}_owner")
        keys = generate_keys(bins["aftersales"], workdir)
        token = issue_token(bins["aftersales"], keys, scenario["token"])
        for service_name in (producer_name, consumer_name):
            services[service_name] = Service(str(bins[service_name]),
                                             service_settings(args.pgport, service_name, f"{service_name}_app", keys), workdir)
        # Each names the other as its subscriber's base URL (the ports are known before either starts).
        for me, peer in ((producer_name, consumer_name), (consumer_name, producer_name)):
            services[me].env[f"SERVICES_{peer.upper()}_URL"] = f"http://127.0.0.1:{services[peer].port}"
        for service_name, service in services.items():
            say(f"{name}: {service_name} serve on 127.0.0.1:{service.port}")
            service.start()
        producer, dbs = services[producer_name], list(services)
        provision_tenant(bins["aftersales"], keys, scenario["token"]["tenant"], f"http://127.0.0.1:{producer.port}", cluster,
                         producer_name)
        quiet_s = max(60, 3 * args.duration)

        say(f"{name}: warm-up {args.warmup} s at {rate} CreateCase/s")
        run_steady(cluster, producer, token, scenario, rate, args.warmup, 1, dbs, services, quiet_s)
        steady_runs = {}
        for phase, each_rate in enumerate(rates, start=5):
            say(f"{name}: measuring {args.duration} s at a steady {each_rate} CreateCase/s (one {scenario['event_type']} each)")
            steady_runs[each_rate] = run_steady(cluster, producer, token, scenario, each_rate, args.duration, phase, dbs,
                                                services, quiet_s)

        say(f"{name}: saturating {args.duration} s: wrk -t{args.threads} -c{args.connections} on CreateCase")
        script = workdir / "wrk.lua"
        script.write_text((SCENARIOS / scenario["saturate_with"] / "request.lua").read_text() + "\n"
                          + (BENCH_DIR / "lib" / "common.lua").read_text())
        start = db_clock_us(cluster)
        meter = PairMeter(cluster, services)
        saturated = run_wrk(wrk, script, f"http://127.0.0.1:{producer.port}", args.threads, args.connections, args.duration,
                            dict(os.environ, BENCH_TOKEN=token, BENCH_PATH=scenario["path"], BENCH_PHASE="4"))
        saturation_cpu = meter.cores()
        end = db_clock_us(cluster)
        check_wrk(saturated, "saturation run")
        quiet_began = time.monotonic()
        wait_quiet(cluster, dbs, quiet_s)
        say(f"{name}: quiet {time.monotonic() - quiet_began:.1f} s after the saturation run")

        produced = commits(cluster, producer_name, "outbox", scenario["event_type"])
        effected = commits(cluster, consumer_name, "inbox", scenario["event_type"])
        returned = commits(cluster, consumer_name, "outbox", scenario["return_event_type"])
        returned_effects = commits(cluster, producer_name, "inbox", scenario["return_event_type"])
    finally:
        for service in services.values():
            service.stop()
        cluster.down()

    by_rate = []
    for each_rate, (answer, window, cpu, per_event) in steady_runs.items():
        latency = latency_summary(hop(produced, effected, window))
        # The way back (the consumer's event to the producer) for the events this run caused.
        caused = [effected[event_id] for event_id, us in produced.items() if window[0] <= us <= window[1]]
        back_window = (min(caused), max(caused) + 1) if caused else (0, 0)
        by_rate.append({
            "target_per_s": each_rate,
            "create_case": {k: v for k, v in answer.items() if k not in ("p50_us", "p99_us", "max_us")}
                           | {"p50_ms": ms(answer["p50_us"]), "p99_ms": ms(answer["p99_us"]), "max_ms": ms(answer["max_us"])},
            "commit_to_effect": latency,
            "return_commit_to_effect": latency_summary(hop(returned, returned_effects, back_window)),
            "cpu_cores": cpu,
            # Service CPU per event (µs): each service's cores at the rate the events were committed.
            "cpu_us_per_event": {n: round(cpu[n] / answer["requests_per_s"] * 1e6, 1) for n in (producer_name, consumer_name)
                                 if answer["requests_per_s"]},
            "round_trips_per_event": per_event,
        })
    steady = next(run for run in by_rate if run["target_per_s"] == rate)
    steady_latency = steady["commit_to_effect"]

    window_s = (end - start) / 1e6
    sat_pairs = hop(produced, effected, (start, end))
    effects_in_window = sum(1 for us in effected.values() if start <= us <= end)
    backlog = sum(1 for commit, effect in sat_pairs if effect > end)
    drain_s = max(0, max((effect for _, effect in sat_pairs), default=end) - end) / 1e6
    goal = scenario.get("goal_p99_ms")

    return {
        **common,
        "scenario": name,
        "description": scenario.get("description"),
        "producer": producer_name, "consumer": consumer_name, "event_type": scenario["event_type"],
        "settings": {"duration_s": args.duration, "warmup_s": args.warmup, "rate_per_s": rate, "rates_per_s": rates,
                     "steady_connections": 32, "saturation_connections": args.connections, "threads": args.threads,
                     "binaries": build_kind(args.bin_dir), **versions},
        "steady": steady,
        "steady_by_rate": by_rate,
        "goal": {"p99_ms": goal, "met": goal is not None and steady_latency.get("p99_ms", goal + 1) < goal},
        "saturation": {
            "window_s": round(window_s, 3),
            "create_case_per_s": round(saturated["requests"] / (saturated["duration_us"] / 1e6), 1),
            "events_committed_per_s": round(len(sat_pairs) / window_s, 1),
            "effects_per_s": round(effects_in_window / window_s, 1),
            "backlog_at_end": backlog,
            "drain_s": round(drain_s, 3),
            "commit_to_effect": latency_summary(sat_pairs),
            "cpu_cores": saturation_cpu,
        },
        # What the pair carried while the producer committed as fast as it could: effects per second in the
        # window, i.e. the lower of what the producer committed and what the relay and sink moved.
        "sustained_events_per_s": round(min(len(sat_pairs), effects_in_window) / window_s, 1),
    }
