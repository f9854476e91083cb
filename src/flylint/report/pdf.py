"""PDF output: the HTML report printed by a headless Chromium, when one is installed.

flylint has no PDF engine of its own. ``-o report.pdf`` looks for Chromium or Chrome
(``$FLYLINT_CHROMIUM``, else ``chromium``, ``chromium-browser``, ``google-chrome`` … on PATH),
prints the self-contained HTML with it, and checks that what came back is a PDF. Without a
browser it refuses with a clear message: never Markdown or HTML in a file named ``.pdf``.

The browser runs headless on a private temporary profile, with networking features off; the
page it prints has no scripts and a Content-Security-Policy that forbids loading anything.
"""

from __future__ import annotations

import os
import shutil

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
TIMEOUT = 120  # seconds


class PdfError(Exception):
    """No browser to print with, or printing failed."""


def find_browser() -> str | None:
    explicit = os.environ.get("FLYLINT_CHROMIUM", "").strip()
    if explicit:
        return shutil.which(explicit) or (explicit if os.path.isfile(explicit) else None)
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def browser_args(browser: str, profile: str) -> list[str]:
    args = [browser, "--headless", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--no-first-run",
            "--no-default-browser-check", "--hide-scrollbars", f"--user-data-dir={profile}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox
    return args


def run_browser(args: list[str], timeout: int = TIMEOUT) -> None:
    import subprocess

    try:
        proc = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise PdfError(f"{os.path.basename(args[0])} did not finish within {timeout} s") from None
    except OSError as exc:
        raise PdfError(f"cannot run {args[0]}: {exc.strerror or exc}") from None
    if proc.returncode != 0:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise PdfError(f"{os.path.basename(args[0])} exited with status {proc.returncode}: {tail[0][:200]}")


def html_to_pdf(html: str, browser: str | None = None) -> bytes:
    """The PDF of ``html`` as Chromium prints it (A4/Letter by locale, no header or footer)."""
    import pathlib
    import tempfile

    browser = browser or find_browser()
    if browser is None:
        raise PdfError("PDF output needs Chromium or Chrome (none found on PATH; set FLYLINT_CHROMIUM to its "
                       "path), or write HTML (-o report.html) and print that")
    with tempfile.TemporaryDirectory(prefix="flylint-pdf-") as tmp:
        src = os.path.join(tmp, "report.html")
        out = os.path.join(tmp, "report.pdf")
        with open(src, "w", encoding="utf-8") as fh:
            fh.write(html)
        args = browser_args(browser, os.path.join(tmp, "profile"))
        args += ["--no-pdf-header-footer", f"--print-to-pdf={out}", pathlib.Path(src).as_uri()]
        run_browser(args)
        try:
            with open(out, "rb") as fh:
                data = fh.read()
        except OSError:
            data = b""
    if not data.startswith(b"%PDF-"):
        raise PdfError(f"{os.path.basename(browser)} did not produce a PDF")
    return data
