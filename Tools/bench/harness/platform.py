"""Services started together, as in production: each with its own database in the bench cluster, each
named as the others' subscriber (`services.<name>.url`), so relays deliver and sinks apply for real."""

import os
import time

from .commands import BenchError, say
from .drive import postgres_cpu, process_cpu
from .service import Service, case_body, provision_database, service_settings

# Settings of the services that make the run comparable between builds: the events each relay posts at once.
PEERS = "SERVICES_{}_URL"


def start_services(bins, names, keys, workdir, pgport, db_suffix="", label=""):
    """Provisions, migrates and starts `names` (databases `<name><db_suffix>`), each pointing at the others;
    returns them by name, started (ready)."""
    services = {}
    for name in names:
        provision_database(bins[name], pgport, name + db_suffix, f"{name}_app", f"{name}_owner")
    for name in names:
        services[name] = Service(str(bins[name]), service_settings(pgport, name + db_suffix, f"{name}_app", keys), workdir,
                                 log_name=f"{name}{db_suffix}")
    for me in names:
        for peer in names:
            if peer != me:
                services[me].env[PEERS.format(peer.upper())] = f"http://127.0.0.1:{services[peer].port}"
    try:
        for name, service in services.items():
            say(f"{label or name}: {name} serve on 127.0.0.1:{service.port}")
            service.start()
    except BenchError:
        stop_services(services)
        raise
    return services


def stop_services(services):
    for service in services.values():
        service.stop()


class ProcessMeter:
    """CPU cores used meanwhile by each named service process and the whole cluster."""

    def __init__(self, cluster, services):
        self.postmaster, self.services = cluster.postmaster_pid(), services
        self.start, self.t0 = self.sample(), time.monotonic()

    def sample(self):
        return {"postgres": postgres_cpu(self.postmaster),
                **{name: process_cpu(service.process.pid) for name, service in self.services.items()}}

    def cores(self):
        end, elapsed = self.sample(), time.monotonic() - self.t0
        return {k: round((end[k] - self.start[k]) / elapsed, 3) for k in end}


def cpu_us_per_request(cores, requests_per_s):
    """Service CPU per request (µs) from the cores it used at a rate: the steadiest figure on a shared machine."""
    return round(cores / requests_per_s * 1e6, 1) if requests_per_s else None


def case_requests(token, phase, keyed=True):
    """Headers and body of the i-th CreateCase of a phase: its own order number and, keyed, its own
    Idempotency-Key (as request.lua writes them)."""
    purchase_date = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 7 * 86400))

    def headers(i):
        answer = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        if keyed:
            answer["Idempotency-Key"] = "be0d%04x-0000-4000-8000-%012x" % (phase, i)
        return answer

    def body(i):
        return case_body("OL-%d-%09d" % (phase, i), purchase_date)
    return headers, body


def round_trips(statements, requests):
    """Statements the role ran per request (every statement is one round trip: nothing is pipelined)."""
    return round(sum(s["calls"] for s in statements) / requests, 2) if requests else None


def baseline_bin_dir():
    """`BENCH_BASELINE_BIN_DIR`: release binaries of an earlier commit, measured in the same run."""
    path = os.environ.get("BENCH_BASELINE_BIN_DIR")
    return path or None
