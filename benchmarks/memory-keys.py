#!/usr/bin/env python3
"""What each Redis key around one live verification costs (issue 27), for benchmarks/memory.sh.

From an emptied database: COUNT standard sends (new user id of 21 characters and new number each, purpose login, no
locale), then the keys by kind with MEMORY USAGE (SAMPLES 0, exact); then the same with an Idempotency-Key on each send;
then one wrong-code verify of each verification (with an Idempotency-Key on half of them). A key kind shared by every send
(per client, per country, per prefix, per IP) is charged to each send by its share: its total ÷ the sends. Prints markdown.

    SECUREOTP_API_KEY=$KEY memory-keys.py --url-port $API_PORT --redis-port $REDIS_PORT --count 2000

Loopback only; nothing secret is printed (key names carry tags and hashes only, and only their kind is shown).
"""

import argparse
import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

KINDS = [  # (pattern on the key name, kind shown, what it is)
    (r"^so:\{[^}]+\}:r:", "record `{u}:r:<purpose>`", "the live verification (hash)"),
    (r"^so:\{[^}]+\}:dl:", "delivery `{u}:dl:<idh>`", "the text's delivery state (hash)"),
    (r"^so:\{m:", "message link `{m:<hash>}`", "provider message id → text (string)"),
    (r"^so:\{[^}]+\}:vf$", "failed verifies `{u}:vf`", "NIST cap, 24 h sliding (sorted set)"),
    (r"^so:\{[^}]+\}:vi:", "verify Idempotency-Key `{u}:vi:<hash>`", "first answer of a verify (hash)"),
    (r"^so:\{i:", "send Idempotency-Key `{i:<hash>}`", "first answer of a send (hash)"),
    (r"^so:\{l:([a-z0-9]+)[:}].*\}:u$", "limit given back `{l:%s:…}:u`", "a counter's given-back requests (set)"),
    (r"^so:\{l:([a-z0-9]+b)[:}]", "limit `{l:%s:…}`", "bucketed sliding counter (hash)"),
    (r"^so:\{l:([a-z0-9]+)[:}]", "limit `{l:%s:…}`", "sliding-window log (sorted set)"),
    (r"^so:\{rt:|^so:rt:", "route figures `rt:…`", "per country and provider (hash/set)"),
]
OWN = {"rc", "rcp", "ph1h", "ph1d", "us1h"}  # one key per send's number or user (before issue 27 all five, since: ph1d, us1h)


def kind_of(key):
    for pattern, name, what in KINDS:
        m = re.match(pattern, key)
        if m:
            return (name % m.group(1) if "%s" in name else name), what
    return "other `" + re.sub(r"[A-Za-z0-9_-]{12,}", "…", key) + "`", ""


class Redis:
    def __init__(self, port):
        self.port = str(port)

    def run(self, *commands):
        text = "".join(" ".join(c) + "\n" for c in commands)
        done = subprocess.run(["redis-cli", "-p", self.port], input=text, capture_output=True, text=True, check=True)
        return done.stdout.splitlines()

    def used(self):
        return int(next(l for l in self.run(("INFO", "memory")) if l.startswith("used_memory:")).split(":")[1])

    def keys(self):
        done = subprocess.run(["redis-cli", "-p", self.port, "--scan"], capture_output=True, text=True, check=True)
        return done.stdout.split()

    def usage(self, keys):
        # A key can expire or be deleted between the scan and MEMORY USAGE (redis-cli then prints an empty line): left out.
        answers = self.run(*(("MEMORY", "USAGE", k, "SAMPLES", "0") for k in keys))
        return {k: int(v) for k, v in zip(keys, answers) if v.strip()}


def post(url, path, body, key, idempotency=None):
    local = post.local
    if not hasattr(local, "c"):
        local.c = http.client.HTTPConnection("127.0.0.1", url, timeout=30)
    headers = {"Content-Type": "application/json", "X-Api-Key": key}
    if idempotency:
        headers["Idempotency-Key"] = idempotency
    local.c.request("POST", path, json.dumps(body), headers)
    answer = local.c.getresponse()
    return answer.status, answer.read()


