#!/usr/bin/env python3
"""Creates live verifications for verify-wrong.lua: POST /otp/send for N new users and numbers, and writes one
"verificationId userId" line per 202 answer. The API key comes from SECUREOTP_API_KEY so it does not show in `ps`.

    SECUREOTP_API_KEY=$KEY python3 benchmarks/wrk/prepare-verifications.py \
        --url http://127.0.0.1:$API_PORT --count 2000 --out /tmp/wrk-pool.txt

With --provider-url (the fake Vonage server, for verify-right.lua) it empties the fake's inbox first, reads every text
once at the end and writes "verificationId userId code" lines: the right code, as a user reads it. That file is for a
benchmark against the fake only; keep it in a temporary folder (benchmarks/wrk/compare.sh removes it on exit). Nothing
is printed but counts.

Standard library only. Loopback URLs only. Exits 1 if any send was not answered 202.
"""

import argparse
import http.client
import ipaddress
import json
import os
import secrets
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

MAX_COUNT = 1_000_000  # far above what a wrk run uses; keeps every loop bounded
REQUEST_TIMEOUT_SECONDS = 10


def loopback_url(text):
    url = urllib.parse.urlsplit(text)
    host = url.hostname or ""
    is_loopback = host == "localhost"
    try:
        is_loopback = is_loopback or ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    if url.scheme != "http" or not is_loopback or url.port is None:
        raise argparse.ArgumentTypeError("expected http://127.0.0.1:<port> (loopback only)")
    return url


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", type=loopback_url, required=True, help="the service, e.g. http://127.0.0.1:5080")
    parser.add_argument("--count", type=int, default=2000, help="verifications to create (default 2000)")
    parser.add_argument("--out", required=True, help="file to write 'verificationId userId' lines to")
    parser.add_argument("--concurrency", type=int, default=8, help="parallel connections (default 8)")
    parser.add_argument("--provider-url", type=loopback_url, help="the fake Vonage server: add each text's code")
    parser.add_argument("--series", type=int, help="3 digits in every number (default: the clock's seconds mod 1000); "
                        "give each pool of one run its own so no two pools share a number")
    args = parser.parse_args()
    if not 1 <= args.count <= MAX_COUNT or not 1 <= args.concurrency <= 64:
        parser.error(f"--count must be 1-{MAX_COUNT} and --concurrency 1-64")
    api_key = os.environ.get("SECUREOTP_API_KEY") or parser.error("set SECUREOTP_API_KEY")

    # Distinct from send.lua's users, and from earlier runs: a user with a live verification would get 429 (cooldown).
    run = secrets.token_hex(4)
    run_digits = (args.series if args.series is not None else int(time.time())) % 1000
    local = threading.local()
    headers = {"Content-Type": "application/json", "X-Api-Key": api_key}

    def send(n):
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection(args.url.hostname, args.url.port, timeout=REQUEST_TIMEOUT_SECONDS)
        user = f"wrk-pool-{run}-{n}"
        phone = f"+1555{run_digits:03d}{n:08d}"
        body = json.dumps({"userId": user, "phoneNumber": phone, "purpose": "login"})
        try:
            local.connection.request("POST", "/otp/send", body, headers)
            answer = local.connection.getresponse()
            payload = answer.read()
        except (OSError, http.client.HTTPException):
            local.connection.close()
            del local.connection
            return None, "no answer"
        if answer.status != 202:
            return None, answer.status
        return f"{json.loads(payload)['verificationId']} {user} {phone[1:]}", 202

    if args.provider_url:
        inbox(args.provider_url, "DELETE")
    started = time.monotonic()
    lines, failures = [], {}
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        for line, status in pool.map(send, range(args.count)):
            if line is None:
                failures[status] = failures.get(status, 0) + 1
            else:
                lines.append(line)

    lines = with_codes(lines, args.provider_url) if args.provider_url else [line.rsplit(" ", 1)[0] for line in lines]
    with open(args.out, "w", encoding="ascii") as out:
        out.write("\n".join(lines) + ("\n" if lines else ""))
    elapsed = time.monotonic() - started
    print(f"{len(lines)} verifications in {elapsed:.1f} s -> {args.out}; not 202: {failures or 'none'}")
    return 1 if failures else 0


def inbox(url, method):
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    try:
        connection.request(method, "/messages")
        answer = connection.getresponse()
        payload = answer.read()
        if not 200 <= answer.status < 300:
            raise SystemExit(f"{method} /messages on the fake provider answered {answer.status}")
        return payload
    finally:
        connection.close()


def with_codes(lines, provider_url):
    """Every default template starts with the code (no locale sent: English); a later text to a number wins."""
    codes = {}
    for message in json.loads(inbox(provider_url, "GET") or b"[]"):
        text = message.get("text") or ""
        digits = len(text) - len(text.lstrip("0123456789"))
        codes[message.get("to", "").lstrip("+")] = text[:digits]
    found = []
    for line in lines:
        head, number = line.rsplit(" ", 1)
        if codes.get(number):
            found.append(f"{head} {codes[number]}")
    if len(found) < len(lines):
        print(f"{len(lines) - len(found)} sends had no text in the fake's inbox", file=sys.stderr)
    return found


if __name__ == "__main__":
    sys.exit(main())
