#!/usr/bin/env python3
"""The markdown of benchmarks/coldstart.sh.

    coldstart-table.py <runs file> <cold seconds> <steady seconds> <connections>

Runs file lines: "variant started_ns ready_ns first_request_ms tenth answers" (one per tenth of a second of wall clock,
unix ms ÷ 100, that wrk saw answers in), and "# variant <status counts>" ("never-ready" when it did not get ready).
Second i counts the answers of the tenths starting in [first request + (i−1) s, first request + i s), so each second is
right to a tenth; steady state is the mean of the STEADY seconds after the cold ones; the run's last, cut-short second
is not used.
"""

import sys

TARGET_FIRST_FIVE = 0.65  # issue 27: the first 5 s together ≥ 0.65 × steady state
TARGET_WITHIN = 0.8  # and ≥ 0.8 × steady state within 5 s of the first request


def read(path):
    variants, statuses = {}, {}
    with open(path, encoding="ascii") as lines:
        for line in lines:
            f = line.split()
            if f[0] == "#":
                statuses[f[1]] = " ".join(f[2:])
                continue
            v = variants.setdefault(f[0], {"started": int(f[1]), "ready": int(f[2]), "first": int(f[3]), "seconds": {}})
            second = (int(f[4]) * 100 - v["first"]) // 1000
            v["seconds"][second] = v["seconds"].get(second, 0) + int(f[5])
    return variants, statuses


def rates(v, cold, steady):
    per = [float(v["seconds"].get(i, 0)) for i in range(cold + steady)]
    return per, sum(per[:5]) / 5


def main():
    path, cold, steady, connections = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    variants, statuses = read(path)
    out = [
        f"### Cold start under load (verify-wrong, `wrk -t2 -c{connections}` started the moment /health/ready answers)",
        "",
        f"Steady state = the mean of seconds {cold + 1}–{cold + steady} of the same run. Targets (issue 27): the first 5 s "
        f"together ≥ {TARGET_FIRST_FIVE} × steady, and ≥ {TARGET_WITHIN} × steady within 5 s.",
        "",
        "| variant | start → ready → first request | steady req/s | first 5 s × steady (≥ 0.65) | first second ≥ 0.8 × steady | "
        "seconds 1–5 × steady | targets | statuses |",
        "|---|---:|---:|---:|---:|---|---|---|",
    ]
    curves = []
    for name in [n for n in statuses if statuses[n] == "never-ready"]:
        out.append(f"| {name} | never ready (60 s) | | | | | not measured | |")
    for name, v in variants.items():
        per, first_five = rates(v, cold, steady)
        steady_rate = sum(per[cold:]) / steady or 1
        ratios = [r / steady_rate for r in per]
        reached = next((i + 1 for i, r in enumerate(ratios) if r >= TARGET_WITHIN), None)
        missed = []
        if any(not part.startswith(("400:", "410:")) for part in statuses.get(name, "").split(", ") if part):
            missed.append("answers other than 400/410: not a measurement")
        if first_five / steady_rate < TARGET_FIRST_FIVE:
            missed.append("first 5 s")
        if reached is None or reached > 5:
            missed.append("0.8 × by 5 s")
        out.append(
            f"| {name} | {(v['ready'] - v['started']) / 1e9:.1f} s + {v['first'] / 1e3 - v['ready'] / 1e9:.2f} s | {steady_rate:,.0f} | **{first_five / steady_rate:.2f}** "
            f"| {f'second {reached}' if reached else 'not within ' + str(cold) + ' s'} "
            f"| {' '.join(f'{r:.2f}' for r in ratios[:5])} | {'met' if not missed else 'missed: ' + ', '.join(missed)} "
            f"| {statuses.get(name, '')} |")
        curves.append(f"| {name} | " + " | ".join(f"{r:,.0f}" for r in per[:cold]) + f" | {steady_rate:,.0f} |")
    out += ["", "Answers per second from the first request:", "",
            "| variant | " + " | ".join(str(i + 1) for i in range(cold)) + " | steady |",
            "|---|" + "---:|" * (cold + 1)] + curves
    print("\n".join(out))


if __name__ == "__main__":
    main()
