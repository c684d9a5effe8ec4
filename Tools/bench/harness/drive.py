"""Driving the load: wrk against the service, pgbench against the database; their latency percentiles
and the CPU each side used meanwhile."""

import json
import math
import os
import re
import resource
import shutil
import time
from pathlib import Path

from .commands import BenchError, run, say

CLK_TCK = os.sysconf("SC_CLK_TCK")


def ensure_wrk():
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() != 0:
        raise BenchError("wrk is not installed and this is not root: install the Debian package `wrk` (apt-get install wrk)")
    say("installing wrk from Debian packages")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["apt-get", "update", "-qq"], env=env)
    run(["apt-get", "install", "-y", "-qq", "wrk"], env=env)
    if not shutil.which("wrk"):
        raise BenchError("apt-get installed wrk but it is not on PATH")
    return shutil.which("wrk")


def wrk_version(wrk):
    return (run([wrk, "--version"], check=False).stdout.splitlines() or [""])[0].split(" [")[0]


def run_wrk(wrk, script, url, threads, connections, seconds, env):
    result = run([wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "--latency", "-s", script, url],
                 env=env, timeout=seconds + 60)
    line = next((l for l in result.stdout.splitlines() if l.startswith("BENCH_JSON ")), None)
    if line is None:
        raise BenchError(f"wrk printed no BENCH_JSON line:\n{result.stdout}{result.stderr}")
    report = json.loads(line[len("BENCH_JSON "):])
    report["stderr"] = result.stderr
    return report


def check_wrk(report, phase):
    errors = report["errors"]
    if report["requests"] == 0:
        raise BenchError(f"{phase}: wrk completed no request\n{report['stderr']}")
    if any(errors.values()):
        raise BenchError(f"{phase}: the service answered errors, the run is meaningless: {errors} "
                         f"of {report['requests']} requests (status = non-2xx answers)\n{report['stderr']}")


def run_pgbench(pgbench, cluster, db, user, script_path, clients, threads, seconds, workdir):
    prefix = workdir / "pgbench-log"
    for old in workdir.glob("pgbench-log.*"):
        old.unlink()
    result = run([pgbench, "-h", "127.0.0.1", "-p", cluster.port, "-U", user, "-n", "-M", "simple",
                  "-c", clients, "-j", threads, "-T", seconds, "-D", "bench_n=0", "-f", script_path,
                  "--log", f"--log-prefix={prefix}", db], check=False, timeout=seconds + 120)
    output = result.stdout + result.stderr
    if result.returncode != 0:
        raise BenchError(f"pgbench exited {result.returncode} (a replayed statement failed?):\n{output[-4000:]}")
    tps = re.search(r"^tps = ([\d.]+) \(without initial connection time\)", output, re.M)
    failed = re.search(r"^number of failed transactions: (\d+)", output, re.M)
    if not tps:
        raise BenchError(f"no tps in pgbench's output:\n{output[-4000:]}")
    latencies, failures = [], 0
    for path in workdir.glob("pgbench-log.*"):
        with open(path) as f:
            for line in f:
                fields = line.split()
                if len(fields) >= 3:
                    if fields[2].isdigit():
                        latencies.append(int(fields[2]))
                    else:
                        failures += 1
    return {"tps": float(tps.group(1)), "failed": int(failed.group(1)) if failed else failures,
            "latencies_us": latencies, "output": output}


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    return sorted_values[max(0, math.ceil(p / 100 * len(sorted_values)) - 1)]


def ms(us):
    return None if us is None else round(us / 1000, 3)


# ---------------------------------------------------------------------------------------------- CPU accounting

def proc_stat(pid):
    """(ppid, utime+stime, cutime+cstime) in seconds, or None when the process is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2:].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / CLK_TCK, (int(fields[13]) + int(fields[14])) / CLK_TCK


def postgres_cpu(postmaster):
    """CPU seconds of the whole cluster so far: the postmaster, the children it reaped, its live children."""
    own = proc_stat(postmaster)
    if own is None:
        return 0.0
    total = own[1] + own[2]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = proc_stat(int(entry))
            if stat and stat[0] == postmaster:
                total += stat[1]
    return total


def process_cpu(pid):
    stat = proc_stat(pid)
    return stat[1] if stat else 0.0


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class CpuMeter:
    """CPU cores used from its creation to `cores()`: the whole cluster, the service, and the harness's
    reaped children (wrk or pgbench, whichever ran meanwhile)."""

    def __init__(self, cluster, service_pid=None):
        self.postmaster = cluster.postmaster_pid()
        self.service_pid = service_pid
        self.start = self.sample()
        self.t0 = time.monotonic()

    def sample(self):
        return (postgres_cpu(self.postmaster), process_cpu(self.service_pid) if self.service_pid else 0.0, children_cpu())

    def cores(self, load_generator):
        end = self.sample()
        elapsed = time.monotonic() - self.t0
        cores = {"postgres": round((end[0] - self.start[0]) / elapsed, 2), load_generator: round((end[2] - self.start[2]) / elapsed, 2)}
        if self.service_pid:
            cores["service"] = round((end[1] - self.start[1]) / elapsed, 2)
        return cores
