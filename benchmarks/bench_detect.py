#!/usr/bin/env python3
"""How long Fly.io project detection takes, in-process and as a command.

Usage:
    python benchmarks/bench_detect.py [--projects N] [--runs R]

1. *Typical project*: N synthetic projects (``../shared/tools/gen-projects`` when present:
   fly.toml, Dockerfile, deploy.sh; otherwise an equivalent built-in generator), each
   detected in-process with :func:`flylint.detect.detector.detect`; reports the median and the
   90th percentile per project over all of them (after one warm-up pass).
2. *Growth with tree size*: one project whose tree holds 10, 100, 1000 and 5000 files (source
   files that cannot give a signal, config files that must be read, a few directory levels),
   median of R runs each, with the number of files actually read.
3. *Recursive*: :func:`detect_recursive` over the N projects at once.
4. *Whole process*: ``flylint detect`` on one project (interpreter start + imports included).

The machine is noisy (see ../shared/reference/perf-anchors.md): compare orders of
magnitude, not single milliseconds.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# beside the checkout (../shared/tools; ../../shared/tools from a worktree), or $FLYLINT_GEN_PROJECTS
_BESIDE = [d / "shared" / "tools" / "gen-projects" for d in REPO.parents]
GEN = Path(os.environ.get("FLYLINT_GEN_PROJECTS") or next((p for p in _BESIDE if p.exists()), _BESIDE[0]))
sys.path.insert(0, str(REPO / "src"))

from flylint.detect.detector import detect, detect_config, detect_recursive  # noqa: E402
from flylint.linter.config import Settings  # noqa: E402

FLY_TOML = """app = "bench-{i}"
primary_region = "iad"

[build]
  dockerfile = "Dockerfile"

[env]
  PORT = "8080"

[http_service]
  internal_port = 8080
  force_https = true
  auto_stop_machines = "stop"
  min_machines_running = 1

  [[http_service.checks]]
    path = "/health"
    interval = "15s"
    timeout = "2s"
"""
DOCKERFILE = """# syntax=docker/dockerfile:1
FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
USER 10001
CMD ["gunicorn", "--bind", "0.0.0.0:8080", "app:app"]
"""
DEPLOY = """#!/usr/bin/env bash
set -euo pipefail
APP="${{FLY_APP:-bench-{i}}}"
fly secrets import --app "$APP" < secrets.env
fly deploy --app "$APP" --remote-only
fly status --app "$APP"
"""


def generate(out: Path, n: int) -> str:
    if GEN.exists():
        subprocess.run([sys.executable, str(GEN), str(out), str(n)], check=True, stdout=subprocess.DEVNULL)
        return f"{os.path.relpath(GEN, REPO)}"
    for i in range(n):
        p = out / f"proj{i:04d}"
        p.mkdir(parents=True)
        (p / "fly.toml").write_text(FLY_TOML.format(i=i))
        (p / "Dockerfile").write_text(DOCKERFILE)
        (p / "deploy.sh").write_text(DEPLOY.format(i=i))
    return "built-in generator"


def tree(out: Path, files: int, seed: int = 7) -> None:
    """One project of ``files`` files: fly.toml, Dockerfile, deploy.sh and filler."""
    rng = random.Random(seed)
    out.mkdir(parents=True)
    (out / "fly.toml").write_text(FLY_TOML.format(i=0))
    (out / "Dockerfile").write_text(DOCKERFILE)
    (out / "deploy.sh").write_text(DEPLOY.format(i=0))
    dirs = [Path(".")]
    for d in ("src", "src/api", "src/api/v1", "tests", "config", "docs", "web", "web/components"):
        dirs.append(Path(d))
        (out / d).mkdir(parents=True, exist_ok=True)
    for k in range(files - 3):
        d = rng.choice(dirs)
        roll = rng.random()
        if roll < 0.7:
            name, text = f"mod{k}.py", "def handler(event):\n    return {'ok': True}\n" * 8
        elif roll < 0.9:
            name, text = f"conf{k}.json", '{"name": "x", "retries": 3, "url": "https://example.com"}\n'
        else:
            name, text = f"page{k}.md", "# notes\n\nNothing about deployment here.\n"
        (out / d / name).write_text(text)


def per_call(fn, runs: int) -> list[float]:
    fn()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def fmt(samples: list[float]) -> str:
    med = statistics.median(samples)
    return f"median {med:7.2f} ms  (min {min(samples):.2f}, max {max(samples):.2f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    settings = Settings()
    cfg = detect_config(settings)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        projects = base / "projects"
        source = generate(projects, args.projects)
        dirs = sorted(p for p in projects.iterdir() if p.is_dir())
        for d in dirs:  # warm-up: page cache, imports, regex compilation
            detect(str(d), settings, cfg)
        times, detected = [], 0
        for d in dirs:
            start = time.perf_counter()
            det = detect(str(d), settings, cfg)
            times.append((time.perf_counter() - start) * 1000)
            detected += det.detected
        times.sort()
        p90 = times[int(len(times) * 0.9) - 1]
        print(f"\n1. typical project ({len(dirs)} projects from {source}; {detected} detected)")
        print(f"   detect(): median {statistics.median(times):.2f} ms/project, p90 {p90:.2f} ms, "
              f"max {times[-1]:.2f} ms  (budget: 11 ms)")

        print("\n2. growth with tree size (one project)")
        print(f"   {'files':>6}  {'read':>5}  time")
        for n in (10, 100, 1000, 5000):
            root = base / f"tree{n}"
            tree(root, n)
            det = detect(str(root), settings, cfg)
            samples = per_call(lambda root=root: detect(str(root), settings, cfg), max(3, args.runs // (1 + n // 1000)))
            per_file = statistics.median(samples) / n * 1000
            print(f"   {n:>6}  {det.files_read:>5}  {fmt(samples)}  ({per_file:.1f} µs/file)")

        samples = per_call(lambda: detect_recursive(str(projects), settings, cfg), max(3, args.runs // 3))
        print(f"\n3. detect_recursive over {len(dirs)} projects: {fmt(samples)}  "
              f"({statistics.median(samples) / len(dirs):.2f} ms/project)")

        exe = [sys.executable, "-m", "flylint", "detect", "--no-config", str(dirs[0])]
        samples = per_call(lambda: subprocess.run(exe, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), 7)
        print(f"\n4. whole process `flylint detect PROJECT`: {fmt(samples)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
