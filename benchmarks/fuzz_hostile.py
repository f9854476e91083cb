#!/usr/bin/env python3
"""The hostile-input attacks at full size, and a random fuzz run (the suite runs small versions).

Usage:
    python benchmarks/fuzz_hostile.py [--only NAME] [--words LENGTH] [--fuzz N] [--seed S] [--timeout SECONDS]

1. *Attacks*: each builds a tree in a temporary folder and runs ``python -m flylint`` on it in
   a subprocess with a deadline: memory and time bombs (a baseline or config that is
   ``/dev/zero`` or a FIFO, billion-laughs YAML in a workflow and in fly.yaml, a ``.dockerignore``
   line of stars, a catastrophic detect regex), and the inputs that were quadratic (16,000
   ``RUN`` lines, 8,000 stages, 16,000 ignore patterns, 100,000 TOML tables, 5,000
   ``[[services]]``, a long line of ``aws `` or ``a.``, a 20,000-folder ``[build] dockerfile``).
   The growing ones also run at a quarter of the size: the ratio of CPU times should be near 4
   (linear), not 16. A run fails when it passes the deadline, prints a
   traceback or "internal error", or exits with anything but 0, 1 or 2.
2. *Words*: every literal word of flylint's own regular expressions, repeated into a line of
   about 100,000 characters in every kind of file (a regex is quadratic on a long line only
   when the line holds what it looks for); 16 words a tree, the same failure tests.
3. *Fuzz*: N trees made from the corpus (``../shared/corpus``) or built-in seeds, each file
   mutated (bytes flipped, lines repeated or cut, control characters, deep nesting, random
   bytes), checked with every output format; the same failure tests apply.

Exit status 1 when any run failed. CPU seconds and peak memory of each run are printed; the
machine is shared, so compare ratios, not single figures.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"

FLY = 'app = "x"\n[http_service]\ninternal_port = 8080\nforce_https = true\n'
DOCKER = "FROM alpine:3.19\nCOPY . /app\nUSER nobody\n"


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, body in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8")


def _laughs(levels: int) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join(["*" + prev] * 9) + "]")
    return "\n".join(lines) + "\n"


# -- attacks: name -> (builder(root, n), full size, command) ------------------------------------
def run_lines(root: Path, n: int) -> None:
    _write(root, {"fly.toml": FLY, "Dockerfile": "FROM alpine:3.19\n" + "".join(f"RUN echo {i}\n" for i in range(n))
                  + "USER nobody\n"})


def stages(root: Path, n: int) -> None:
    body = "".join(f"FROM alpine:3.19 AS s{i}\nCOPY --from=s{max(0, i - 1)} /a /a\n" for i in range(n))
    _write(root, {"fly.toml": FLY, "Dockerfile": body})


def ignore_patterns(root: Path, n: int) -> None:
    pats = ["**/*.log", "src/f*.txt", "!src/f1*.txt", "node_modules", "*.tmp", ".env*", "!.env.example",
            "**/a/**/b/*.c"]
    _write(root, {"fly.toml": FLY, "Dockerfile": DOCKER, ".env": "X=1\n",
                  ".dockerignore": "".join(f"{pats[i % len(pats)]}{i if i % 3 else ''}\n" for i in range(n)),
                  **{f"src/f{i}.txt": "x\n" for i in range(50)}})


def toml_tables(root: Path, n: int) -> None:
    _write(root, {"fly.toml": FLY + "".join(f"[t{i}]\nk = 1\n" for i in range(n))})


def services(root: Path, n: int) -> None:
    _write(root, {"fly.toml": 'app = "x"\n' + "".join(
        f'[[services]]\ninternal_port = {8000 + i % 1000}\nprotocol = "tcp"\n[[services.ports]]\n'
        f'port = {i % 60000 + 1}\nhandlers = ["http"]\n' for i in range(n))})


def baseline_dev_zero(root: Path, n: int) -> None:
    _write(root, {"fly.toml": FLY, "flylint.toml": 'baseline = "/dev/zero"\n'})


def baseline_fifo(root: Path, n: int) -> None:
    _write(root, {"fly.toml": FLY, "flylint.toml": 'baseline = "pipe"\n'})
    os.mkfifo(root / "pipe")


def yaml_laughs_workflow(root: Path, n: int) -> None:
    _write(root, {".github/workflows/d.yml": _laughs(n) + "on: push\njobs: {}\n"})


def yaml_laughs_fly(root: Path, n: int) -> None:
    _write(root, {"fly.yaml": _laughs(n) + "app: x\n"})


def dockerignore_stars(root: Path, n: int) -> None:
    _write(root, {"fly.toml": FLY, "Dockerfile": DOCKER, ".dockerignore": "*" * n + "a\n",
                  **{f"{'b' * 40}{i}": "x\n" for i in range(20)}})


def detect_regex(root: Path, n: int) -> None:
    _write(root, {"flylint.toml": '[detect.signals.evil]\nweight = 0.5\nfiles = ["*.txt"]\npatterns = ["^(a+)+$"]\n'
                                  "regex = true\n", "x.txt": "a" * n + "!\n"})


def long_line_aws(root: Path, n: int) -> None:
    _write(root, {"fly.toml": FLY, "Dockerfile": f"FROM alpine:3.19\nENV NOTE=\"{'aws ' * n}\"\nUSER nobody\n"})


def long_line_url(root: Path, n: int) -> None:
    body = f"FROM alpine:3.19\nENV A={'a.' * n}\nENV B=x://u:pw@h\nUSER nobody\n"
    _write(root, {"fly.toml": FLY, "Dockerfile": body})


def deep_dockerfile_path(root: Path, n: int) -> None:
    _write(root, {"fly.toml": 'app = "x"\n[build]\ndockerfile = "' + "a/" * n + 'app.build"\n'})


ATTACKS: dict[str, tuple[Callable[[Path, int], None], int, list[str]]] = {
    "16,000 RUN lines": (run_lines, 16000, ["check"]),
    "8,000 stages": (stages, 8000, ["check"]),
    "16,000 ignore patterns": (ignore_patterns, 16000, ["check"]),
    "100,000 TOML tables": (toml_tables, 100000, ["check", "--select", "FLY010", "-q"]),
    "5,000 [[services]]": (services, 5000, ["check"]),
    "baseline = /dev/zero": (baseline_dev_zero, 1, ["check"]),
    "baseline = FIFO": (baseline_fifo, 1, ["check"]),
    "YAML laughs in a workflow": (yaml_laughs_workflow, 10, ["check"]),
    "YAML laughs in fly.yaml": (yaml_laughs_fly, 10, ["check"]),
    ".dockerignore of stars": (dockerignore_stars, 35, ["check"]),
    "detect regex ^(a+)+$": (detect_regex, 41, ["detect"]),
    "a line of 100,000 'aws '": (long_line_aws, 100000, ["check"]),
    "a line 'a.a.a…' of 200 KB": (long_line_url, 100000, ["check"]),
    "20,000-folder dockerfile path": (deep_dockerfile_path, 20000, ["check"]),
}
GROWING = {"16,000 RUN lines", "8,000 stages", "16,000 ignore patterns", "100,000 TOML tables", "5,000 [[services]]",
           "a line of 100,000 'aws '", "a line 'a.a.a…' of 200 KB", "20,000-folder dockerfile path"}


def run_flylint(root: Path, args: list[str], timeout: float) -> tuple[str | None, float, float]:
    """(failure or None, CPU seconds, peak RSS MiB of the children so far: the kernel keeps one
    maximum over all of them)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    try:
        proc = subprocess.run([sys.executable, "-m", "flylint", *args, str(root)], capture_output=True, text=True,
                              timeout=timeout, cwd=root, errors="replace")
    except subprocess.TimeoutExpired:
        return f"no answer after {timeout:.0f} s", time.monotonic() - start, 0.0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    rss = after.ru_maxrss / 1024
    text = proc.stdout + proc.stderr
    if "Traceback" in text or "internal error" in text:
        line = next((ln for ln in text.splitlines() if "internal error" in ln or "Error" in ln), "")
        return f"crashed: {line[:160]}", cpu, rss
    if proc.returncode not in (0, 1, 2):
        return f"exit status {proc.returncode}", cpu, rss
    return None, cpu, rss


