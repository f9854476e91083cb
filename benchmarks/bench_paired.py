#!/usr/bin/env python3
"""Two versions of flylint, whole process, side by side: which change made a run slower or faster.

Usage:
    git archive COMMIT_A src | tar -x -C /tmp/a      # and the same for B
    python benchmarks/bench_paired.py /tmp/a/src /tmp/b/src [--target PROJECT] [--runs N]

Each round runs ``python -m flylint check PROJECT`` once with ``PYTHONPATH=A`` and once with
``PYTHONPATH=B`` (in that order), so both see the same machine load; after two warm-up runs
each (bytecode written), it prints both medians and minimums and the median of the per-round
ratios B/A, the figure to quote on a noisy machine. The interpreter and the installed
dependencies are this one's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time


def run_once(src: str, target: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "flylint", "check", "--no-config", target],
                   env={**env, "PYTHONPATH": src}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("a", help="source directory of version A (holds flylint/)")
    parser.add_argument("b", help="source directory of version B")
    parser.add_argument("--target", default="examples/sample-app", help="project to check")
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for src in (args.a, args.b):
        for _ in range(2):
            run_once(src, args.target, env)
    times: dict[str, list[float]] = {args.a: [], args.b: []}
    for _ in range(args.runs):
        for src in (args.a, args.b):
            times[src].append(run_once(src, args.target, env))
    for label, src in (("A", args.a), ("B", args.b)):
        print(f"{label} {src}: median {statistics.median(times[src]):.1f} ms, min {min(times[src]):.1f} ms")
    ratios = [b / a for a, b in zip(times[args.a], times[args.b], strict=True)]
    print(f"median ratio B/A over {args.runs} rounds: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
