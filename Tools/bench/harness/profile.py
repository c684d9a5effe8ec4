"""`make profile SCENARIO=…`: the scenario's measured run with `perf record -g` on the service process, and
its hottest frames — by self time and inclusive of callees — written beside the result, so a regression is
found in minutes (Tools/bench/README.md, "Profiling")."""

import os
import re
import shutil
import subprocess
from pathlib import Path

from .commands import BenchError, run, say


class Profiler:
    """perf attached to one process for a while; `report()` turns what it sampled into text."""

    def __init__(self, pid, seconds, workdir):
        if not shutil.which("perf"):
            raise BenchError("perf is not installed (Debian package linux-perf)")
        self.data = Path(workdir) / "perf.data"
        self.process = subprocess.Popen(
            ["perf", "record", "-g", "-F", "499", "-p", str(pid), "-o", str(self.data), "--", "sleep", str(seconds)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def wait(self):
        _, errors = self.process.communicate(timeout=600)
        if self.process.returncode != 0 or not self.data.exists():
            raise BenchError(f"perf record failed: {errors[-2000:]}")
        if os.environ.get("BENCH_PERF_DATA"):  # kept for `perf diff` against another build's recording
            shutil.copy(self.data, os.environ["BENCH_PERF_DATA"])

    def report(self, lines=80):
        sections = []
        for title, mode in (("self (where the CPU is spent)", "--no-children"), ("inclusive (with callees)", "--children")):
            text = run(["perf", "report", "-i", self.data, "--stdio", mode, "--sort", "symbol", "-g", "none",
                        "--percent-limit", "0.3"], check=False).stdout
            rows = [re.sub(r"\s+-\s+-\s*$", "", line).rstrip() for line in text.splitlines()
                    if line.strip() and not line.startswith("#")][:lines]
            sections.append(f"## {title}\n" + demangled("\n".join(rows)))
        return "\n\n".join(sections) + "\n"


def demangled(text):
    swift = shutil.which("swift-demangle") or "/opt/swift/usr/bin/swift-demangle"
    try:
        return subprocess.run([swift, "--simplified"], input=text, capture_output=True, text=True, timeout=60).stdout
    except OSError:
        return text
