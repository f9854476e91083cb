"""The options of ``flylint check``, and a fast reader for the common command lines.

One table (:data:`CHECK_OPTIONS`) describes every option once. ``click_app`` builds the click
command from it, and :func:`parse_check_argv` reads a command line with it without importing
click, which costs about a fifth of a single-project run. The fast reader accepts only what it
is sure click would accept in the same way; for anything else (``--help``, a subcommand, an
unknown option, a bad choice, a missing value, a directory where a file is wanted …) it returns
``None`` and the caller hands the command line to click, which gives the usual messages.
``tests/test_check_options.py`` checks that both readers agree.
"""

from __future__ import annotations

import os
from typing import Any

from flylint.base.records import record

# name -> "module:attribute" of a click command, imported on first use
LAZY_COMMANDS: dict[str, str] = {
    "detect": "flylint.detect.cli:detect_command",
    "templates": "flylint.skill.cli:templates_command",
    "init": "flylint.skill.cli:init_command",
    "skill": "flylint.skill.cli:skill_group",
    "report": "flylint.report.cli:report_command",
    "recommend": "flylint.recommend.cli:recommend_command",
    "smoke": "flylint.smoke.cli:smoke_command",
}


FORMAT_CHOICES = ("text", "json", "sarif", "github", "junit", "gitlab")
FAIL_ON_CHOICES = ("error", "warning", "info", "never")
#: every subcommand name: the ones click_app defines, then the lazily imported ones
SUBCOMMANDS = ("check", "rule", "rules", *LAZY_COMMANDS)


@record(frozen=True)
class CheckOption:
    """One option of ``flylint check``."""

    names: tuple[str, ...]  # "--format" or ("-o", "--output")
    dest: str  # parameter name of the check function
    kind: str  # "flag" | "value" | "multiple"
    help: str
    choices: tuple[str, ...] = ()
    default: Any = None
    file_path: bool = False  # a file path: a directory is refused (click.Path(dir_okay=False))
    metavar: str | None = None


CHECK_OPTIONS: tuple[CheckOption, ...] = (
    CheckOption(("--format",), "fmt", "value", "Output format.", FORMAT_CHOICES, default="text"),
    CheckOption(("-o", "--output"), "output", "value", "Write the report to FILE.", file_path=True),
    CheckOption(("--select",), "select", "multiple",
                "Rules to enable (codes, prefixes, names, ALL); replaces the default set."),
    CheckOption(("--extend-select",), "extend_select", "multiple", "Rules to enable on top of the selection."),
    CheckOption(("--ignore",), "ignore", "multiple", "Rules to disable."),
    CheckOption(("--report-unused-suppressions",), "report_unused_suppressions", "flag",
                "Report suppression comments that suppress nothing (rule SUP001, off by default)."),
    CheckOption(("--show-source",), "show_source", "flag", "Show the flagged line with a caret under the problem."),
    CheckOption(("-q", "--quiet"), "quiet", "flag", "Print the findings only: no summary, no warnings."),
    CheckOption(("--color",), "color", "value", "Colour the text output: on a terminal (auto), always or never.",
                ("auto", "always", "never"), default="auto"),
    CheckOption(("--no-files",), "no_files", "value",
                "When no file is found to check: exit 2 (error, the default), warn, or ignore.",
                ("error", "warn", "ignore")),
    CheckOption(("--stdin-filename",), "stdin_filename", "value",
                "The name of the file read from standard input (path -); says its kind and project.",
                metavar="PATH"),
    CheckOption(("--fail-on",), "fail_on", "value",
                "Lowest severity that makes the exit status 1 (default: warning).", FAIL_ON_CHOICES),
    CheckOption(("--exit-zero",), "exit_zero", "flag", "Exit 0 even when there are findings."),
    CheckOption(("--config",), "config_path", "value", "Configuration file to use.", file_path=True),
    CheckOption(("--no-config",), "no_config", "flag", "Ignore configuration files."),
    CheckOption(("--exclude",), "exclude", "multiple",
                "Globs of paths to skip (relative to the working directory); replaces the configs' exclude.",
                metavar="GLOB"),
    CheckOption(("--extend-exclude",), "extend_exclude", "multiple",
                "Globs of paths to skip on top of the configs' exclude.", metavar="GLOB"),
    CheckOption(("--no-respect-gitignore",), "no_respect_gitignore", "flag",
                "Lint files that .gitignore or .git/info/exclude ignore."),
    CheckOption(("--force-exclude",), "force_exclude", "flag",
                "Apply the excludes and ignore files to paths named on the command line too (pre-commit)."),
    CheckOption(("--show-settings",), "show_settings", "flag",
                "Show which configuration file applies to each file and what it sets; lint nothing."),
    CheckOption(("--statistics",), "statistics", "flag", "Show the number of findings per rule."),
    CheckOption(("--baseline",), "baseline", "value", "Report only findings not in this baseline file.",
                file_path=True),
    CheckOption(("--write-baseline",), "write_baseline", "value", "Write all current findings to a baseline file.",
                file_path=True),
    CheckOption(("--fix",), "fix", "flag", "Apply safe fixes."),
    CheckOption(("--unsafe-fixes",), "unsafe_fixes", "flag", "Also apply (or offer) unsafe fixes."),
    CheckOption(("--diff",), "diff", "flag", "Print the fixes as a unified diff; change nothing."),
    CheckOption(("--show-fixes",), "show_fixes", "flag", "List the fixes that were applied."),
    CheckOption(("--category",), "category", "value",
                "SARIF: code scanning category, written as run.automationDetails.id NAME/ (default: flylint).",
                metavar="NAME"),
    CheckOption(("-j", "--jobs"), "jobs", "value",
                "Processes for a big tree (from 128 projects on): a number, or 0 for one per core (the default).",
                metavar="N"),
)

