#!/usr/bin/env python3
"""Prints the table of bench/io/run.sh from its fio JSON files.

usage: table.py RESULTS_DIR ref TARGET...   (RESULTS_DIR/<target>-<job>.json, one per job)

Throughput figures (IOPS, MiB/s) give ratio = target / reference; latency figures (QD1 p50/p99)
give ratio = reference / target, so that in every column higher is better and 1.00 is "as fast
as the reference".
"""
import json
import sys
from pathlib import Path

ROWS = [
    # label, job, how to read the figure, unit, higher is better
    ("4K randread QD32", "randread-4k-qd32", lambda j: j["read"]["iops"], "IOPS", True),
    ("4K randwrite QD32", "randwrite-4k-qd32", lambda j: j["write"]["iops"], "IOPS", True),
    ("4K randread QD1", "randread-4k-qd1", lambda j: j["read"]["iops"], "IOPS", True),
    ("4K randread QD1 p50", "randread-4k-qd1", lambda j: pct(j["read"], "50.000000"), "us", False),
    ("4K randread QD1 p99", "randread-4k-qd1", lambda j: pct(j["read"], "99.000000"), "us", False),
    ("1M seq write QD8", "seqwrite-1m-qd8", lambda j: j["write"]["bw_bytes"] / 2**20, "MiB/s", True),
    ("1M seq read QD8", "seqread-1m-qd8", lambda j: j["read"]["bw_bytes"] / 2**20, "MiB/s", True),
]


def pct(side, key):
    return side["clat_ns"]["percentile"][key] / 1000.0


def job(results, target, name):
    data = json.loads(Path(results, f"{target}-{name}.json").read_text())
    j = data["jobs"][0]
    if j.get("error", 0):
        raise SystemExit(f"fio reported error {j['error']} for {target} {name}")
    return j


def main():
    results, ref, *targets = sys.argv[1:]
    head = f"{'job':<22}{'unit':>6}{ref:>10}" + "".join(f"{t:>10}{'ratio':>7}" for t in targets)
    print(head)
    print("-" * len(head))
    for label, name, figure, unit, higher_better in ROWS:
        base = figure(job(results, ref, name))
        line = f"{label:<22}{unit:>6}{base:>10.0f}"
        for t in targets:
            value = figure(job(results, t, name))
            ratio = (value / base if higher_better else base / value) if base and value else 0
            line += f"{value:>10.0f}{ratio:>7.2f}"
        print(line)


if __name__ == "__main__":
    main()
