"""Loading and validating the largest bundled framework, against a bare parse.

Run: .venv/bin/python bench/bench_framework_load.py [--repeat N]

Prints the median time of a bare `yaml.load` (libyaml, no validation) of the
largest file in criteria/, the median time of CertDesk's full load (safe
parse with line numbers, JSON Schema, semantic checks, content hash, domain
objects), and their ratio. Both are measured in the same run, so the ratio
holds on any machine; the aim is a full load under 150 ms here.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from certdesk.formats.criteria import parse_framework
from certdesk.paths import criteria_dir


def median_ms(action: Callable[[], object], repeat: int) -> float:
    action()  # warm caches (schema compilation, imports)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    largest = max(criteria_dir().glob("*.yaml"), key=lambda p: p.stat().st_size)
    raw = largest.read_bytes()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    bare = median_ms(lambda: yaml.load(raw, Loader=loader), args.repeat)
    full = median_ms(lambda: parse_framework(raw, str(largest)), args.repeat)
    print(f"file: {Path(largest).name} ({len(raw) / 1024:.0f} KiB)")
    print(f"bare yaml parse: {bare:.1f} ms")
    print(f"certdesk load + validate: {full:.1f} ms")
    print(f"ratio: {full / bare:.2f}x")


if __name__ == "__main__":
    main()