_BY_NAME = {name: opt for opt in CHECK_OPTIONS for name in opt.names}


def defaults() -> dict[str, Any]:
    """The check function's keyword arguments when no option is given."""
    out: dict[str, Any] = {"paths": ()}
    for opt in CHECK_OPTIONS:
        out[opt.dest] = False if opt.kind == "flag" else () if opt.kind == "multiple" else opt.default
    return out


def parse_check_argv(argv: list[str]) -> dict[str, Any] | None:
    """Keyword arguments for the check command, or ``None`` when click should read ``argv``.

    ``argv`` is the whole command line after the program name: ``flylint [check] …``.
    """
    args = list(argv)
    if args and args[0] == "check":
        args = args[1:]
    elif args and (args[0] in SUBCOMMANDS or args[0] in ("-h", "--help", "--version")):
        return None
    values = defaults()
    paths: list[str] = []
    multiple: dict[str, list[str]] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            paths.extend(args[i:])
            break
        if not arg.startswith("-") or arg == "-":
            paths.append(arg)
            continue
        if arg.startswith("--"):
            name, eq, attached = arg.partition("=")
            value: str | None = attached if eq else None
        else:  # a short option, maybe with its value attached (-oFILE)
            name, value = arg[:2], (arg[2:] or None)
        opt = _BY_NAME.get(name)
        if opt is None:
            return None
        if opt.kind == "flag":
            if value is not None:
                return None
            values[opt.dest] = True
            continue
        if value is None:
            if i >= len(args) or args[i].startswith("-"):
                return None
            value = args[i]
            i += 1
        if not value or (opt.choices and value not in opt.choices):
            return None
        if opt.file_path and os.path.isdir(value):
            return None
        if opt.kind == "multiple":
            multiple.setdefault(opt.dest, []).append(value)
        else:
            values[opt.dest] = value
    if any(not p for p in paths):
        return None
    values["paths"] = tuple(paths)
    for dest, items in multiple.items():
        values[dest] = tuple(items)
    return values
