#!/usr/bin/env python3
"""The markdown table of benchmarks/wrk/compare.sh: the service against the floor under wrk, per scenario.

    compare-table.py <runs file> <microseconds per clock tick> <connections> <limits>

Each line of the runs file: label side scenario requests duration_us p99_us unexpected errors locked wrk_ticks target_ticks
redis_ticks provider_ticks (label "warmup" lines are skipped). Ratios are the median over rounds of service ÷ floor in
the same round; CPU per op is each process's CPU time over every measured run of that side ÷ the requests wrk counted.
"""

import statistics
import sys

THROUGHPUT_TARGET = 0.8  # service ops/s ≥ 0.8 × the floor's, i.e. CPU per op ≤ 1.25 × the floor's
CPU_TARGET = 1.25
OTLP_TARGET = 0.85  # with OTLP export on, throughput no more than 15 % below the same build's without
P99_TARGET = 1.5
PROCESSES = ("target", "redis", "provider", "wrk")


def read_runs(path):
    runs = {}
    with open(path, encoding="ascii") as lines:
        for line in lines:
            f = line.split()
            if len(f) == 12:  # written before report.lua counted 410s
                f.insert(8, "0")
            if len(f) != 13 or f[0] != "measured":
                continue
            requests, duration_us, p99_us, unexpected, errors, locked, wrk, target, redis, provider = map(int, f[3:])
            runs.setdefault(f[2], {}).setdefault(f[1], []).append({
                "requests": requests, "rate": requests * 1e6 / max(duration_us, 1), "p99": p99_us / 1000,
                "unexpected": unexpected + errors, "locked": locked,
                "ticks": {"target": target, "redis": redis, "provider": provider, "wrk": wrk},
            })
    return runs


def cpu_per_op(side_runs, tick_us):
    requests = sum(r["requests"] for r in side_runs) or 1
    per = {p: sum(r["ticks"][p] for r in side_runs) * tick_us / requests for p in PROCESSES}
    per["all"] = sum(per.values())
    return per


def main():
    path, tick_us, connections, limits = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    runs = read_runs(path)
    out = [
        f"### wrk: the service against the floor (`wrk -t2 -c{connections}`, LIMITS={limits})",
        "",
        "Targets (issue 27): service ops/s ≥ 0.8 × the floor's (= CPU per op ≤ 1.25 ×), p99 ≤ 1.5 × the floor's. "
        "Ratios: median over rounds of service ÷ floor in the same round (range beside it). CPU µs per op: each "
        "process's utime+stime over the side's measured runs ÷ the requests wrk counted (service or floor, "
        "redis-server, fake provider, wrk itself). 410 share: verify-wrong answers that found the verification locked (a "
        "cheaper path: the pool was too small for that side's rate; raise WRK_POOL when it is not ~0 %).",
        "",
        "| scenario | req/s service / floor (median) | × floor req/s (≥ 0.8) | p99 ms service / floor | × floor p99 (≤ 1.5) "
        "| CPU µs/op service / floor | × floor CPU (≤ 1.25) | redis / fake / wrk µs/op, service side | same, floor side "
        "| all processes service / floor | unexpected | 410 share service / floor | targets |",
        "|---|---|---:|---|---:|---|---:|---|---|---|---:|---|---|",
    ]
    for scenario, sides in runs.items():
        service, floor = sides.get("service", []), sides.get("floor", [])
        if not service or not floor:
            continue
        ratios = [s["rate"] / f["rate"] for s, f in zip(service, floor)]
        ratio = statistics.median(ratios)
        p99_s = statistics.median(r["p99"] for r in service)
        p99_f = statistics.median(r["p99"] for r in floor)
        cpu_s, cpu_f = cpu_per_op(service, tick_us), cpu_per_op(floor, tick_us)
        cpu_ratio = cpu_s["target"] / max(cpu_f["target"], 1e-9)
        unexpected = sum(r["unexpected"] for r in service + floor)
        locked = [sum(r["locked"] for r in side) / max(sum(r["requests"] for r in side), 1) for side in (service, floor)]
        missed = [name for name, ok in (("req/s", ratio >= THROUGHPUT_TARGET), ("CPU", cpu_ratio <= CPU_TARGET),
                                        ("p99", p99_s <= P99_TARGET * p99_f)) if not ok]
        out.append(
            f"| {scenario} | {statistics.median(r['rate'] for r in service):,.0f} / "
            f"{statistics.median(r['rate'] for r in floor):,.0f} | **{ratio:.2f}** ({min(ratios):.2f}–{max(ratios):.2f}) "
            f"| {p99_s:.1f} / {p99_f:.1f} | **{p99_s / p99_f:.2f}** | {cpu_s['target']:.0f} / {cpu_f['target']:.0f} "
            f"| **{cpu_ratio:.2f}** | {cpu_s['redis']:.0f} / {cpu_s['provider']:.0f} / {cpu_s['wrk']:.0f} "
            f"| {cpu_f['redis']:.0f} / {cpu_f['provider']:.0f} / {cpu_f['wrk']:.0f} | {cpu_s['all']:.0f} / {cpu_f['all']:.0f} "
            f"| {unexpected} | {locked[0]:.0%} / {locked[1]:.0%} | {'met' if not missed else 'missed: ' + ', '.join(missed)} |")
    out += otlp_table(runs, tick_us)
    out += other_sides_table(runs, tick_us)
    print("\n".join(out))


