"""A partner's webhook receiver on 127.0.0.1, for the system tests: every delivery is verified with PyPI's
independent `standardwebhooks` library against the secrets the test gave it, and recorded.

Usage: webhook_receiver.py PORT. Control (JSON): POST /control {"mode": "up"|"down"|"slow"|"huge"|"redirect",
"secrets": ["whsec_…"]}; GET /received → {"accepted": [...], "unverified": [...], "attempts": n};
GET /readyz → 200. Any other POST is a delivery:
- up: verified (any secret) → 200 and recorded as accepted; not verified → 400, recorded as unverified;
- down: 503; slow: 200 after 5 s; huge: 200 with an 8 MiB body; redirect: 302 to /elsewhere.
"""

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook, WebhookVerificationError

STATE = {"mode": "up", "secrets": [], "accepted": [], "unverified": [], "attempts": 0}
LOCK = threading.Lock()


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self):
        if self.path == "/readyz":
            return self.answer(200, b"ok")
        if self.path == "/received":
            with LOCK:
                body = json.dumps({k: STATE[k] for k in ("accepted", "unverified", "attempts")}).encode()
            return self.answer(200, body, [("Content-Type", "application/json")])
        return self.answer(404)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/control":
            with LOCK:
                STATE.update(json.loads(body))
            return self.answer(200, b"{}")
        with LOCK:
            STATE["attempts"] += 1
            mode, secrets = STATE["mode"], list(STATE["secrets"])
        if mode == "down":
            return self.answer(503, b"down for maintenance")
        if mode == "redirect":
            return self.answer(302, b"", [("Location", "http://127.0.0.1:9/elsewhere")])
        if mode == "slow":
            time.sleep(5)
            return self.answer(200, b"late")
        if mode == "huge":
            chunk = b"x" * 65536
            self.send_response(200)
            self.send_header("Content-Length", str(len(chunk) * 128))
            self.end_headers()
            try:
                for _ in range(128):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        headers = {k.lower(): v for k, v in self.headers.items()}
        record = {"id": headers.get("webhook-id"), "signatures": len(headers.get("webhook-signature", "").split(" "))}
        verified_with = None
        for index, secret in enumerate(secrets):
            try:
                envelope = Webhook(secret).verify(body, headers)
                verified_with = index
                record.update({"type": envelope["type"], "subject": envelope["subject"]["id"], "secret": index,
                               "timestamp": int(headers["webhook-timestamp"])})
                break
            except WebhookVerificationError:
                continue
        with LOCK:
            if verified_with is None:
                STATE["unverified"].append(record)
            else:
                STATE["accepted"].append(record)
        self.answer(200 if verified_with is not None else 400, b'{"received": true}')


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Receiver)
    server.daemon_threads = True
    print("listening", flush=True)
    server.serve_forever()
