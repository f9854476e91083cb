"""Render a flylint report's HTML to PNG with headless Chromium (the picture in the README).

    python scripts/render_report.py [PATH] [OUT.png] [--width 1100] [--height 1300] [--framework NAME ...]

Runs ``flylint report`` on PATH (default ``examples/sample-app``) in this interpreter, writes the
HTML to a temporary directory and takes a screenshot of its top (header, summary table and
chart) with Chromium (``$FLYLINT_CHROMIUM`` or ``chromium`` on PATH; Debian: ``apt-get install
chromium``), on a fresh profile with network features off. ``SOURCE_DATE_EPOCH`` is fixed so
the picture does not change from run to run unless the report does.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(REPO / "examples" / "sample-app"))
    ap.add_argument("out", nargs="?", default=str(REPO / "docs" / "img" / "report.png"))
    ap.add_argument("--width", type=int, default=1100)
    ap.add_argument("--height", type=int, default=1300)
    ap.add_argument("--framework", action="append", default=[])
    args = ap.parse_args(argv)

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    from flylint.linter.config import load_settings
    from flylint.report import render
    from flylint.report.build import build_report
    from flylint.report.controls import FRAMEWORKS, get_framework
    from flylint.report.pdf import PdfError, browser_args, find_browser, run_browser

    browser = find_browser()
    if browser is None:
        print("render_report: no Chromium found (apt-get install chromium, or set FLYLINT_CHROMIUM)",
              file=sys.stderr)
        return 2
    frameworks = [get_framework(n) for n in args.framework] or list(FRAMEWORKS.values())
    if any(f is None for f in frameworks):
        print(f"render_report: unknown framework in {args.framework}", file=sys.stderr)
        return 2
    # paths in the report are relative to the working directory: show them as a user would see them
    os.chdir(args.path)
    report = build_report([f for f in frameworks if f is not None], ["."], load_settings(["."], None, False))
    html = render(report, "html")
    out = os.path.abspath(os.path.join(REPO, args.out)) if not os.path.isabs(args.out) else args.out
    with tempfile.TemporaryDirectory(prefix="flylint-png-") as tmp:
        src = pathlib.Path(tmp, "report.html")
        src.write_text(html, encoding="utf-8")
        shot = os.path.join(tmp, "report.png")
        cmd = browser_args(browser, os.path.join(tmp, "profile"))
        cmd += [f"--window-size={args.width},{args.height}", "--force-device-scale-factor=1",
                f"--screenshot={shot}", src.as_uri()]
        try:
            run_browser(cmd)
        except PdfError as exc:
            print(f"render_report: {exc}", file=sys.stderr)
            return 1
        data = pathlib.Path(shot).read_bytes()
    if not data.startswith(b"\x89PNG"):
        print("render_report: the browser did not write a PNG", file=sys.stderr)
        return 1
    os.makedirs(os.path.dirname(out), exist_ok=True)
    pathlib.Path(out).write_bytes(data)
    print(f"wrote {out} ({len(data) // 1024} KB) from {args.path}: {report.summary()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
