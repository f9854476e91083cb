"""Self-contained HTML rendering of a report: one file, inline CSS and SVG, no scripts, no
external assets (a Content-Security-Policy says so to the browser). Every piece of text goes
through :func:`html.escape`.

At a glance: a stacked bar per framework (inline SVG) with the number of controls in each
status, a summary table linking to each framework's section, and per-control anchors. Print
styles keep controls whole and show link targets nowhere (the links are in-page).
"""

from __future__ import annotations

from html import escape

from flylint.report.build import (
    EXCEPTED,
    FAIL,
    MANUAL,
    NOT_APPLICABLE,
    NOT_ASSESSED,
    PASS,
    STATUS_LABELS,
    ControlResult,
    Evidence,
    FrameworkResult,
    Report,
    RuleCoverage,
)
from flylint.report.common import (
    MAX_EVIDENCE,
    SHOWN,
    WORDS,
    anchor,
    files_line,
    framework_headline,
    missing_note,
    report_headline,
    rule_groups,
    status_reason,
    title,
)

# fill and text colour of each status (the badges, the chart and the legend use the same)
COLORS = {PASS: ("#1a7f37", "#ffffff"), FAIL: ("#cf222e", "#ffffff"), EXCEPTED: ("#8250df", "#ffffff"),
          NOT_ASSESSED: ("#bc4c00", "#ffffff"), NOT_APPLICABLE: ("#8c959f", "#ffffff"),
          MANUAL: ("#d0d7de", "#1f2328")}

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

