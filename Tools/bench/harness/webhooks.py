"""The webhooks scenario: commit-to-receipt latency of merchant webhooks, next to the relay's own
commit-to-inbox figure, and the events per second Notifications delivers (Tools/bench/README.md, "The
webhooks scenario").

Intake, Dispatch and Notifications run as in production, each on its own database in one cluster with
`track_commit_timestamp = on`; a webhook endpoint of the benchmark's merchant points at a local receiver
(`lib/webhook_sink.py`, a process of its own) that records when each `webhook-id` arrived. Every CreateCase
commits `case.registered` naming the merchant; Intake's relay delivers it to Notifications, whose sink
queues the delivery in the inbox's transaction; the delivery worker signs and POSTs it. "Commit" is the
outbox row's commit timestamp at Intake, "receipt" the receiver's wall clock (the same machine's clock);
the relay's figure is the commit of Notifications' inbox row. The webhook-id is the event's id.

Notifications runs in test mode here: only test mode delivers to a loopback address (production refuses
private hosts), and its business clock (frozen in test mode) plays no part in a delivery that succeeds.
"""

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .cluster import Cluster
from .commands import BenchError, say
from .drive import ms, percentile
from .events import PairMeter, commits, db_clock_us, latency_summary, steady_requests
from .open_loop import drive_steady
from .paths import BENCH_DIR
from .run_info import build_kind
from .service import Service, free_port, generate_keys, issue_token, provision_database, provision_tenant, service_settings

DELIVERIES_SQL = "SELECT count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'dead'), count(*) FROM webhook_deliveries"


