"""What a result file records about the run's circumstances: the checkout's commit, the machine, the build."""

import os
import platform
import re
from pathlib import Path

from .commands import run
from .paths import ROOT


def git_state():
    commit = run(["git", "-C", ROOT, "rev-parse", "HEAD"], check=False).stdout.strip() or None
    status = run(["git", "--no-optional-locks", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"], check=False)
    return {"commit": commit, "dirty": bool(status.stdout.strip())}


def machine():
    model = None
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
    return {"nproc": len(os.sched_getaffinity(0)), "cpu_model": model,
            "memory_gib": round(int(mem.group(1)) / 2**20, 1) if mem else None, "kernel": platform.release()}


def build_kind(bin_dir):
    parts = Path(bin_dir).resolve().parts
    return "release" if "release" in parts else "debug" if "debug" in parts else "unknown"
