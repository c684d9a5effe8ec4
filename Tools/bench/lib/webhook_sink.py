"""A partner's webhook receiver for the webhooks scenario: answers every POST 204 at once and records when
each `webhook-id` arrived (µs since the epoch, this machine's wall clock — the clock PostgreSQL's commit
timestamps use). GET /receipts → [[id, µs], …]; GET /readyz → 200. Usage: webhook_sink.py PORT."""

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RECEIPTS = []
LOCK = threading.Lock()


class Sink(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        at = time.time_ns() // 1000
        with LOCK:
            RECEIPTS.append((self.headers.get("webhook-id"), at))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        if self.path == "/receipts":
            with LOCK:
                body = json.dumps(RECEIPTS).encode()
        else:
            body = b"ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink)
    server.daemon_threads = True
    server.serve_forever()
