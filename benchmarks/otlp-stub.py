#!/usr/bin/env python3
"""A collector stub for benchmarks: accepts OTLP/HTTP posts (/v1/traces, /v1/metrics, /v1/logs), reads and discards
them, and answers 200 with an empty protobuf body (an empty Export*ServiceResponse: everything accepted). It lets
benchmarks/run.sh measure the service with OTEL_EXPORTER_OTLP_ENDPOINT set (OTLP=1) without a real collector's cost or
its variance: the service pays for building and sending its telemetry, nobody for storing it.

    python3 benchmarks/otlp-stub.py --port 4318 [--counts FILE]

Loopback only. With --counts, the number of posts and bytes per path is written to FILE when the stub is stopped
(SIGTERM or SIGINT), so a run can show that telemetry did arrive. Standard library only.
"""

import argparse
import http.server
import json
import signal
import sys
import threading

MAX_BODY_BYTES = 64 * 1024 * 1024  # far above an exporter's batch; a bound, not a limit expected to bind


class Counts:
    def __init__(self):
        self.lock = threading.Lock()
        self.by_path = {}

    def add(self, path, size):
        with self.lock:
            posts, total = self.by_path.get(path, (0, 0))
            self.by_path[path] = (posts + 1, total + size)

    def snapshot(self):
        with self.lock:
            return {path: {"posts": posts, "bytes": size} for path, (posts, size) in sorted(self.by_path.items())}


COUNTS = Counts()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the exporter reuses its connection, as with a real collector

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0 or length > MAX_BODY_BYTES:
            self.send_error(413)
            return
        remaining = length
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 1 << 16))
            if not chunk:
                break
            remaining -= len(chunk)
        COUNTS.add(self.path, length)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        # A readiness probe for run.sh.
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass  # one line per export would cost more than the export


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--counts", help="file the per-path counts are written to on exit")
    args = parser.parse_args()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True

    def stop(*_):
        if args.counts:
            with open(args.counts, "w", encoding="utf-8") as out:
                json.dump(COUNTS.snapshot(), out)
        # shutdown() waits for serve_forever, which runs on this thread: do it from another.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
