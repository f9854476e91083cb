#!/usr/bin/env python3
"""Precision of flylint's default rule set on the labelled real-project corpus.

Usage:
    python benchmarks/precision.py                 # print precision per severity and rule,
                                                   # write docs/precision.md and the SARIF
                                                   # precision table src/flylint/data/precision.json
    python benchmarks/precision.py --check         # exit 1 when a finding labelled FP is back,
                                                   # a labelled TP is gone, or an error-level
                                                   # finding has no label
    python benchmarks/precision.py --add-unlabelled  # append today's unlabelled findings to the
                                                   # labels file with label "?" (to be judged)
    python benchmarks/precision.py --refresh       # store today's severity and message with each
                                                   # label (after a reworded message; labels kept)
    python benchmarks/precision.py --no-write      # print only

The corpus is ``../shared/corpus/projects/`` (public Fly.io projects, deployment files only;
``FLYLINT_SHARED`` or ``--corpus`` point elsewhere). Each project folder is linted on its own,
in-process, with the default rule set and no configuration file, exactly as
``cd PROJECT && flylint check . --no-config`` would.

The labels live in ``tests/precision/labels.json``: for every project, one entry per finding
with ``path``, ``code``, ``line`` (and ``n``, the occurrence number, when one rule reports
several findings on the same line), the judgement ``label`` (``TP``, ``FP``, ``debatable``),
a one-line ``reason``, and the ``severity`` and ``message`` the finding had when it was judged.
A finding matches a label when project, path, code, line and occurrence agree; the message is
kept for readers, not for matching, so rewording a message keeps its label.

Precision of a rule = TP / (TP + FP) over its labelled findings today; debatable findings are
counted apart (and in the strict figure, TP / all judged). A label whose finding is no longer
reported is listed as *gone*: for an FP that is the point of a fix, for a TP it is a lost true
finding (``--check`` fails).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "tests" / "precision" / "labels.json"
DOC = REPO / "docs" / "precision.md"
TABLE = REPO / "src" / "flylint" / "data" / "precision.json"
LABEL_VALUES = ("TP", "FP", "debatable")
SEVERITIES = ("error", "warning", "info")
FIELDS = ("path", "code", "line", "n", "label", "severity_max", "reason", "severity", "message")
RANK = {"info": 1, "warning": 2, "error": 3}


def default_corpus() -> Path | None:
    """``../shared/corpus/projects`` beside the checkout (or above a worktree), or $FLYLINT_SHARED."""
    env = os.environ.get("FLYLINT_SHARED")
    candidates = [Path(env)] if env else []
    candidates += [p / "shared" for p in REPO.parents]
    for shared in candidates:
        projects = shared / "corpus" / "projects"
        if (projects / "MANIFEST.tsv").is_file():
            return projects
    return None


def projects_in(corpus: Path) -> list[str]:
    return sorted(p.name for p in corpus.iterdir() if p.is_dir() and not p.name.startswith("."))


def lint_project(folder: Path) -> list[dict[str, Any]]:
    """The default findings of one project folder, as plain dicts, in file order."""
    src = REPO / "src"
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    from flylint.linter.config import Settings
    from flylint.linter.engine import Linter

    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = Linter(Settings()).lint_paths(["."])
    finally:
        os.chdir(cwd)
    out: list[dict[str, Any]] = []
    seen: Counter[tuple[str, str, int]] = Counter()
    for f in sorted(result.findings, key=lambda f: (f.path, f.span.line, f.code, f.span.column)):
        key = (f.path, f.code, f.span.line)
        n = seen[key]
        seen[key] += 1
        out.append({"path": f.path, "code": f.code, "line": f.span.line, "n": n,
                    "severity": str(f.severity), "message": f.message})
    return out


def lint_corpus(corpus: Path, only: list[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    return {name: lint_project(corpus / name) for name in projects_in(corpus) if not only or name in only}


def key_of(item: dict[str, Any]) -> tuple[str, str, int, int]:
    return (item["path"], item["code"], int(item["line"]), int(item.get("n", 0)))


def effective(finding: dict[str, Any], lab: dict[str, Any]) -> str:
    """The label a finding counts as today: a TP reported above its ``severity_max`` is a false alarm."""
    cap = lab.get("severity_max")
    if lab["label"] == "TP" and cap and RANK.get(finding["severity"], 0) > RANK.get(cap, 3):
        return "FP"
    return str(lab["label"])


def load_labels(path: Path = LABELS) -> dict[str, Any]:
    if not path.is_file():
        return {"criteria": {}, "projects": {}}
    return json.loads(path.read_text(encoding="utf-8"))


_REDACTED = None


def scrub(message: str) -> str:
    """The message without the redacted prefix of a secret (labels keep no part of a value)."""
    global _REDACTED
    if _REDACTED is None:
        import re

        _REDACTED = re.compile(r"[^\s(`]*…\(\d+ chars\)")
    return _REDACTED.sub("…", message)


def save_labels(data: dict[str, Any], path: Path = LABELS) -> None:
    """One label per line, so a change to one judgement is a one-line diff."""
    lines = ["{"]
    criteria = json.dumps(data.get("criteria", {}), indent=2, ensure_ascii=False)
    lines.append(f' "criteria": {criteria},'.replace("\n", "\n "))
    lines.append(' "projects": {')
    names = sorted(data["projects"])
    for i, name in enumerate(names):
        items = sorted(data["projects"][name], key=key_of)
        lines.append(f'  "{name}": [')
        for j, item in enumerate(items):
            item = {**item, "message": scrub(item.get("message", ""))}
            entry = {k: item[k] for k in FIELDS if k in item and not (k == "n" and not item[k])}
            comma = "," if j < len(items) - 1 else ""
            lines.append("   " + json.dumps(entry, ensure_ascii=False) + comma)
        lines.append("  ]" + ("," if i < len(names) - 1 else ""))
    lines.append(" }")
    lines.append("}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


class Comparison:
    """Today's findings set against the labels."""

    def __init__(self, found: dict[str, list[dict[str, Any]]], labels: dict[str, Any]) -> None:
        self.judged: list[tuple[str, dict[str, Any], dict[str, Any]]] = []  # (project, finding, label)
        self.unlabelled: list[tuple[str, dict[str, Any]]] = []
        self.gone: list[tuple[str, dict[str, Any]]] = []  # labels whose finding is not reported
        for name, findings in found.items():
            by_key = {key_of(lab): lab for lab in labels.get("projects", {}).get(name, [])}
            reported = set()
            for f in findings:
                k = key_of(f)
                lab = by_key.get(k)
                if lab is None or lab.get("label") not in LABEL_VALUES:
                    self.unlabelled.append((name, f))
                else:
                    self.judged.append((name, f, lab))
                    reported.add(k)
            for k, lab in by_key.items():
                if k not in reported and lab.get("label") in LABEL_VALUES:
                    self.gone.append((name, lab))

    @property
    def returned_fp(self) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
        return [j for j in self.judged if j[2]["label"] == "FP"]

    @property
    def too_severe(self) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
        """True findings reported above the severity they were judged true at."""
        return [j for j in self.judged if j[2]["label"] == "TP" and effective(j[1], j[2]) == "FP"]

    @property
    def lost_tp(self) -> list[tuple[str, dict[str, Any]]]:
        return [g for g in self.gone if g[1]["label"] == "TP"]

    @property
    def unlabelled_errors(self) -> list[tuple[str, dict[str, Any]]]:
        return [u for u in self.unlabelled if u[1]["severity"] == "error"]

    def counts(self, group: str) -> dict[str, Counter[str]]:
        """Label counts per severity (``group="severity"``) or per rule code."""
        out: dict[str, Counter[str]] = defaultdict(Counter)
        for _, f, lab in self.judged:
            out[f[group]][effective(f, lab)] += 1
        for _, f in self.unlabelled:
            out[f[group]]["unlabelled"] += 1
        return out

    def problems(self) -> list[str]:
        msgs = []
        for name, f, lab in self.returned_fp:
            msgs.append(f"{name}/{f['path']}:{f['line']} {f['code']} is back but was judged FP ({lab['reason']})")
        for name, f, lab in self.too_severe:
            msgs.append(f"{name}/{f['path']}:{f['line']} {f['code']} is reported at {f['severity']} but was judged "
                        f"true only up to {lab['severity_max']} ({lab['reason']})")
        for name, lab in self.lost_tp:
            msgs.append(f"{name}/{lab['path']}:{lab['line']} {lab['code']} judged TP is no longer reported "
                        f"({lab['reason']})")
        for name, f in self.unlabelled_errors:
            msgs.append(f"{name}/{f['path']}:{f['line']} {f['code']} error-level finding has no label: {f['message']}")
        return msgs


