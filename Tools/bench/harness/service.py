"""The service under test: its database provisioned and migrated by its own executable, a key set and a
token from the `aftersales` CLI, and the service itself on a free loopback port, ready when /readyz is."""

import base64
import hashlib
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from .commands import BenchError, run, say


def provision_database(binary, port, db, app_user, owner):
    """The service's database and roles, and its migrations, as `make run` sets them up."""
    db_env = dict(os.environ, DB_HOST="127.0.0.1", DB_PORT=str(port), DB_NAME=db, DB_USER=app_user,
                  DB_OWNER_USER=owner, LOG_LEVEL="warning")
    run([binary, "provision"], env=db_env)
    run([binary, "migrate"], env=db_env)


def generate_keys(cli, workdir):
    """A fresh key set in `workdir/keys` (the service trusts its jwks.json; tokens are signed with operator-1)."""
    keys = workdir / "keys"
    run([cli, "keys", "generate", "--out", keys])
    return keys


def issue_token(cli, keys, token_spec):
    """A token for the scenario's `token`: tenant, roles, subject, optionally merchant; valid for a day."""
    token_args = ["--key", keys / "operator-1.pem", "--roles", token_spec["roles"], "--subject", token_spec["subject"],
                  "--lifetime", "86400"]
    if token_spec.get("tenant"):
        token_args += ["--tenant", token_spec["tenant"]]
    if token_spec.get("merchant"):
        token_args += ["--merchant", token_spec["merchant"]]
    return run([cli, "token", *token_args]).stdout.strip()


def service_settings(port, db, app_user, keys):
    """The service's environment: the bench cluster as its own role, the key set, BENCH_DB_MAX_CONNECTIONS."""
    settings = {"DB_HOST": "127.0.0.1", "DB_PORT": str(port), "DB_NAME": db, "DB_USER": app_user,
                "AUTH_JWKS": (keys / "jwks.json").read_text(),
                # Page tokens are sealed with a key of the run's own.
                "PAGING_TOKEN_KEYS": base64.b64encode(hashlib.sha256(str(keys).encode()).digest()).decode(),
                # The service signs its own service tokens (event delivery) with the operator key here.
                "AUTH_SERVICE_KEY": (keys / "operator-1.pem").read_text(), "AUTH_SERVICE_KEY_ID": "operator-1"}
    pool = os.environ.get("BENCH_DB_MAX_CONNECTIONS")
    if pool:
        settings["DB_MAX_CONNECTIONS"] = pool
    return settings


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Service:
    # Settings of the parent environment that must not leak into the service under test.
    FOREIGN = re.compile(r"^(DB_|HTTP_|AUTH_|IDEMPOTENCY_|TEST_|TENANT_|SERVICES_|EVENTS_|DEPLOYMENT_|LOG_LEVEL$)")

    def __init__(self, binary, settings, workdir, log_name=None):
        self.binary = binary
        self.port = free_port()
        self.env = {k: v for k, v in os.environ.items() if not self.FOREIGN.match(k)}
        self.env.update(settings, HTTP_HOST="127.0.0.1", HTTP_PORT=str(self.port), LOG_LEVEL="warning")
        self.log_path = workdir / f"{log_name or Path(binary).name}.log"
        self.process = None

    def start(self, deadline_s=60):
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([self.binary, "serve"], env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + deadline_s
        url = f"http://127.0.0.1:{self.port}/readyz"
        while True:
            if self.process.poll() is not None:
                raise BenchError(f"{self.binary} serve exited {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(url, timeout=2) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise BenchError(f"{self.binary} was not ready at {url} within {deadline_s} s:\n{self.log_tail()}")
            time.sleep(0.05)

    def log_tail(self):
        try:
            return "".join(self.log_path.read_text(errors="replace").splitlines(True)[-30:])
        except OSError:
            return ""

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                say(f"{self.binary} ignored SIGTERM for 15 s; killing it")
                self.process.kill()
                self.process.wait()
        self.process = None


# The merchant the benchmark's cases name; Intake must know it (its read model of Dispatch's merchants).
BENCH_MERCHANT = "0190e3a0-0000-7000-8000-0000000000aa"


def provision_tenant(cli, keys, tenant, url, cluster, db, preset="computer_mall"):
    """The benchmark's tenant as a real one is before its clerks register cases: provisioned through
    Intake (settings and the preset's policy, version 1), and the merchant its cases name known to Intake."""
    run([cli, "tenant", "create", "--key", keys / "operator-1.pem", "--tenant", tenant, "--name", "bench", "--preset", preset,
         "--url", url])
    cluster.sql(
        "INSERT INTO merchant_directory (tenant_id, merchant_id, merchant_version, name, status, regions, updated_at) "
        f"VALUES ('{tenant}', '{BENCH_MERCHANT}', 1, '华强北数码', 'active', '{{}}', now()) ON CONFLICT DO NOTHING",
        db=db)


def case_body(order, purchase_date):
    """A complete CreateCase body (as request.lua writes it): a labelled mouse replaced new within warranty
    under the computer-mall policy (CM-25)."""
    return ('{"channel":"phone","customer":{"name":"张伟","phone":"138 0013 8000","address":"深圳市福田区华强北路 1002 号"},'
            '"orderNumber":"%s","pricePaid":{"currency":"CNY","amountMinor":14900},"productName":"罗技无线鼠标",'
            '"productModel":"G304","productCategory":"mouse","productBrand":"Logitech","quantity":1,"purchaseDate":"%s",'
            '"issueKind":"quality_issue","reason":"左键失灵，按下没有反应","requestedResolution":"replace_new",'
            '"merchantId":"%s","itemCondition":{"accessoriesComplete":true,"packagingIntact":true,"receiptPresent":true},'
            '"flags":["has_warranty_label"]}' % (order, purchase_date, BENCH_MERCHANT))
