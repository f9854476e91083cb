"""``flylint report``: the deployment review checklist and compliance checklists.

Exit status: 0 when no control fails and no evidence is hidden, 1 when a control fails or a
file that could not be parsed left controls unassessed, 2 for usage or configuration errors
(and a PDF that cannot be made).
"""

from __future__ import annotations

import os
import sys

import click

from flylint.base.console import fail as _fail
from flylint.report import RENDERERS

_EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".json": "json",
               ".pdf": "pdf"}
_FORMATS = sorted([*RENDERERS, "pdf"])


@click.command("report")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--framework", "framework_names", metavar="NAME", multiple=True,
              help="review, soc2, gdpr, hipaa, pci-dss, cis-docker or all (the default: all, review first). "
                   "Repeat it or separate names with commas.")
@click.option("--format", "fmt", type=click.Choice(_FORMATS),
              help="Report format (default: from the -o file extension, else markdown). pdf needs -o and "
                   "Chromium.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file to use.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when a control fails or is not assessed.")
def report_command(paths: tuple[str, ...], framework_names: tuple[str, ...], fmt: str | None,
                   output: str | None, config_path: str | None, no_config: bool, exit_zero: bool) -> None:
    """Write checklists for PATHS (default: the current directory).

    Every control is PASS (a mapped rule applied and found nothing), FAIL (with the findings),
    EXCEPTED (only suppressed or baselined findings, listed with their reasons), NOT ASSESSED
    (a file it needs is missing or did not parse), NOT APPLICABLE (nothing it covers, with the
    reason) or MANUAL (to check by hand). The mapped rules always run, whatever the
    configuration selects or ignores. This is configuration evidence, not an audit.
    """
    from flylint.report.controls import FRAMEWORKS, get_framework

    valid = ", ".join(FRAMEWORKS)
    names = [n.strip() for raw in framework_names for n in raw.split(",") if n.strip()]
    if not names or any(n.lower() == "all" for n in names):
        frameworks = list(FRAMEWORKS.values())
    else:
        frameworks = []
        for name in names:
            fw = get_framework(name)
            if fw is None:
                _fail(f"unknown framework {name!r}; choose one of: {valid} (or all)")
                return
            if fw not in frameworks:
                frameworks.append(fw)
    if fmt is None:
        fmt = _EXTENSIONS.get(os.path.splitext(output)[1].lower(), "markdown") if output else "markdown"
    if fmt == "pdf" and not output:
        _fail("--format pdf needs -o FILE")
        return
    if output and os.path.splitext(output)[1].lower() == ".pdf" and fmt != "pdf":
        _fail(f"{output} ends in .pdf but the format is {fmt}; write it to a .{_ext(fmt)} file instead")
        return

    from flylint.linter.baseline import BaselineError
    from flylint.linter.config import ConfigError, load_settings
    from flylint.linter.discover import PathNotFound
    from flylint.report import render
    from flylint.report.build import build_report

    path_list = list(paths) or ["."]
    try:
        settings = load_settings(path_list, config_path, no_config)
        report = build_report(frameworks, path_list, settings)
    except (ConfigError, BaselineError) as exc:
        _fail(str(exc))
        return
    except PathNotFound as exc:
        _fail(f"path not found: {exc}")
        return

    if fmt == "pdf":
        from flylint.report.pdf import PdfError, html_to_pdf

        try:
            data = html_to_pdf(render(report, "html"))
        except PdfError as exc:
            _fail(f"cannot write {output}: {exc}")
            return
    else:
        data = render(report, fmt).encode("utf-8")
    if output:
        from flylint.base.files import write_atomic

        try:
            write_atomic(output, data)
        except OSError as exc:
            _fail(f"cannot write {output}: {exc.strerror or exc}")
            return
        what = (f"the {report.framework.name} checklist" if len(report.frameworks) == 1
                else f"{len(report.frameworks)} checklists")
        from flylint.report.common import counts_phrase

        click.echo(f"Wrote {what} to {output}: {counts_phrase(report.counts)}.", err=True)
    else:
        sys.stdout.write(data.decode("utf-8"))
    if report.evidence_hidden:
        paths_hidden = sorted({e.path for e in report.unparsed}) or sorted({p for r in report.controls
                                                                           for p in r.hidden})
        n = sum(1 for r in report.controls if r.hidden)
        click.echo(f"flylint: {n} control(s) not assessed: {', '.join(paths_hidden)} could not be "
                   "parsed or checked", err=True)
    bad = report.failed or report.evidence_hidden
    raise SystemExit(1 if bad and not exit_zero else 0)


def _ext(fmt: str) -> str:
    return {"markdown": "md"}.get(fmt, fmt)