class Sink:
    """The receiver process (with a `.process` for PairMeter's CPU figures)."""

    def __init__(self, workdir):
        self.port = free_port()
        self.log = open(workdir / "webhook-sink.log", "w")
        self.process = subprocess.Popen([sys.executable, str(BENCH_DIR / "lib" / "webhook_sink.py"), str(self.port)],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/readyz", timeout=2):
                    return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise BenchError("the webhook receiver did not start")
                time.sleep(0.05)

    def receipts(self):
        """First arrival (µs) of each webhook-id, and how many arrivals were repeats."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/receipts", timeout=30) as answer:
            rows = json.loads(answer.read())
        first, repeats = {}, 0
        for webhook_id, us in rows:
            if webhook_id in first:
                repeats += 1
            else:
                first[webhook_id] = us
        return first, repeats

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.log.close()


def post_json(port, path, body, token):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def wait_delivered(cluster, sink, event_type, deadline_s):
    """Until the receiver has every committed event of `event_type` and nothing is pending; a dead letter fails."""
    deadline = time.monotonic() + deadline_s
    while True:
        committed = int(cluster.sql(f"SELECT count(*) FROM outbox_events WHERE type = '{event_type}'", db="intake"))
        pending, dead, _ = (int(n) for n in cluster.sql(DELIVERIES_SQL, db="notifications").split("|"))
        if dead:
            raise BenchError(f"{dead} webhook deliveries became dead letters; see notifications.log (BENCH_KEEP=1)")
        received, _ = sink.receipts()
        if len(received) >= committed and pending == 0:
            return
        if time.monotonic() > deadline:
            relay = cluster.sql("SELECT status, count(*) FROM event_deliveries WHERE subscriber = 'notifications' GROUP BY status",
                                db="intake").replace("\n", ", ")
            queued = cluster.sql(DELIVERIES_SQL, db="notifications").split("|")[2]
            raise BenchError(f"after {deadline_s} s the receiver has {len(received)} of {committed} events ({pending} pending, "
                             f"{queued} queued at Notifications; Intake → Notifications deliveries: {relay})")
        time.sleep(0.2)


def hop(produced, arrived, window):
    """(commit, arrival) of the events committed inside the window; every one must have arrived."""
    start, end = window
    chosen = {event_id: us for event_id, us in produced.items() if start <= us <= end}
    missing = [event_id for event_id in chosen if event_id not in arrived]
    if missing:
        raise BenchError(f"{len(missing)} committed events never reached the receiver, e.g. {missing[:3]}")
    return [(us, arrived[event_id]) for event_id, us in chosen.items()]


def run_webhooks(name, scenario, args, common):
    producer_name, names = scenario["producer"], scenario["services"]
    rate = int(os.environ.get("BENCH_EVENT_RATE") or scenario["rate_per_s"])
    rates = sorted({rate, *([] if os.environ.get("BENCH_EVENT_RATE") else scenario.get("also_rates_per_s", []))})
    bins = {n: Path(args.bin_dir) / n for n in [*names, "aftersales"]}
    for exe in bins.values():
        if not os.access(exe, os.X_OK):
            raise BenchError(f"{exe} is missing: build it (make bench builds the release products)")
    workdir = Path(args.workdir) / name
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    cluster = Cluster(args.pgroot, str(args.pgport), args.pgbin, extra_settings={"track_commit_timestamp": "on"})
    services, sink = {}, None
    try:
        say(f"{name}: fresh cluster on 127.0.0.1:{args.pgport} with track_commit_timestamp")
        cluster.fresh()
        versions = {"postgres": cluster.sql("SHOW server_version")}
        for service_name in names:
            provision_database(bins[service_name], args.pgport, service_name, f"{service_name}_app", f"{service_name}_owner")
        keys = generate_keys(bins["aftersales"], workdir)
        token = issue_token(bins["aftersales"], keys, scenario["token"])
        # The merchant registers its own endpoint (staff would need it in Notifications' merchant directory first).
        merchant = issue_token(bins["aftersales"], keys, scenario["merchant_token"])
        for service_name in names:
            services[service_name] = Service(str(bins[service_name]),
                                             service_settings(args.pgport, service_name, f"{service_name}_app", keys), workdir)
        for me in names:
            for peer in names:
                if peer != me:
                    services[me].env[f"SERVICES_{peer.upper()}_URL"] = f"http://127.0.0.1:{services[peer].port}"
        services["notifications"].env["TEST_MODE"] = "true"
        for service_name, service in services.items():
            say(f"{name}: {service_name} serve on 127.0.0.1:{service.port}")
            service.start()
        sink = Sink(workdir)
        producer = services[producer_name]
        provision_tenant(bins["aftersales"], keys, scenario["token"]["tenant"], f"http://127.0.0.1:{producer.port}", cluster,
                         producer_name)
        endpoint = post_json(services["notifications"].port,
                             "/aftersales.notifications.v1.NotificationsService/CreateWebhookEndpoint",
                             {"url": f"http://127.0.0.1:{sink.port}/hooks", "eventTypes": [scenario["event_type"]]}, merchant)
        say(f"{name}: webhook endpoint {endpoint['webhookEndpointId']} → the receiver on 127.0.0.1:{sink.port}")
        quiet_s = max(60, 3 * args.duration)
        meter_targets = {**services, "receiver": sink}

        say(f"{name}: warm-up {args.warmup} s at {rate} CreateCase/s")
        headers, body = steady_requests(token, 1)
        drive_steady(producer.port, scenario["path"], headers, body, rate, args.warmup)
        wait_delivered(cluster, sink, scenario["event_type"], quiet_s)

        steady_runs = {}
        for phase, each_rate in enumerate(rates, start=5):
            say(f"{name}: measuring {args.duration} s at a steady {each_rate} CreateCase/s (one webhook each)")
            headers, body = steady_requests(token, phase)
            start = db_clock_us(cluster)
            meter = PairMeter(cluster, meter_targets)
            answer = drive_steady(producer.port, scenario["path"], headers, body, each_rate, args.duration)
            cpu = meter.cores()
            end = db_clock_us(cluster)
            if answer["non_2xx"] or answer["requests"] == 0:
                raise BenchError(f"steady run at {each_rate}/s: answers {answer['statuses']}")
            wait_delivered(cluster, sink, scenario["event_type"], quiet_s)
            steady_runs[each_rate] = (answer, (start, end), cpu)

        burst_rate, burst_s = scenario["burst_per_s"], scenario["burst_s"]
        say(f"{name}: a burst of {burst_s} s at {burst_rate} CreateCase/s, then until every webhook arrived")
        headers, body = steady_requests(token, 9)
        burst_start = db_clock_us(cluster)
        meter = PairMeter(cluster, meter_targets)
        burst_answer = drive_steady(producer.port, scenario["path"], headers, body, burst_rate, burst_s)
        burst_end = db_clock_us(cluster)
        wait_delivered(cluster, sink, scenario["event_type"], quiet_s)
        burst_cpu = meter.cores()

        produced = commits(cluster, producer_name, "outbox", scenario["event_type"])
        relayed = commits(cluster, "notifications", "inbox", scenario["event_type"])
        arrived, repeats = sink.receipts()
    finally:
        for service in services.values():
            service.stop()
        if sink:
            sink.stop()
        cluster.down()

    by_rate = []
    for each_rate, (answer, window, cpu) in steady_runs.items():
        pairs = hop(produced, arrived, window)
        by_rate.append({
            "target_per_s": each_rate,
            "create_case": {k: v for k, v in answer.items() if k not in ("p50_us", "p99_us", "max_us")}
                           | {"p50_ms": ms(answer["p50_us"]), "p99_ms": ms(answer["p99_us"])},
            "commit_to_receipt": latency_summary(pairs),
            "relay_commit_to_inbox": latency_summary(hop(produced, relayed, window)),
            "cpu_cores": cpu,
            "cpu_us_per_webhook": {n: round(cpu[n] / answer["requests_per_s"] * 1e6, 1) for n in (*names, "receiver")
                                   if answer["requests_per_s"]},
        })
    burst_pairs = hop(produced, arrived, (burst_start, burst_end))
    first_commit = min(commit for commit, _ in burst_pairs)
    last_arrival = max(arrival for _, arrival in burst_pairs)
    delivered_per_s = len(burst_pairs) / ((last_arrival - first_commit) / 1e6)
    steady = next(run for run in by_rate if run["target_per_s"] == rate)
    goal = scenario.get("goal_p99_ms")
    return {
        **common,
        "scenario": name,
        "description": scenario.get("description"),
        "services": names, "event_type": scenario["event_type"],
        "settings": {"duration_s": args.duration, "warmup_s": args.warmup, "rate_per_s": rate, "rates_per_s": rates,
                     "burst_per_s": burst_rate, "burst_s": burst_s, "steady_connections": 32,
                     "binaries": build_kind(args.bin_dir), **versions},
        "steady": steady,
        "steady_by_rate": by_rate,
        "goal": {"p99_ms": goal, "met": goal is not None and steady["commit_to_receipt"].get("p99_ms", goal + 1) < goal},
        "burst": {
            "create_case_per_s": burst_answer["requests_per_s"],
            "events": len(burst_pairs),
            "webhooks_delivered_per_s": round(delivered_per_s, 1),
            "drain_after_burst_s": round(max(0, last_arrival - burst_end) / 1e6, 3),
            "commit_to_receipt": latency_summary(burst_pairs),
            "cpu_cores": burst_cpu,
        },
        "repeated_arrivals": repeats,
    }
