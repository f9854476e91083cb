"""``flylint smoke URL …`` and ``flylint smoke --plan [PATH]``.

The only flylint command that opens network connections (and only with URLs, never with
``--plan``). Exit status: 0 when every check passed (or was skipped), 1 when one failed,
2 for a usage error.
"""

from __future__ import annotations

import sys

import click

from flylint.smoke.plan import DEFAULT_CERT_DAYS, DEFAULT_HEALTH_PATH, DEFAULT_P95_MS, DEFAULT_REQUESTS, DEFAULT_TIMEOUT


@click.command("smoke")
@click.argument("targets", nargs=-1, metavar="URL… | --plan [PATH]")
@click.option("--plan", "plan", is_flag=True,
              help="Print the test plan derived from the fly configs under PATH (default .) as YAML; "
                   "connect to nothing.")
@click.option("--health-path", default=DEFAULT_HEALTH_PATH, show_default=True, metavar="PATH",
              help="Path of the health endpoint (expects 2xx).")
@click.option("--timeout", type=click.FloatRange(0.1, 60), default=DEFAULT_TIMEOUT, show_default=True,
              metavar="SECONDS", help="Time limit of each request.")
@click.option("--requests", "n_requests", type=click.IntRange(1, 200), default=DEFAULT_REQUESTS,
              show_default=True, metavar="N", help="Sequential requests for the latency check.")
@click.option("--p95", "p95_ms", type=click.FloatRange(1, 60_000), default=DEFAULT_P95_MS, show_default=True,
              metavar="MS", help="Latency target: the 95th percentile must be at most this.")
@click.option("--cert-days", type=click.IntRange(0, 3650), default=DEFAULT_CERT_DAYS, show_default=True,
              metavar="DAYS", help="Fail when the TLS certificate expires sooner.")
@click.option("--max-time", type=click.FloatRange(1, 600), default=60.0, show_default=True, metavar="SECONDS",
              help="Time limit of all checks of one URL together.")
@click.option("--http-port", type=click.IntRange(1, 65535), metavar="PORT",
              help="Port of the plain-HTTP redirect check (default 80).")
@click.option("--ca-file", type=click.Path(dir_okay=False, exists=True), metavar="FILE",
              help="Trust the CA certificates in FILE (PEM) instead of the system's.")
@click.option("--skip", multiple=True, type=click.Choice(["health", "https-redirect", "tls", "latency"]),
              help="Skip a check (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit"]), default="text", show_default=True,
              help="Output format (--plan always writes YAML).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
def smoke_command(targets: tuple[str, ...], plan: bool, health_path: str, timeout: float, n_requests: int,
                  p95_ms: float, cert_days: int, max_time: float, http_port: int | None, ca_file: str | None,
                  skip: tuple[str, ...], fmt: str, output: str | None) -> None:
    """Smoke-check deployed apps: health endpoint, HTTP → HTTPS redirect, TLS certificate, latency.

    URL is the app's address, e.g. https://my-app.fly.dev (https:// is assumed without a scheme).
    With --plan, print the plan for the fly configs under PATH (app URL, health path from the
    config's checks, one entry per environment config) without running it.
    """
    from flylint.base.console import fail

    if plan:
        if len(targets) > 1:
            fail("--plan takes one PATH (a directory or a fly config)")
            return
        from flylint.smoke.plan import PlanError, project_plan

        try:
            data = project_plan(targets[0] if targets else ".")
        except PlanError as exc:
            fail(str(exc))
            return
        import yaml

        _write(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), output)
        return
    if not targets:
        fail("give the URL of a deployed app (e.g. https://my-app.fly.dev), or --plan [PATH]")
        return
    from flylint.smoke import checks, render

    runs = []
    for url in targets:
        try:
            target = checks.parse_target(url, health_path, http_port)
        except ValueError as exc:
            fail(render.clean(str(exc)))
            return
        opts = checks.Options(timeout=timeout, requests=n_requests, p95_ms=p95_ms, cert_days=cert_days,
                              max_time=max_time, ca_file=ca_file, skip=skip)
        try:
            runs.append((target.url, checks.run(target, opts)))
        except ValueError as exc:
            fail(render.clean(str(exc)))
            return
    if fmt == "json":
        text = render.to_json(runs)
    elif fmt == "junit":
        text = render.to_junit(runs)
    else:
        from flylint.base.console import use_color

        text = render.to_text(runs, use_color(output, fmt))
    _write(text, output)
    raise SystemExit(1 if render.summary(runs)["failed"] else 0)


def _write(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    import os
    import tempfile

    directory = os.path.dirname(os.path.abspath(output))
    fd, tmp = tempfile.mkstemp(prefix=".flylint-smoke.", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, output)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
