"""The bench PostgreSQL cluster: a throwaway one per scenario, with pg_stat_statements and a csv log; psql helpers."""

import csv
import json
import os
import shutil
import time
from pathlib import Path

from .commands import BenchError, run, say
from .paths import PG_CLUSTER


def pg_tool(pgbin, name):
    for candidate in (Path(pgbin) / name, shutil.which(name)):
        if candidate and Path(candidate).exists():
            return str(candidate)
    raise BenchError(f"{name} not found in {pgbin} or on PATH (Debian package postgresql-client-15)")

class Cluster:
    """A throwaway cluster for one scenario: pg-cluster.sh's, restarted once with pg_stat_statements and csvlog
    (and a scenario's own settings that need a restart, e.g. track_commit_timestamp)."""

    SETTINGS = {
        "shared_preload_libraries": "pg_stat_statements",
        "logging_collector": "on",
        "log_destination": "csvlog",
        "log_directory": "log",
        "log_filename": "bench.log",  # csvlog writes bench.csv
        "log_rotation_size": "0",
        "log_rotation_age": "0",
    }

    def __init__(self, root, port, pgbin, extra_settings=None):
        self.root = Path(root)
        self.settings = {**self.SETTINGS, **(extra_settings or {})}
        self.port = port
        self.pgbin = pgbin
        self.psql = pg_tool(pgbin, "psql")
        self.csv_log = self.root / "data" / "log" / "bench.csv"
        self.started = False

    def cluster(self, *args):
        run([PG_CLUSTER, *args], env=dict(os.environ, PGBIN=self.pgbin))

    def fresh(self):
        self.started = True
        self.cluster("fresh", self.root, self.port)
        settings = dict(self.settings)
        if os.environ.get("BENCH_EXPLAIN_MS"):
            settings["shared_preload_libraries"] += ",auto_explain"
        for name, value in settings.items():
            # A list setting is written as a list: 'a', 'b' (one quoted string would be one library's name).
            quoted = ", ".join(f"'{item}'" for item in value.split(",")) if name == "shared_preload_libraries" else f"'{value}'"
            self.sql(f"ALTER SYSTEM SET {name} = {quoted}")
        self.cluster("down", self.root)
        self.cluster("up", self.root, self.port)
        if "pg_stat_statements" not in self.sql("SHOW shared_preload_libraries").split(", "):
            raise BenchError("the bench cluster did not load pg_stat_statements")
        # BENCH_EXPLAIN_MS=<ms>: every statement slower than that is logged with its plan (auto_explain).
        if os.environ.get("BENCH_EXPLAIN_MS"):
            for name, value in {"auto_explain.log_min_duration": os.environ["BENCH_EXPLAIN_MS"], "auto_explain.log_analyze": "on",
                                "auto_explain.log_buffers": "on", "auto_explain.log_nested_statements": "on"}.items():
                self.sql(f"ALTER SYSTEM SET {name} = '{value}'")
            self.sql("SELECT pg_reload_conf()")

    def keep(self):
        """A cluster whose data is kept between runs (a large seed): started if it is not, initialised if it
        does not exist, given the bench settings once; ``stop`` leaves its data."""
        self.kept = True
        self.cluster("up", self.root, self.port)
        if "pg_stat_statements" not in self.sql("SHOW shared_preload_libraries").split(", "):
            for name, value in self.settings.items():
                quoted = ", ".join(f"'{item}'" for item in value.split(",")) if name == "shared_preload_libraries" else f"'{value}'"
                self.sql(f"ALTER SYSTEM SET {name} = {quoted}")
            self.cluster("down", self.root)
            self.cluster("up", self.root, self.port)

    def stop(self):
        """Stops a kept cluster, its data left for the next run."""
        try:
            self.cluster("down", self.root)
        except BenchError as error:
            say(f"stopping the kept cluster: {error}")

    def sql(self, query, db="postgres", user="postgres"):
        result = run([self.psql, "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", self.port,
                      "-U", user, "-d", db, "-c", query])
        return result.stdout.strip()

    def sql_file(self, path, db, variables):
        run([self.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", *[f"-v{k}={v}" for k, v in variables.items()],
             "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "-d", db, "-f", path])

    def sql_json(self, query, db="postgres"):
        return json.loads(self.sql(f"SELECT coalesce(json_agg(t), '[]') FROM ({query}) t", db=db))

    def statement_logging(self, on):
        """Turns log_statement=all on or off for every session, the service's pooled ones included: a
        backend rereads the configuration before its next command once the postmaster has."""
        if on:
            self.sql("ALTER SYSTEM SET log_statement = 'all'")
        else:
            self.sql("ALTER SYSTEM RESET log_statement")
        self.sql("SELECT pg_reload_conf()")
        want = "all" if on else "none"
        deadline = time.monotonic() + 10
        while self.sql("SHOW log_statement") != want:
            if time.monotonic() > deadline:
                raise BenchError(f"log_statement did not become {want} after a reload")
            time.sleep(0.02)

    def log_size(self):
        return self.csv_log.stat().st_size if self.csv_log.exists() else 0

    def log_rows(self, offset):
        with open(self.csv_log, newline="", encoding="utf-8", errors="replace") as f:
            f.seek(offset)
            yield from csv.reader(f)

    def postmaster_pid(self):
        return int((self.root / "data" / "postmaster.pid").read_text().split("\n", 1)[0])

    def down(self):
        # BENCH_KEEP_CLUSTER=1 leaves the cluster running with the run's data, to look into (EXPLAIN) after it.
        if os.environ.get("BENCH_KEEP_CLUSTER") == "1":
            say(f"keeping the cluster on 127.0.0.1:{self.port} ({self.root}); stop it with Tools/dev/pg-cluster.sh down {self.root}")
            return
        if not self.started:
            return
        try:
            self.cluster("down", self.root)
        except BenchError as error:
            say(f"stopping the bench cluster: {error}")
        shutil.rmtree(self.root, ignore_errors=True)
        self.started = False
