"""Write a recommendation as YAML, JSON or text."""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean(text: Any) -> str:
    """``text`` with control and bidi characters escaped, for the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 256
                        else f"\\u{ord(m.group(0)):04x}", str(text))


def to_yaml(answer: dict[str, Any]) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return str(yaml.dump(answer, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100,
                         default_flow_style=False))


def to_json(answer: dict[str, Any]) -> str:
    import json

    return json.dumps(answer, indent=2, ensure_ascii=False) + "\n"


def _usd(x: float) -> str:
    return f"${x:,.2f}"


def to_text(answer: dict[str, Any]) -> str:
    lines: list[str] = []
    add = lines.append
    scores = answer["scores"]
    add(f"Recommended platform: {answer['platform_name']} ({answer['platform']}), confidence {answer['confidence']}")
    add("Scores: " + ", ".join(f"{p} {n:+d}" for p, n in scores.items()))
    add("")
    add("Why:")
    for r in answer["rationale"]:
        pts = ", ".join(f"{p} {n:+d}" for p, n in r["points"].items())
        where = f"  [{clean(r['from'])}]" if r.get("from") else ""
        add(f"  - {clean(r['reason'])}{f' ({pts})' if pts else ''}{where}")
    arch = answer["architecture"]
    add("")
    add(f"Architecture: {arch['runtime']}")
    for s in arch["services"]:
        machines = ", ".join(f"{reg} {c['min']}–{c['max']}" for reg, c in s["machines_per_region"].items())
        count = f" ×{s['count']}" if s.get("count") else ""
        dbs = f"; databases: {', '.join(s['databases'])}" if s["databases"] else ""
        tpl = f" (template {s['template']})" if s.get("template") else ""
        add(f"  - {clean(s['name'])}{count} [{s['kind']}]{tpl}: {s['size']} {s['memory_mb']} MB, "
            f"machines per region {machines}{dbs}")
    for db in arch["databases"]:
        add(f"  - {clean(db['engine'])}: {clean(db['offering'])}")
    add("  Environments: " + "; ".join(f"{e['name']} {e['memory_mb']} MB, {e['machines']} machines"
                                       for e in arch["environments"]))
    cost = answer["estimated_cost"]
    table = cost["price_table"]
    add("")
    add(f"Estimated cost on Fly.io: {_usd(cost['monthly_usd'])}/month "
        f"({_usd(cost['monthly_usd_all_machines_running'])} with every machine running)")
    for item in cost["items"]:
        add(f"  - {item['environment']}: {clean(item['item'])}: {_usd(item['usd'])}")
    for a in cost["assumptions"]:
        add(f"  assumes {a}")
    add(f"  prices: {table['file']} ({table['status']}; as of {table['as_of']}, written {table['written']}; "
        f"{table['source']})")
    if cost.get("note"):
        add(f"  note: {cost['note']}")
    if answer.get("compliance"):
        add("")
        add("Compliance:")
        for row in answer["compliance"]:
            add(f"  - {row['need']}: " + "; ".join(f"{p} {row[p]['status']}" for p in ("flyio", "kubernetes", "aws")))
    add("")
    add("Alternatives:")
    for alt in answer["alternatives"]:
        add(f"  - {alt['platform']} (score {alt['score']:+d}, {alt['behind_by']} behind) wins with "
            f"{alt['wins_when']}")
    add("")
    add("Next steps:")
    for i, step in enumerate(answer["next_steps"], 1):
        add(f"  {i}. {clean(step['step'])}")
        for cmd in step.get("commands", []):
            add(f"       {clean(cmd)}")
    add("")
    add("Review checklist (validation_requirements):")
    for v in answer["validation_requirements"]:
        add(f"  - [{v['area']}] {v['check']} ({', '.join(v['rules'])})")
    add("")
    add("Smoke tests (test_specifications):")
    for t in answer["test_specifications"]:
        add(f"  - {t['environment']}: {clean(t['command'])}")
    if answer["notices"]:
        add("")
        add("Not used:")
        for n in answer["notices"]:
            add(f"  - line {n['line']}, column {n['column']}: {clean(n['message'])}")
    return "\n".join(lines) + "\n"