post.local = threading.local()


def sends(port, key, count, series, idempotent):
    def one(n):
        body = {"userId": f"mem-{series}-{n:012d}"[:21], "phoneNumber": f"+1555{series:03d}{n:08d}", "purpose": "login"}
        status, payload = post(port, "/otp/send", body, key, secrets.token_hex(16) if idempotent else None)
        return (json.loads(payload)["verificationId"], body["userId"]) if status == 202 else status
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(one, range(count)))
    failed = [r for r in results if not isinstance(r, tuple)]
    if failed:
        sys.exit(f"{len(failed)} sends not answered 202: {sorted(set(failed))}")
    return results


def table(redis, keys, sends_count, title):
    usage = redis.usage(keys)
    rows = {}
    for k, size in usage.items():
        name, what = kind_of(k)
        row = rows.setdefault(name, {"what": what, "keys": 0, "bytes": 0})
        row["keys"] += 1
        row["bytes"] += size
    out = [f"#### {title}", "", "| key kind | what | keys | MEMORY USAGE per key (mean) | bytes per verification |",
           "|---|---|---:|---:|---:|"]
    total = 0
    for name, row in sorted(rows.items(), key=lambda r: -r[1]["bytes"]):
        per = row["bytes"] / sends_count
        total += per
        out.append(f"| {name} | {row['what']} | {row['keys']:,} | {row['bytes'] / row['keys']:,.0f} | {per:,.0f} |")
    out.append(f"| **sum of MEMORY USAGE** | | {len(keys):,} | | **{total:,.0f}** |")
    return out, total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url-port", type=int, required=True, help="the service's loopback port")
    parser.add_argument("--redis-port", type=int, required=True)
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args()
    if not 1 <= args.count <= 200_000:
        parser.error("--count must be 1-200000")
    key = os.environ.get("SECUREOTP_API_KEY") or parser.error("set SECUREOTP_API_KEY")
    redis = Redis(args.redis_port)
    out = []

    redis.run(("FLUSHALL",))
    before = redis.used()
    sends(args.url_port, key, args.count, 101, idempotent=False)
    after = redis.used()
    lines, total = table(redis, redis.keys(), args.count, f"After {args.count:,} standard sends (no Idempotency-Key)")
    out += lines + ["", f"All-in: used_memory +{after - before:,} B = **{(after - before) / args.count:,.0f} B per live "
                        f"verification** (MEMORY USAGE sum {total:,.0f} B; the rest is Redis's own per-key overhead: the main "
                        "dictionary's entries and the expires dictionary)", ""]

    redis.run(("FLUSHALL",))
    before = redis.used()
    verifications = sends(args.url_port, key, args.count, 102, idempotent=True)
    after_send = redis.used()
    lines, _ = table(redis, redis.keys(), args.count, f"After {args.count:,} sends each with an Idempotency-Key")
    out += lines + ["", f"All-in: **{(after_send - before) / args.count:,.0f} B per live verification**", ""]

    def wrong(n):
        vid, user = verifications[n]
        status, _ = post(args.url_port, "/otp/verify", {"verificationId": vid, "code": "000000", "userId": user}, key,
                         secrets.token_hex(16) if n % 2 else None)
        return status
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(wrong, range(args.count)))
    after_verify = redis.used()
    lines, _ = table(redis, redis.keys(), args.count,
                     f"Then one wrong-code verify of each (every other one with an Idempotency-Key; answers {sorted(set(statuses))})")
    out += lines + ["", f"All-in: **{(after_verify - before) / args.count:,.0f} B per live verification** "
                        f"(+{(after_verify - after_send) / args.count:,.0f} B for one wrong verify)"]
    print("\n".join(out))


if __name__ == "__main__":
    main()