def attacks(only: str | None, timeout: float) -> int:
    failures = 0
    for name, (build, size, args) in ATTACKS.items():
        if only and only.lower() not in name.lower():
            continue
        sizes = [size // 4, size] if name in GROWING else [size]
        cpus = []
        for n in sizes:
            with tempfile.TemporaryDirectory(prefix="flylint-hostile-") as tmp:
                root = Path(tmp)
                build(root, n)
                problem, cpu, rss = run_flylint(root, args, timeout)
            cpus.append(cpu)
            status = "ok" if problem is None else f"FAIL: {problem}"
            print(f"{name:<28} n={n:<7} {cpu:7.2f} s CPU {rss:7.1f} MiB peak so far  {status}", flush=True)
            failures += problem is not None
        if len(cpus) == 2 and cpus[0] > 0:
            print(f"{'':<28} growth x4 in size -> x{cpus[1] / cpus[0]:.1f} in CPU (linear ~4, quadratic ~16)")
    return failures


# -- fuzz ---------------------------------------------------------------------------------------
SEEDS = {"fly.toml": FLY, "Dockerfile": DOCKER, ".dockerignore": "*\n!src\n.env*\n",
         "deploy.sh": "#!/bin/sh\nset -e\nfly deploy --remote-only\n",
         ".github/workflows/deploy.yml": "on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n"
                                         "      - uses: superfly/flyctl-actions/setup-flyctl@master\n"
                                         "      - run: flyctl deploy\n"}


def _corpus_seeds(rng: random.Random) -> dict[str, str]:
    seeds = dict(SEEDS)
    tomls = sorted((CORPUS / "fly-toml").glob("*")) if (CORPUS / "fly-toml").is_dir() else []
    if tomls:
        try:
            seeds["fly.toml"] = rng.choice(tomls).read_text(encoding="utf-8", errors="replace")
        except OSError:
            pass
    return seeds


def mutate(text: str, rng: random.Random) -> bytes:
    data = bytearray(text.encode("utf-8"))
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(8)
        pos = rng.randint(0, len(data))
        if op == 0 and data:  # flip a byte
            data[min(pos, len(data) - 1)] = rng.randrange(256)
        elif op == 1:  # control characters and odd code points
            data[pos:pos] = rng.choice([b"\x1b[2J", b"\r", b"\x00", b"\xe2\x80\xae", b"\xef\xbb\xbf", b"::error::x\n"])
        elif op == 2:  # repeat a line many times
            lines = bytes(data).split(b"\n")
            line = rng.choice(lines)
            data = bytearray(b"\n".join([*lines, *([line] * rng.choice([10, 1000, 20000]))]))
        elif op == 3:  # cut
            del data[pos:pos + rng.randint(1, 40)]
        elif op == 4:  # deep nesting
            data[pos:pos] = rng.choice([b"[", b"{", b"- ", b"a: "]) * rng.choice([100, 5000])
        elif op == 5:  # numbers that do not fit
            data[pos:pos] = rng.choice([b"1e400", b"-inf", b"nan", b"99999999999999999999999", b"0x"])
        elif op == 6:  # random bytes
            data[pos:pos] = rng.randbytes(rng.randint(1, 64))
        else:  # long value
            data[pos:pos] = rng.choice([b"*", b"a", b"\\", b'"']) * rng.choice([100, 10000])
    return bytes(data)


def fuzz(n: int, seed: int, timeout: float) -> int:
    rng = random.Random(seed)
    failures = 0
    formats = ["text", "json", "sarif", "github", "junit", "gitlab"]
    for i in range(n):
        seeds = _corpus_seeds(rng)
        chosen = rng.sample(sorted(seeds), rng.randint(1, len(seeds)))
        fmt = formats[i % len(formats)]
        with tempfile.TemporaryDirectory(prefix="flylint-fuzz-") as tmp:
            root = Path(tmp)
            _write(root, {rel: mutate(seeds[rel], rng) for rel in chosen})
            command = rng.choice([["check", "--format", fmt], ["check", "--diff", "--unsafe-fixes"], ["detect"],
                                  ["report", "--format", "json"]])
            problem, _cpu, _rss = run_flylint(root, command, timeout)
            if problem is not None:
                failures += 1
                keep = Path(tempfile.mkdtemp(prefix=f"flylint-fuzz-fail-{i}-"))
                for rel in chosen:
                    (keep / rel).parent.mkdir(parents=True, exist_ok=True)
                    (keep / rel).write_bytes((root / rel).read_bytes())
                print(f"fuzz {i:>4} {' '.join(command)}: FAIL: {problem} (tree kept in {keep})", flush=True)
    print(f"fuzz: {n} trees, {failures} failed (seed {seed})")
    return failures


# -- long lines of the regexes' own words --------------------------------------------------------
# A regex that is quadratic on a long line needs the line to hold what it looks for, over and
# over (``aws`` for ``aws.*KEY``, ``a.`` for a URL scheme ``[a-z.]*://``): every literal word of
# flylint's own patterns is repeated into a line of about 5 x ``length`` characters, in every
# kind of file, one tree per batch of words.
_PATTERN_CALL = (r"(?:lazy|re\.compile|re\.(?:search|match|fullmatch|finditer|findall|sub|split))"
                 r"\(\s*r?([\"'])(.*?)(?<!\\)\1")


def regex_words() -> list[str]:
    import re

    words: set[str] = set()
    for source in sorted((REPO / "src" / "flylint").rglob("*.py")):
        for m in re.finditer(_PATTERN_CALL, source.read_text(encoding="utf-8")):
            for word in re.split(r"[\\()\[\]{}|*+?.^$]|\\[a-zA-Z]", m.group(2)):
                word = word.strip()
                if 2 <= len(word) <= 20 and re.search(r"[A-Za-z0-9:/=-]", word):
                    words.add(word)
    return sorted(words)


def _word_project(root: Path, word: str, sep: str, length: int) -> None:
    line = ((word + sep) * (length // len(word) + 1))[: length * 5]
    quoted = line.replace('"', "'").replace("\\", "/")
    _write(root, {
        "Dockerfile": f"FROM alpine:3.20\nRUN {line}\nENV X=\"{quoted}\"\nEXPOSE {line}\nUSER nobody\n",
        "fly.toml": (f'app = "x"\n[build]\ndockerfile = "{quoted}"\n[env]\nX = "{quoted}"\n[http_service]\n'
                     f'internal_port = 8080\nforce_https = true\n[[http_service.checks]]\npath = "{quoted}"\n'),
        "deploy.sh": f"#!/bin/sh\nset -eu\n{line}\nfly deploy {line}\n",
        ".dockerignore": f"{line}\n",
        ".github/workflows/deploy.yml": ("on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n"
                                         f"      - run: |\n          flyctl deploy {quoted}\n          {quoted}\n"),
    })


def word_lines(length: int, timeout: float, batch: int = 16) -> int:
    words = [(w, sep) for w in regex_words() for sep in (" ", "")]
    failures = 0
    for i in range(0, len(words), batch):
        chunk = words[i:i + batch]
        with tempfile.TemporaryDirectory(prefix="flylint-words-") as tmp:
            root = Path(tmp)
            for n, (word, sep) in enumerate(chunk):
                _word_project(root / f"w{n}", word, sep, length)
            problem, cpu, _rss = run_flylint(root, ["check"], timeout)
        if problem is not None:
            failures += 1
            print(f"words {[w + s for w, s in chunk]}: FAIL: {problem}", flush=True)
        elif cpu > 2 * len(chunk):  # about 0.2 s a project when linear
            print(f"words {[w + s for w, s in chunk]}: slow, {cpu:.1f} s CPU", flush=True)
    print(f"words: {len(words)} long lines in {(len(words) + batch - 1) // batch} trees, {failures} failed")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run the attacks whose name contains this text")
    parser.add_argument("--fuzz", type=int, default=200, help="random trees to check (0: none)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--timeout", type=float, default=120.0, help="deadline per run, in seconds")
    parser.add_argument("--words", type=int, default=20000, metavar="LENGTH",
                        help="long lines of the regexes' words, about 5 x LENGTH characters (0: none)")
    opts = parser.parse_args()
    failed = attacks(opts.only, opts.timeout)
    if opts.words and not opts.only:
        failed += word_lines(opts.words, opts.timeout)
    if opts.fuzz and not opts.only:
        failed += fuzz(opts.fuzz, opts.seed, opts.timeout)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