def precision(c: Counter[str]) -> float | None:
    judged = c["TP"] + c["FP"]
    return c["TP"] / judged if judged else None


def strict(c: Counter[str]) -> float | None:
    total = c["TP"] + c["FP"] + c["debatable"]
    return c["TP"] / total if total else None


def pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f} %"


def github_precision(c: Counter[str]) -> str:
    """The SARIF ``precision`` band a rule's measured figures support (flylint.linter.precision)."""
    from flylint.linter.precision import band

    return band(c["TP"], c["FP"], c["debatable"]) or "unmeasured"


def table(cmp: Comparison) -> dict[str, Any]:
    """The per-rule counts and bands shipped as ``flylint/data/precision.json``."""
    rules: dict[str, Any] = {}
    for code, c in sorted(cmp.counts("code").items()):
        value = github_precision(c)
        if value != "unmeasured":
            rules[code] = {"tp": c["TP"], "fp": c["FP"], "debatable": c["debatable"], "precision": value}
    return {
        "about": "generated by benchmarks/precision.py from the hand labels in tests/precision/labels.json "
                 "over the real-project corpus; read by flylint.linter.precision for SARIF",
        "rules": rules,
    }


def write_table(cmp: Comparison, path: Path = TABLE) -> None:
    data = table(cmp)
    lines = ["{", f' "about": {json.dumps(data["about"])},', ' "rules": {']
    items = list(data["rules"].items())
    for i, (code, entry) in enumerate(items):
        lines.append(f'  "{code}": {json.dumps(entry)}' + ("," if i < len(items) - 1 else ""))
    lines += [" }", "}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def rule_table() -> dict[str, Any]:
    src = REPO / "src"
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    from flylint.linter.registry import load_all

    return load_all()


def render(cmp: Comparison, corpus: Path, nprojects: int) -> str:
    rules = rule_table()
    by_sev = cmp.counts("severity")
    by_rule = cmp.counts("code")
    total: Counter[str] = Counter()
    for c in by_sev.values():
        total.update(c)
    out = [
        "# Precision on real projects",
        "",
        "Generated by `python benchmarks/precision.py` — do not edit by hand. The corpus is",
        f"`../shared/corpus/projects/` ({nprojects} public Fly.io projects, deployment files only); every",
        "finding of the default rule set is judged by hand in `tests/precision/labels.json`",
        "(TP = a reviewer would agree, FP = wrong, debatable = defensible either way). The criteria are in",
        "that file and in [severity.md](severity.md).",
        "",
        "Precision = TP / (TP + FP); strict = TP / (TP + FP + debatable). A finding judged true only up to",
        "a lower severity (`severity_max`, e.g. a performance hint) counts as FP while it is reported above",
        "it. *gone* = labelled findings no longer reported (an FP gone is a fixed false alarm; a TP gone",
        "would be a lost true finding).",
        "",
        "## Per severity (today's severity of each finding)",
        "",
        "| severity | findings | TP | FP | debatable | unlabelled | precision | strict |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for sev in SEVERITIES:
        c = by_sev.get(sev, Counter())
        n = sum(c.values())
        out.append(f"| {sev} | {n} | {c['TP']} | {c['FP']} | {c['debatable']} | {c['unlabelled']} | "
                   f"{pct(precision(c))} | {pct(strict(c))} |")
    n = sum(total.values())
    out.append(f"| **all** | {n} | {total['TP']} | {total['FP']} | {total['debatable']} | {total['unlabelled']} | "
               f"{pct(precision(total))} | {pct(strict(total))} |")
    gone = Counter(lab["label"] for _, lab in cmp.gone)
    out += [
        "",
        f"Labelled findings no longer reported: {gone['FP']} FP (fixed false alarms), {gone['debatable']} debatable, "
        f"{gone['TP']} TP (lost true findings).",
        "",
        "## Per rule",
        "",
        "`SARIF` is the `precision` property flylint's SARIF gives the rule: the band these figures support",
        "(written to `src/flylint/data/precision.json` by the same script), counting a debatable finding as half",
        "right: score = (TP + debatable/2) / findings; very-high ≥ 97 % over ≥ 10 findings, high ≥ 90 %",
        "(or ≥ 97 % over fewer), medium ≥ 70 %, low below. A rule with no finding here keeps the band it",
        "declares (`@rule(precision=...)`, high by default).",
        "",
        "| rule | name | severity | findings | TP | FP | debatable | unlabelled | precision | strict | SARIF |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for code in sorted(by_rule):
        c = by_rule[code]
        meta = rules.get(code)
        name = meta.name if meta else "?"
        sev = str(meta.severity) if meta else "?"
        out.append(f"| {code} | {name} | {sev} | {sum(c.values())} | {c['TP']} | {c['FP']} | {c['debatable']} | "
                   f"{c['unlabelled']} | {pct(precision(c))} | {pct(strict(c))} | {github_precision(c)} |")
    silent = sorted(code for code, meta in rules.items() if meta.default_enabled and code not in by_rule)
    out += ["", f"Rules with no finding on this corpus ({len(silent)}): " + ", ".join(silent) + "."]
    gone_fp = [(name, lab) for name, lab in cmp.gone if lab["label"] != "TP"]
    if gone_fp:
        per: Counter[str] = Counter(lab["code"] for _, lab in gone_fp)
        out += ["", "## False alarms and debatable findings no longer reported", "",
                "| rule | count |", "| --- | ---: |"]
        out += [f"| {code} | {k} |" for code, k in sorted(per.items())]
    remaining = [(name, f, lab) for name, f, lab in cmp.judged if effective(f, lab) != "TP"]
    if remaining:
        out += ["", "## Findings still judged FP or debatable", "",
                "| project | file:line | rule | severity | label | reason |", "| --- | --- | --- | --- | --- | --- |"]
        for name, f, lab in sorted(remaining, key=lambda t: (t[1]["code"], t[0], t[1]["path"], t[1]["line"])):
            reason = lab["reason"].replace("|", "\\|")
            label = lab["label"] if effective(f, lab) == lab["label"] else f"TP up to {lab['severity_max']}"
            out.append(f"| {name} | {f['path']}:{f['line']} | {f['code']} | {f['severity']} | {label} | {reason} |")
    if cmp.unlabelled:
        out += ["", f"## Unlabelled findings ({len(cmp.unlabelled)})", "",
                "Judge them and add them to `tests/precision/labels.json` (`--add-unlabelled` appends them "
                "with label `?`).", ""]
        for name, f in cmp.unlabelled:
            out.append(f"- {name}/{f['path']}:{f['line']} {f['code']} ({f['severity']})")
    return "\n".join(out) + "\n"


def print_summary(cmp: Comparison) -> None:
    by_sev = cmp.counts("severity")
    print(f"{'severity':<10}{'n':>6}{'TP':>6}{'FP':>6}{'deb':>6}{'unl':>6}  precision  strict")
    for sev in SEVERITIES:
        c = by_sev.get(sev, Counter())
        print(f"{sev:<10}{sum(c.values()):>6}{c['TP']:>6}{c['FP']:>6}{c['debatable']:>6}{c['unlabelled']:>6}"
              f"  {pct(precision(c)):>9}  {pct(strict(c)):>6}")
    print()
    print(f"{'rule':<8}{'sev':<9}{'n':>5}{'TP':>5}{'FP':>5}{'deb':>5}{'unl':>5}  precision")
    rules = rule_table()
    for code, c in sorted(cmp.counts("code").items()):
        meta = rules.get(code)
        sev = str(meta.severity) if meta else "?"
        print(f"{code:<8}{sev:<9}{sum(c.values()):>5}{c['TP']:>5}{c['FP']:>5}{c['debatable']:>5}{c['unlabelled']:>5}"
              f"  {pct(precision(c)):>9}")
    gone = Counter(lab["label"] for _, lab in cmp.gone)
    print(f"\nno longer reported: {gone['FP']} FP, {gone['debatable']} debatable, {gone['TP']} TP")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, help="folder of project folders (default ../shared/corpus/projects)")
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--project", action="append", help="only this project folder (repeatable)")
    ap.add_argument("--check", action="store_true", help="exit 1 on a returned FP, a lost TP or an unlabelled error")
    ap.add_argument("--add-unlabelled", action="store_true", help="append unlabelled findings with label '?'")
    ap.add_argument("--refresh", action="store_true",
                    help="update the severity and message stored with each label to today's (judgements unchanged)")
    ap.add_argument("--no-write", action="store_true", help=f"do not write {DOC.relative_to(REPO)}")
    ap.add_argument("--dump", type=Path, help="write today's findings (JSON) to this file")
    args = ap.parse_args(argv)
    corpus = args.corpus or default_corpus()
    if corpus is None or not corpus.is_dir():
        print("precision: no corpus (../shared/corpus/projects not found; use --corpus or FLYLINT_SHARED)")
        return 2
    found = lint_corpus(corpus, args.project)
    if args.dump:
        args.dump.write_text(json.dumps(found, indent=1) + "\n", encoding="utf-8")
    labels = load_labels(args.labels)
    cmp = Comparison(found, labels)
    if args.add_unlabelled and cmp.unlabelled:
        projects = labels.setdefault("projects", {})
        for name, f in cmp.unlabelled:
            entries = projects.setdefault(name, [])
            entries[:] = [e for e in entries if key_of(e) != key_of(f)]
            entries.append({**f, "label": "?", "reason": ""})
        save_labels(labels, args.labels)
        print(f"appended {len(cmp.unlabelled)} unlabelled findings to {args.labels}")
    if args.refresh and cmp.judged:
        for _, f, lab in cmp.judged:
            lab["severity"], lab["message"] = f["severity"], f["message"]
        save_labels(labels, args.labels)
        print(f"refreshed the severity and message of {len(cmp.judged)} labels in {args.labels}")
    print_summary(cmp)
    if not args.no_write and not args.project:
        DOC.write_text(render(cmp, corpus, len(found)), encoding="utf-8")
        write_table(cmp)
        print(f"wrote {DOC.relative_to(REPO)} and {TABLE.relative_to(REPO)}")
    if args.check:
        problems = cmp.problems()
        for p in problems:
            print("PROBLEM:", p)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
