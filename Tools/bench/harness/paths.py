"""Where the harness finds the checkout, its scenarios and the cluster script."""

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
BENCH_DIR = ROOT / "Tools" / "bench"
SCENARIOS = BENCH_DIR / "scenarios"
PG_CLUSTER = ROOT / "Tools" / "dev" / "pg-cluster.sh"
CHECKOUT_ID = hashlib.md5(f"{ROOT}\n".encode()).hexdigest()[:8]  # as the Makefile's `echo $(CURDIR) | md5sum`
