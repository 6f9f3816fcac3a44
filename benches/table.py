#!/usr/bin/env python3
"""The BENCHMARKS.md table from criterion's output of one `cargo bench --bench pkce`.

Usage: python3 benches/table.py [TARGET_DIR]   (default: $CARGO_TARGET_DIR or target)

Reads every <target>/criterion/<group>/<function>/new/sample.json, criterion's
100 raw samples (each a batch of iterations and its total time), and prints
per group each implementation's 10th-percentile and median time per
iteration, and both as a ratio to the group's lower bound.

Why the 10th percentile: on a shared machine a sample that another process
disturbs comes out 1.5 to 2 times slower, and such bursts last seconds, so
they can take most of one benchmark's samples and few of the next one's.
The fastest samples are the undisturbed ones, and their p10 is stable from
run to run; the median is printed beside it.
"""

import json
import os
import sys
from collections import defaultdict
from pathlib import Path


def per_iteration(sample: Path) -> list[float]:
    data = json.loads(sample.read_text())
    return sorted(t / n for t, n in zip(data["times"], data["iters"]))


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CARGO_TARGET_DIR", "target"))
    groups: dict[str, dict[str, tuple[float, float]]] = defaultdict(dict)
    for bench in sorted((target / "criterion").glob("*/*/new/benchmark.json")):
        meta = json.loads(bench.read_text())
        times = per_iteration(bench.parent / "sample.json")
        p10 = times[len(times) // 10]
        median = times[len(times) // 2]
        groups[meta["group_id"]][meta["function_id"]] = (p10, median)
    print("| group | implementation | p10 (ns) | median (ns) | p10 / lower bound | median / lower bound |")
    print("|---|---|---:|---:|---:|---:|")
    for group, rows in groups.items():
        base = rows.get("lower_bound")
        for name, (p10, median) in sorted(rows.items(), key=lambda kv: kv[1][0]):
            r10 = f"{p10 / base[0]:.2f}" if base else ""
            rmed = f"{median / base[1]:.2f}" if base else ""
            print(f"| {group} | {name} | {p10:.1f} | {median:.1f} | {r10} | {rmed} |")


if __name__ == "__main__":
    main()
