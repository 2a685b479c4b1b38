#!/usr/bin/env python3
"""Renders the delivery figures (results.json of SecureOtp.DeliveryFigures) as one PNG with the data of the dashboard's
new panels: delivery rate by country, receipt latency p50/p95 by country, conversion by country and by purpose.
The run is a few seconds long, so each panel's time series is one point per series: drawn as bars.

    python3 benchmarks/delivery/plot.py benchmarks/results/delivery     # writes delivery.png beside results.json

Needs matplotlib (Debian: apt-get install python3-matplotlib). The floors drawn are the chart's default alert floors.
"""
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

DELIVERY_FLOOR = 0.9  # metrics.prometheusRule.delivery.rateFloor
CONVERSION_FLOOR = 0.5  # metrics.prometheusRule.conversion.floor


def bars(ax, labels, values, title, floor=None, percent=True, unit=""):
    colours = ["#c0392b" if floor is not None and v < floor else "#2e86c1" for v in values]
    ax.bar(labels, values, color=colours)
    for x, v in zip(labels, values):
        ax.annotate(f"{v:.0%}" if percent else f"{v:.2f}{unit}", (x, v), ha="center", va="bottom", fontsize=8)
    if floor is not None:
        ax.axhline(floor, color="#c0392b", linestyle="--", linewidth=1, label=f"alert floor {floor:.0%}")
        ax.legend(loc="lower right", fontsize=8)
    if percent:
        ax.set_ylim(0, 1.08)
        ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.set_title(title, fontsize=10)


def main(folder):
    folder = Path(folder)
    data = json.loads((folder / "results.json").read_text())
    countries = data["countries"]
    names = ["+" + c["country"] for c in countries]

    fig, axes = plt.subplots(2, 2, figsize=(11, 7.5))
    bars(axes[0][0], names, [c["deliveryRate"] for c in countries], "Delivery rate by country (delivered / settled)", DELIVERY_FLOOR)

    ax = axes[0][1]
    width = 0.38
    xs = range(len(names))
    ax.bar([x - width / 2 for x in xs], [c["latencyP50"] for c in countries], width, label="p50", color="#5dade2")
    ax.bar([x + width / 2 for x in xs], [c["latencyP95"] for c in countries], width, label="p95", color="#1b4f72")
    ax.plot(list(xs), [c["panelLatencyP95"] for c in countries], "k_", markersize=18, label="p95 from the histogram buckets")
    ax.set_xticks(list(xs), names)
    ax.set_ylabel("seconds")
    ax.set_title("Receipt latency by country (send → receipt)", fontsize=10)
    ax.legend(fontsize=8)

    bars(axes[1][0], names, [c["conversion"] for c in countries], "Conversion by country (approved / sent)", CONVERSION_FLOOR)
    purposes = data["purposes"]
    bars(axes[1][1], [p["purpose"] for p in purposes], [p["conversion"] for p in purposes], "Conversion by purpose", CONVERSION_FLOOR)

    fig.suptitle(f"SecureOtp delivery receipts: {data['sends']} sends through the fake Vonage provider, some numbers failing", fontsize=11)
    fig.tight_layout()
    fig.savefig(folder / "delivery.png", dpi=110)
    print(folder / "delivery.png")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results/delivery")
