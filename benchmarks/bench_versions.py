#!/usr/bin/env python3
"""Whole-process time of `flylint check` for two or more flylint installations, paired.

Usage:
    python benchmarks/bench_versions.py NAME=FLYLINT [NAME=FLYLINT ...] [--project DIR] [--runs N]

Each ``FLYLINT`` is the ``flylint`` executable of one installation (its own virtualenv, e.g.
``/tmp/before/.venv/bin/flylint``). Every round runs each installation once, in an order that
rotates from round to round, so a slow spell of the (shared, noisy) machine hits all of them
alike; the figures are medians over the rounds, and for each installation after the first the
median of its per-round difference to the first (paired, so the machine's drift cancels).

Measured per run: wall time, and CPU time (user + system of the child process, from
``os.wait4``), which is less sensitive to other load on the machine. Exit codes are checked:
every run of one installation must exit like its warm-up run, with 0 or 1 (findings), or the
script stops. ``PYTHONDONTWRITEBYTECODE`` is removed from the environment (it would make every
run compile flylint from source), and one discarded warm-up run per installation writes the
bytecode (and, for versions that had one, the start-up cache) first.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_once(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """(wall ms, CPU ms, exit code) of one run of ``cmd``."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, (usage.ru_utime + usage.ru_stime) * 1000, proc.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("versions", nargs="+", metavar="NAME=FLYLINT")
    parser.add_argument("--project", default=str(REPO / "examples" / "sample-app"))
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()

    versions = [tuple(v.split("=", 1)) for v in args.versions]
    if any(len(v) != 2 or not Path(v[1]).exists() for v in versions):
        print("each version is NAME=/path/to/flylint (an existing executable)", file=sys.stderr)
        return 2
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    project = Path(args.project).resolve()
    expected: dict[str, int] = {}
    for name, exe in versions:  # warm-up: bytecode, page cache (and the old start-up cache)
        _wall, _cpu, code = run_once([exe, "check", "."], project, env)
        if code not in (0, 1):
            print(f"{name}: warm-up run exited {code}", file=sys.stderr)
            return 2
        expected[name] = code
    wall: dict[str, list[float]] = {name: [] for name, _ in versions}
    cpu: dict[str, list[float]] = {name: [] for name, _ in versions}
    for i in range(args.runs):
        order = versions[i % len(versions):] + versions[: i % len(versions)]
        for name, exe in order:
            w, c, code = run_once([exe, "check", "."], project, env)
            if code != expected[name]:
                print(f"{name}: run {i} exited {code}, the warm-up exited {expected[name]}", file=sys.stderr)
                return 2
            wall[name].append(w)
            cpu[name].append(c)

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.runs} rounds, project {project}")
    print(f"{'version':<12} {'wall median':>12} {'(p25–p75)':>16} {'CPU median':>11} {'(p25–p75)':>16}  exit")
    for name, _ in versions:
        qw = statistics.quantiles(wall[name], n=4)
        qc = statistics.quantiles(cpu[name], n=4)
        print(f"{name:<12} {statistics.median(wall[name]):9.1f} ms {qw[0]:7.1f}–{qw[2]:<7.1f} "
              f"{statistics.median(cpu[name]):8.1f} ms {qc[0]:7.1f}–{qc[2]:<7.1f}  {expected[name]}")
    base = versions[0][0]
    for name, _ in versions[1:]:
        dw = [a - b for a, b in zip(wall[name], wall[base], strict=True)]
        dc = [a - b for a, b in zip(cpu[name], cpu[base], strict=True)]
        print(f"{name} - {base}: wall {statistics.median(dw):+.1f} ms, CPU {statistics.median(dc):+.1f} ms "
              f"(medians of the paired differences; CPU p25–p75 "
              f"{statistics.quantiles(dc, n=4)[0]:+.1f}…{statistics.quantiles(dc, n=4)[2]:+.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
