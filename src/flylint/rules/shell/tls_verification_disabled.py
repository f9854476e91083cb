"""Deploy script or workflow turns off TLS certificate verification.

## What it does
Flags, in deploy scripts and workflow `run:` steps: `curl -k`/`--insecure`/`--proxy-insecure`,
`wget --no-check-certificate`, `git -c http.sslVerify=false` and
`git config … http.sslVerify false`, `npm`/`yarn`/`pnpm config set strict-ssl false` (and
`--strict-ssl=false`); and assignments, `export`s and workflow `env:` entries that switch
verification off for a whole tool: `NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`,
`NPM_CONFIG_STRICT_SSL=false`, `GIT_SSL_NO_VERIFY` (any value), `CURL_INSECURE`… Dockerfile
`RUN` and `ENV` have their own rule, `tls-verification-disabled` (DKR007).

## Why is this bad?
A deploy job holds the keys to production: the Fly.io token, registry credentials, the source.
Without certificate checks anyone on the network path (a compromised runner network, a hostile
Wi-Fi, a DNS hijack) can answer the job's HTTPS requests, serve it a tampered installer or
binary, or capture the credentials it sends.

## Example
```bash
curl -k -fsSL https://releases.example.com/tool.tar.gz | tar xz
```

Use instead:
```bash
curl -fsSL https://releases.example.com/tool.tar.gz | tar xz
# for a private CA: curl --cacert corp-root-ca.pem …, or NODE_EXTRA_CA_CERTS=corp-root-ca.pem
```

## Fix safety
No fix: if verification fails today, the missing CA certificate has to be supplied instead.

## References
- checkov CKV2_DOCKER_2 (curl), _3 (wget), _6, _13, _14 (the same switches in Dockerfiles)
- CIS Software Supply Chain Security Guide 2.4 (verify downloaded artifacts)
- CWE-295: Improper Certificate Validation
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flylint.linter.lazyre import lazy
from flylint.linter.model import Violation
from flylint.linter.parsers.shell import Word
from flylint.linter.parsers.workflow import Workflow
from flylint.linter.registry import RuleContext, rule
from flylint.linter.scripts import iter_commands
from flylint.linter.source import SourceFile

_CURL_ARG = "bcCdDeEFHKmoPQrtTuUwxXyYz"
_CURL_LONG_ARG = ("output", "header", "data", "data-raw", "data-binary", "user", "config", "url", "request",
                  "cacert", "cert", "key", "proxy", "user-agent", "referer", "form", "write-out", "max-time",
                  "connect-timeout", "retry", "upload-file", "cookie", "cookie-jar", "resolve", "range")
_FALSE = frozenset({"false", "0", "no", "off"})
_GIT_SSLVERIFY = lazy(r"(?i)^http\.([^=]*\.)?sslverify$")
_ADVICE = "keep verification on and supply the missing CA certificate (--cacert, NODE_EXTRA_CA_CERTS)"


def env_disables(name: str, value: str | None) -> bool:
    if value is None:
        return False
    upper = name.upper()
    v = value.strip().strip("\"'").lower()
    if upper in ("NODE_TLS_REJECT_UNAUTHORIZED", "PYTHONHTTPSVERIFY", "BUNDLE_SSL_VERIFY_MODE"):
        return v == "0"
    if upper in ("NPM_CONFIG_STRICT_SSL", "YARN_STRICT_SSL", "YARN_ENABLE_STRICT_SSL"):
        return v in _FALSE
    if upper == "GIT_SSL_NO_VERIFY":
        return True  # git skips verification whenever the variable is set
    if upper == "CURL_INSECURE":
        return v in ("1", "true", "yes")
    return False


@rule(code="SH006", name="script-tls-verification-disabled", target=("shell", "workflow"), severity="error",
      tags=("security", "supply-chain"), cwe=(295,), controls=("SOC2-CC6.7", "SOC2-CC6.8", "PCI-DSS-4.2.1"))
def check(model: Any, ctx: RuleContext) -> Iterator[Violation]:
    if isinstance(model, Workflow):
        blocks = [model.env] + [job.env for job in model.jobs] + [step.env for _, step in model.steps()]
        for block in blocks:
            for name, scalar in block.items():
                if env_disables(name, scalar.value):
                    yield Violation(model.source.span(scalar.start, scalar.end),
                                    f"env: {name}: {scalar.value} turns off TLS certificate verification for every "
                                    f"step that sees it; {_ADVICE}")
    for site in iter_commands(model):
        cmd = site.command
        words = list(cmd.assignments)
        argv = cmd.argv
        if argv and argv[0].text in ("export", "env", "declare", "readonly", "local"):
            words += [w for w in argv[1:] if "=" in w.text and not w.text.startswith("-")]
        for w in words:
            name, _, value = w.text.partition("=")
            if env_disables(name, value):
                yield Violation(site.source.span(w.start, w.end),
                                f"`{w.text}` turns off TLS certificate verification in the {site.where}; {_ADVICE}")
        for w, what in _switches(cmd.effective_argv()):
            yield _flag(site.source, w, what, site.where)


def _flag(source: SourceFile, w: Word, what: str, where: str) -> Violation:
    return Violation(source.span(w.start, w.end),
                     f"{what} turns off TLS certificate verification in the {where}; {_ADVICE}")


def _switches(argv: list[Word]) -> Iterator[tuple[Word, str]]:
    if not argv:
        return
    from flylint.rules.dockerfile._util import basename, parse_args

    name = basename(argv[0])
    texts = [w.text for w in argv]
    if name == "curl":
        opts, _ = parse_args(argv[1:], _CURL_ARG, _CURL_LONG_ARG)
        for o in opts:
            if o.name in ("-k", "--insecure", "--proxy-insecure"):
                yield o.word, f"`curl {o.word.text}`"
                break
    elif name == "wget":
        for w in argv[1:]:
            if w.text == "--no-check-certificate" or w.text.lower() in ("--check-certificate=off",
                                                                         "--check-certificate=quiet"):
                yield w, f"`wget {w.text}`"
    elif name == "git":
        for i, w in enumerate(argv[1:-1], 1):
            if w.text == "-c":
                key, _, value = argv[i + 1].text.partition("=")
                if _GIT_SSLVERIFY.match(key) and value.lower() in _FALSE:
                    yield argv[i + 1], f"`git -c {argv[i + 1].text}`"
        if "config" in texts:
            k = texts.index("config")
            rest = [t for t in texts[k + 1 :] if not t.startswith("-")]
            if len(rest) >= 2 and _GIT_SSLVERIFY.match(rest[0]) and rest[1].lower() in _FALSE:
                yield argv[k], f"`git config {rest[0]} {rest[1]}`"
    elif name in ("npm", "yarn", "pnpm"):
        for w in argv[1:]:
            low = w.text.lower()
            if low.startswith(("--strict-ssl=", "--enable-strict-ssl=")) and low.split("=", 1)[1] in _FALSE:
                yield w, f"`{name} {w.text}`"
        low_texts = [t.lower() for t in texts]
        if "set" in low_texts[1:3]:
            k = low_texts.index("set")
            rest = [(j, t) for j, t in enumerate(low_texts) if j > k and not t.startswith("-")]
            if rest:
                j, first = rest[0]
                key, eq, value = first.partition("=")
                if not eq and len(rest) >= 2:
                    value = rest[1][1]
                if key in ("strict-ssl", "strict_ssl", "enablestrictssl") and value in _FALSE:
                    yield argv[j], f"`{name} config set {key} {value}`"
