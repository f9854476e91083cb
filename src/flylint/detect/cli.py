"""``flylint detect``: is PATH a Fly.io project, and how sure are we?

Exit status: 0 when a Fly.io project is detected (with ``--recursive``: at least one),
1 when none is, 2 for a usage or configuration error. The scoring lives in
:mod:`flylint.detect.detector`; the JSON schema is documented in ``docs/detect.md``.
"""

from __future__ import annotations

import json
import sys

import click


@click.command("detect")
@click.argument("path", default=".", type=click.Path(exists=True, file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format (json: one object, or a list with --recursive).")
@click.option("-r", "--recursive", is_flag=True, help="List every project under PATH with its confidence.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file to use.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files (built-in weights only).")
def detect_command(path: str, fmt: str, recursive: bool, config_path: str | None, no_config: bool) -> None:
    """Score how likely PATH (default: .) is a Fly.io project.

    Signals: fly.toml (0.7), a shell script running fly deploy/launch/scale (0.3), a
    .fly.dev/.fly.io/FLY_APP_NAME mention in a config or env file (0.2), a Dockerfile with the
    docker/dockerfile:1 syntax line or mentioning flyctl (0.1); +0.1 when three or more are
    found. Detected at 70 % or more. Weights, threshold and custom signals: [detect] in the
    configuration (see docs/detect.md).
    """
    from flylint.base.console import fail
    from flylint.detect.detector import detect, detect_config, detect_recursive, render_text, to_dict
    from flylint.linter.config import ConfigError, load_settings

    try:
        settings = load_settings([path], config_path, no_config)
        cfg = detect_config(settings)
    except ConfigError as exc:
        fail(str(exc))
        return
    results = detect_recursive(path, settings, cfg) if recursive else [detect(path, settings, cfg)]
    if fmt == "json":
        data = [to_dict(d) for d in results] if recursive else to_dict(results[0])
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        from flylint.base.console import use_color as _use_color

        color = _use_color(None, "text")
        out = "\n".join(render_text(d, color, compact=recursive) for d in results)
        if recursive:
            n = sum(d.detected for d in results)
            out += f"\n{n} of {len(results)} project(s) detected as Fly.io projects\n"
        sys.stdout.write(out)
    raise SystemExit(0 if any(d.detected for d in results) else 1)