_CSS = """
:root { color-scheme: light; --border: #d0d7de; --muted: #57606a; --bg-soft: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328;
  max-width: 72rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.7rem; margin-bottom: .25rem; }
h2 { font-size: 1.35rem; border-bottom: 1px solid var(--border); padding-bottom: .3rem; margin-top: 2.4rem; }
h3 { font-size: 1.1rem; margin-top: 1.6rem; }
h4 { font-size: 1rem; margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .75rem 0; }
th, td { border: 1px solid var(--border); padding: .35rem .6rem; text-align: left; vertical-align: top; }
th { background: var(--bg-soft); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.zero { color: #8c959f; }
code { font: .88em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--bg-soft);
  padding: .05rem .3rem; border-radius: 4px; overflow-wrap: anywhere; }
a { color: #0969da; text-decoration: none; } a:hover { text-decoration: underline; }
.meta th { width: 11rem; }
.muted { color: var(--muted); }
.headline { font-size: 1.05rem; }
.disclaimer { border-left: 4px solid #bf8700; background: #fff8c5; padding: .6rem .9rem; margin: 1rem 0; }
.alert { border-left: 4px solid #bc4c00; background: #fff1e5; padding: .6rem .9rem; margin: 1rem 0; }
.badge { display: inline-block; min-width: 7.5rem; text-align: center; font-weight: 600; font-size: .78rem;
  padding: .1rem .5rem; border-radius: 1rem; white-space: nowrap; }
.chart { margin: .5rem 0 1rem; max-width: 100%; height: auto; }
.control { border: 1px solid var(--border); border-radius: 6px; padding: .75rem 1rem; margin: 1rem 0; }
.control header { display: flex; gap: .75rem; align-items: baseline; flex-wrap: wrap; }
.control ul { margin: .4rem 0; padding-left: 1.3rem; }
.control li { margin: .15rem 0; }
.reason { font-weight: 600; }
.flag { font-size: .8rem; color: #cf222e; font-weight: 600; }
.waiver { color: #8250df; }
footer { margin-top: 2.5rem; border-top: 1px solid var(--border); padding-top: .6rem; font-size: .85rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-before: auto; break-after: avoid; } h3, h4 { break-after: avoid; }
  .control, tr, .chart { break-inside: avoid; }
  a { color: inherit; }
  .badge { border: 1px solid #1f2328; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .chart, .control { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""
_CSS += "".join(f".badge.{s}, .control.{s} {{ --status: {bg}; }} .badge.{s} {{ background: {bg}; color: {fg}; }}\n"
                for s, (bg, fg) in COLORS.items())
_CSS += ".control { border-left: 5px solid var(--status, var(--border)); }\n"


def e(text: object) -> str:
    return escape(str(text), quote=True)


def _message(text: str) -> str:
    """A rule message with its `code spans` shown as <code>; everything escaped."""
    parts = str(text).split("`")
    if len(parts) % 2 == 0:
        return e(text)
    return "".join(f"<code>{e(p)}</code>" if i % 2 else e(p) for i, p in enumerate(parts))


def _badge(status: str) -> str:
    return f'<span class="badge {status}">{STATUS_LABELS[status]}</span>'


def chart(frameworks: list[FrameworkResult]) -> str:
    """An inline SVG: one stacked horizontal bar per framework, controls counted by status."""
    label_w, bar_w, total_w, row_h, bar_h, top = 200, 470, 60, 34, 22, 8
    width = label_w + bar_w + total_w
    legend_y = top + row_h * len(frameworks) + 10
    height = legend_y + 24
    names = ", ".join(fr.framework.name for fr in frameworks)
    out = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title" '
           'font-family="-apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="12">',
           f'<title id="chart-title">Controls by status for {e(names)}</title>']
    for i, fr in enumerate(frameworks):
        y = top + i * row_h
        counts = fr.counts
        total = sum(counts.values()) or 1
        href = f"#{anchor(fr.framework.key)}"
        out.append(f'<a href="{href}"><text x="{label_w - 10}" y="{y + bar_h / 2 + 4:.0f}" text-anchor="end" '
                   f'fill="#0969da" font-size="13">{e(fr.framework.name)}</text></a>')
        x = float(label_w)
        for status in SHOWN:
            n = counts[status]
            if not n:
                continue
            w = bar_w * n / total
            bg, fg = COLORS[status]
            out.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{bg}" '
                       f'stroke="#ffffff" stroke-width="1"><title>{e(fr.framework.name)}: {n} '
                       f'{WORDS[status]}</title></rect>')
            if w >= 16:
                out.append(f'<text x="{x + w / 2:.1f}" y="{y + bar_h / 2 + 4:.0f}" text-anchor="middle" '
                           f'fill="{fg}" font-weight="600">{n}</text>')
            x += w
        out.append(f'<text x="{label_w + bar_w + 8}" y="{y + bar_h / 2 + 4:.0f}" fill="#57606a">'
                   f'{sum(counts.values())}</text>')
    x = float(label_w)
    for status in SHOWN:
        bg, _ = COLORS[status]
        out.append(f'<rect x="{x:.0f}" y="{legend_y}" width="12" height="12" rx="2" fill="{bg}"/>')
        out.append(f'<text x="{x + 16:.0f}" y="{legend_y + 10}" fill="#1f2328">{e(WORDS[status])}</text>')
        x += 16 + 6.4 * len(WORDS[status]) + 18
    out.append("</svg>")
    return "\n".join(out)


def render(report: Report) -> str:
    single = len(report.frameworks) == 1
    heading = title(report)
    out: list[str] = []
    add = out.append
    add("<!DOCTYPE html>")
    add('<html lang="en">')
    add("<head>")
    add('<meta charset="utf-8">')
    add(f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">')
    add('<meta name="viewport" content="width=device-width, initial-scale=1">')
    add(f'<meta name="generator" content="flylint {e(report.tool_version)}">')
    add(f"<title>{e(heading)}</title>")
    add(f"<style>{_CSS}</style>")
    add("</head>")
    add("<body>")
    add("<header>")
    add(f"<h1>{e(heading)}</h1>")
    add(f'<p class="muted">Generated by flylint {e(report.tool_version)} on '
        f'<time datetime="{e(report.generated_at)}">{e(report.generated_at)}</time>.</p>')
    add("</header>")
    add('<table class="meta">')
    paths = ", ".join(f"<code>{e(p)}</code>" for p in report.paths) or "<code>.</code>"
    rows: list[tuple[str, str]] = []
    if single:
        fw = report.framework
        rows += [("Framework", e(f"{fw.name} {fw.version}")), ("Source", e(fw.source)), ("Scope", e(fw.scope))]
    else:
        rows.append(("Frameworks", ", ".join(e(f"{r.framework.name} {r.framework.version}")
                                             for r in report.frameworks)))
    rows += [
        ("Scanned paths", paths),
        ("Files", e(files_line(report))),
        ("Git commit", f"<code>{e(report.git_commit)}</code>" if report.git_commit else "unknown"),
        ("Configuration", f"<code>{e(report.config_path)}</code>" if report.config_path else "none"),
    ]
    for name, value in rows:
        add(f"<tr><th>{e(name)}</th><td>{value}</td></tr>")
    add("</table>")
    add(f'<p class="disclaimer"><strong>Not an audit.</strong> {e(report.disclaimer)}</p>')

    add('<h2 id="summary">Summary</h2>')
    add(f'<p class="headline"><strong>{e(report_headline(report))}</strong></p>')
    add(chart(report.frameworks))
    add("<table>")
    add("<thead><tr><th>Framework</th>" + "".join(f'<th class="num">{_badge(s)}</th>' for s in SHOWN)
        + '<th class="num">Total</th></tr></thead>')
    add("<tbody>")
    for fr in report.frameworks:
        counts = fr.counts
        cells = "".join(f'<td class="num{"" if counts[s] else " zero"}">{counts[s]}</td>' for s in SHOWN)
        add(f'<tr><td><a href="#{anchor(fr.framework.key)}">{e(fr.framework.name)}</a></td>{cells}'
            f'<td class="num">{len(fr.controls)}</td></tr>')
    add("</tbody>")
    add("</table>")
    s = report.summary()
    add(f"<p>{s['findings']} finding(s) cited as evidence; {s['exceptions']} exception(s) (suppressed or "
        "baselined findings).</p>")
    if report.unparsed:
        add('<div class="alert"><strong>Evidence hidden.</strong> These files could not be parsed; the '
            "controls whose rules read them are NOT ASSESSED.<ul>")
        for ev in report.unparsed:
            add(f"<li><code>{e(ev.location)}</code> {e(ev.code)}: {_message(ev.message)}</li>")
        add("</ul></div>")

    for fr in report.frameworks:
        _framework(out, fr, report.files)
    if report.notes:
        add('<h2 id="notes">Notes</h2>')
        add("<ul>")
        for note in report.notes:
            add(f"<li>{_message(note)}</li>")
        add("</ul>")
    names = "; ".join(f"{r.framework.name} {r.framework.version}" for r in report.frameworks)
    add(f"<footer>flylint {e(report.tool_version)}, {e(names)}. Configuration evidence only; not an audit or "
        "certification.</footer>")
    add("</body>")
    add("</html>")
    return "\n".join(out) + "\n"


def _framework(out: list[str], fr: FrameworkResult, files: dict[str, int]) -> None:
    add = out.append
    fw = fr.framework
    add(f'<section id="{anchor(fw.key)}">')
    add(f"<h2>{e(fw.name)} <span class=\"muted\">{e(fw.version)}</span></h2>")
    add(f'<p class="muted">{e(fw.source)}. {e(fw.scope)}</p>')
    add(f'<p class="headline"><strong>{e(framework_headline(fr))}</strong></p>')
    add("<table>")
    add("<thead><tr><th>Control</th><th>Title</th><th>Section</th><th>Mapping</th><th>Status</th>"
        '<th class="num">Findings</th><th class="num">Rules</th></tr></thead>')
    add("<tbody>")
    for r in fr.controls:
        c = r.control
        manual = c.kind == MANUAL
        add(f'<tr><td><a href="#{anchor(fw.key, c.id)}">{e(c.ref)}</a></td><td>{e(c.title)}</td>'
            f"<td>{e(c.section)}</td><td>{e(c.strength or 'manual')}</td><td>{_badge(r.status)}</td>"
            f'<td class="num">{"-" if manual else len(r.findings) + len(r.exceptions)}</td>'
            f'<td class="num">{"-" if manual else len(r.rules)}</td></tr>')
    add("</tbody>")
    add("</table>")
    automated = [r for r in fr.controls if r.status != MANUAL]
    if automated:
        add(f'<h3 id="{anchor(fw.key)}-evidence">Evidence</h3>')
        for r in automated:
            _control(out, fw.key, r, files)
    manual_rows = [r for r in fr.controls if r.status == MANUAL]
    if manual_rows:
        add(f'<h3 id="{anchor(fw.key)}-manual">Manual checks</h3>')
        add("<p>flylint cannot see these in configuration files; check them by hand.</p>")
        add("<ul>")
        for r in manual_rows:
            c = r.control
            add(f'<li id="{anchor(fw.key, c.id)}"><strong>{e(c.ref)} {e(c.title)}</strong> '
                f'<span class="muted">({e(c.section)})</span>: {_message(c.guidance)}</li>')
        add("</ul>")
    add("</section>")


def _evidence(ev: Evidence) -> str:
    flag = ' <span class="flag">ignored by config</span>' if ev.ignored_by_config else ""
    waiver = f' <span class="waiver">— {_message(ev.waiver.text)}</span>' if ev.waiver is not None else ""
    return (f"<li><code>{e(ev.location)}</code> {e(ev.code)} ({e(ev.severity)}): "
            f"{_message(ev.message)}{flag}{waiver}</li>")


def _control(out: list[str], key: str, r: ControlResult, files: dict[str, int]) -> None:
    add = out.append
    c = r.control
    add(f'<section class="control {r.status}" id="{anchor(key, c.id)}">')
    add(f"<header><h4>{e(c.ref)} {e(c.title)}</h4>{_badge(r.status)}</header>")
    add(f'<p><span class="muted">{e(c.section)}; {e(c.strength)} mapping: {e(c.rationale)}</span> '
        f"{_message(c.guidance)}</p>")
    reason = status_reason(r)
    if reason:
        add(f'<p class="reason">{_message(reason)}</p>')
    for label, items in (("Findings", r.findings), ("Exceptions, not counted as failures", r.exceptions)):
        if not items:
            continue
        add(f"<p><strong>{label} ({len(items)})</strong></p>")
        add("<ul>")
        for ev in items[:MAX_EVIDENCE]:
            add(_evidence(ev))
        if len(items) > MAX_EVIDENCE:
            add(f"<li>… and {len(items) - MAX_EVIDENCE} more (see <code>--format json</code>)</li>")
        add("</ul>")
    groups = rule_groups(r)

    def codes(rows: list[RuleCoverage]) -> str:
        return ", ".join(f'<code title="{e(x.summary)}">{e(x.code)}</code>' for x in rows)

    lines = []
    if groups[FAIL]:
        lines.append("Rules with findings: " + ", ".join(
            f"<code>{e(x.code)}</code> {e(x.name)} ({x.findings})" for x in groups[FAIL]))
    if groups[EXCEPTED]:
        lines.append("Rules with excepted findings only: " + codes(groups[EXCEPTED]))
    if groups[PASS]:
        lines.append("Rules that applied and found nothing: " + codes(groups[PASS]))
    if groups[NOT_APPLICABLE]:
        lines.append("Rules with nothing to check: " + ", ".join(
            f'<code title="{e(x.summary)}">{e(x.code)}</code> ({e("; ".join(x.not_applicable[:3]))})'
            for x in groups[NOT_APPLICABLE]))
    if groups[NOT_ASSESSED]:
        lines.append("Rules not assessed: " + ", ".join(
            f'<code title="{e(x.summary)}">{e(x.code)}</code> '
            f'({e("; ".join(x.not_assessed[:3]) or missing_note(x, files))})' for x in groups[NOT_ASSESSED]))
    if lines:
        add('<ul class="muted">')
        for line in lines:
            add(f"<li>{line}</li>")
        add("</ul>")
    add("</section>")