def otlp_table(runs, tick_us):
    """The otlp side (OTLP=1 in run.sh): a second service exporting to a collector stub, against the first and the floor."""
    rows = []
    for scenario, sides in runs.items():
        service, floor, otlp = sides.get("service", []), sides.get("floor", []), sides.get("otlp", [])
        if not service or not floor or not otlp:
            continue
        ratios = [o["rate"] / s["rate"] for o, s in zip(otlp, service)]
        ratio = statistics.median(ratios)
        cpu_o, cpu_s, cpu_f = (cpu_per_op(side, tick_us)["target"] for side in (otlp, service, floor))
        p99_o = statistics.median(r["p99"] for r in otlp)
        p99_f = statistics.median(r["p99"] for r in floor)
        rows.append(
            f"| {scenario} | {statistics.median(r['rate'] for r in otlp):,.0f} | **{ratio:.2f}** ({min(ratios):.2f}–{max(ratios):.2f}) "
            f"| {cpu_o:.0f} / {cpu_s:.0f} / {cpu_f:.0f} | {cpu_o / max(cpu_s, 1e-9):.2f} | {cpu_o / max(cpu_f, 1e-9):.2f} "
            f"| {p99_o:.1f} ({p99_o / p99_f:.2f} × floor) | {'met' if ratio >= OTLP_TARGET else 'missed'} |")
    if not rows:
        return []
    return [
        "",
        "### The same service exporting over OTLP (OTLP=1: a collector stub that discards what it gets)",
        "",
        "Target (issue 27): with `OTEL_EXPORTER_OTLP_ENDPOINT` set, throughput no more than 15 % below the same build's "
        "without it (req/s ≥ 0.85 × the service's, same round).",
        "",
        "| scenario | req/s with OTLP (median) | × service without (≥ 0.85) | CPU µs/op with OTLP / without / floor "
        "| × without | × floor | p99 ms with OTLP | target |",
        "|---|---:|---:|---|---:|---:|---|---|",
        *rows,
    ]


def other_sides_table(runs, tick_us):
    """Any other side (compare.sh's WRK_EXTRA_SIDES: e.g. another build beside this one), against the service and the floor."""
    rows = []
    for scenario, sides in runs.items():
        service, floor = sides.get("service", []), sides.get("floor", [])
        for name, other in sides.items():
            if name in ("service", "floor", "otlp") or not service or not floor or not other:
                continue
            ratios = [o["rate"] / s["rate"] for o, s in zip(other, service)]
            cpu_o, cpu_s, cpu_f = (cpu_per_op(side, tick_us)["target"] for side in (other, service, floor))
            rows.append(
                f"| {scenario} | {name} | {statistics.median(r['rate'] for r in other):,.0f} | {statistics.median(ratios):.2f} "
                f"| {cpu_o:.0f} / {cpu_s:.0f} / {cpu_f:.0f} | {cpu_o / max(cpu_f, 1e-9):.2f} / {cpu_s / max(cpu_f, 1e-9):.2f} "
                f"| {statistics.median(r['p99'] for r in other):.1f} |")
    if not rows:
        return []
    return [
        "",
        "### Other sides in the same rounds",
        "",
        "| scenario | side | req/s (median) | × service req/s | CPU µs/op side / service / floor | × floor CPU side / service | p99 ms |",
        "|---|---|---:|---:|---|---|---:|",
        *rows,
    ]


if __name__ == "__main__":
    main()
