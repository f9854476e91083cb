"""TLS certificate verification is turned off for downloads in the image or its build.

## What it does
Flags, in `RUN` commands of every stage: `curl -k`/`--insecure`, `wget --no-check-certificate`,
`git -c http.sslVerify=false` and `git config … http.sslVerify false`,
`npm`/`yarn`/`pnpm config set strict-ssl false` (and `--strict-ssl=false`), `pip --trusted-host`
and `pip config set …trusted-host`, yum/dnf `--setopt=sslverify=0` or repository files written
with `sslverify=0`; and, in `ENV`, `ARG` defaults and `RUN` assignments/`export`:
`NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`, `NPM_CONFIG_STRICT_SSL=false`,
`YARN_ENABLE_STRICT_SSL=false`, `GIT_SSL_NO_VERIFY` (any value), `PIP_TRUSTED_HOST`,
`BUNDLE_SSL_VERIFY_MODE=0`.

## Why is this bad?
Without certificate checks, HTTPS no longer proves who is on the other end: anyone on the
network path can serve the packages, scripts or API responses. Set in `ENV`, it stays on at
run time, so the app itself talks to third-party APIs without verification.

## Example
```dockerfile
ENV NODE_TLS_REJECT_UNAUTHORIZED=0
RUN curl -k https://internal.example.com/cert-bundle.pem -o /tmp/bundle.pem
```

Use instead:
```dockerfile
COPY corp-root-ca.crt /usr/local/share/ca-certificates/
RUN update-ca-certificates
ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/corp-root-ca.crt
```

## Fix safety
No fix: the certificate the check needs (a corporate CA, say) has to be added to the image.

## References
- checkov CKV2_DOCKER_2 (curl), _3 (wget), _4 (pip `--trusted-host`), _5 (`PYTHONHTTPSVERIFY`),
  _6 (`NODE_TLS_REJECT_UNAUTHORIZED`), _12 (`NPM_CONFIG_STRICT_SSL`), _13 (npm/yarn strict-ssl),
  _14 (`GIT_SSL_NO_VERIFY`), _15 (yum/dnf `sslverify`), _16 (`PIP_TRUSTED_HOST`)
- CIS Docker Benchmark 4.11
- CWE-295: Improper Certificate Validation
"""

from __future__ import annotations

from collections.abc import Iterator

from flylint.linter.lazyre import lazy
from flylint.linter.model import Violation
from flylint.linter.parsers.dockerfile import Dockerfile
from flylint.linter.parsers.shell import Word
from flylint.linter.registry import RuleContext, rule
from flylint.rules.dockerfile._pkg import pkg_call
from flylint.rules.dockerfile._util import basename, parse_args, run_commands

_CURL_ARG = "bcCdDeEFHKmoPQrtTuUwxXyYz"
_FALSE = {"false", "0", "no", "off"}
_SSLVERIFY_OFF = lazy(r"(?i)(^|[^a-z_])sslverify\s*=\s*(0|false|no)\b")
_GIT_SSLVERIFY = lazy(r"(?i)^http\.([^=]*\.)?sslverify$")
_ADVICE = "add the CA certificate to the image (`update-ca-certificates`) instead"


def _env_disables(name: str, value: str | None) -> bool:
    if value is None:
        return False
    upper = name.upper()
    v = value.strip().strip("\"'").lower()
    if upper == "NODE_TLS_REJECT_UNAUTHORIZED":
        return v == "0"
    if upper in ("PYTHONHTTPSVERIFY", "BUNDLE_SSL_VERIFY_MODE"):
        return v == "0"
    if upper in ("NPM_CONFIG_STRICT_SSL", "YARN_STRICT_SSL", "YARN_ENABLE_STRICT_SSL"):
        return v in _FALSE
    if upper == "GIT_SSL_NO_VERIFY":
        return True  # git disables verification whenever the variable is set
    if upper == "PIP_TRUSTED_HOST":
        return bool(v)
    return False


@rule(code="DKR007", name="tls-verification-disabled", target="dockerfile", severity="error",
      tags=("security", "supply-chain"), cwe=(295,), controls=("CIS-4.11", "SOC2-CC6.7", "PCI-DSS-4.2.1"))
def check(df: Dockerfile, ctx: RuleContext) -> Iterator[Violation]:
    for ins in df.instructions:
        if ins.keyword in ("ENV", "ARG"):
            for p in ins.pairs:
                if _env_disables(p.key, p.value):
                    yield Violation(df.span(p.key_start, p.value_end),
                                    f"{ins.keyword} {p.key}={p.value} turns off TLS certificate verification; "
                                    f"remove it and {_ADVICE}")
    for _ins, cmd in run_commands(df):
        words = list(cmd.assignments)
        argv = cmd.argv
        if argv and argv[0].text in ("export", "env", "declare", "readonly"):
            words += [w for w in argv[1:] if "=" in w.text and not w.text.startswith("-")]
        for w in words:
            name, _, value = w.text.partition("=")
            if _env_disables(name, value):
                yield Violation(df.span(w.start, w.end),
                                f"`{w.text}` turns off TLS certificate verification; remove it and {_ADVICE}")
        yield from _command(df, cmd.effective_argv())


def _flag(df: Dockerfile, w: Word, what: str) -> Violation:
    return Violation(df.span(w.start, w.end), f"{what} turns off TLS certificate verification; {_ADVICE}")


def _command(df: Dockerfile, argv: list[Word]) -> Iterator[Violation]:
    if not argv:
        return
    name = basename(argv[0])
    texts = [w.text for w in argv]
    if name == "curl":
        opts, _ = parse_args(argv[1:], _CURL_ARG, ("output", "header", "data", "user", "config"))
        for o in opts:
            if o.name in ("-k", "--insecure"):
                yield _flag(df, o.word, f"`curl {o.word.text}`")
                break
    elif name == "wget":
        for w in argv[1:]:
            if w.text == "--no-check-certificate":
                yield _flag(df, w, "`wget --no-check-certificate`")
    elif name == "git":
        for i, w in enumerate(argv[1:-1], 1):
            if w.text == "-c":
                key, _, value = argv[i + 1].text.partition("=")
                if _GIT_SSLVERIFY.match(key) and value.lower() in _FALSE:
                    yield _flag(df, argv[i + 1], f"`git -c {argv[i + 1].text}`")
        if "config" in texts:
            k = texts.index("config")
            rest = [t for t in texts[k + 1 :] if not t.startswith("-")]
            if len(rest) >= 2 and _GIT_SSLVERIFY.match(rest[0]) and rest[1].lower() in _FALSE:
                yield _flag(df, argv[k], f"`git config {rest[0]} {rest[1]}`")
    elif name in ("npm", "yarn", "pnpm"):
        for w in argv[1:]:
            low = w.text.lower()
            if low.startswith(("--strict-ssl=", "--enable-strict-ssl=")) and low.split("=", 1)[1] in _FALSE:
                yield _flag(df, w, f"`{name} {w.text}`")
        low = [t.lower() for t in texts]
        if "set" in low[1:3]:
            k = low.index("set")
            rest = [(j, t) for j, t in enumerate(low) if j > k and not t.startswith("-")]
            if rest:
                j, first = rest[0]
                key, eq, value = first.partition("=")
                if not eq and len(rest) >= 2:
                    value = rest[1][1]
                if key in ("strict-ssl", "strict_ssl", "enablestrictssl") and value in _FALSE:
                    yield _flag(df, argv[j], f"`{name} config set {key} {value}`")
    call = pkg_call_from(argv)
    if call is not None:
        if call.family == "pip":
            for o in call.opts:
                if o.name == "--trusted-host":
                    yield _flag(df, o.word, f"`pip --trusted-host {o.value}`" if o.value else "`pip --trusted-host`")
            if call.sub == "config" and any(w.text.endswith("trusted-host") for w in call.operands):
                yield _flag(df, call.sub_word or argv[0], "`pip config set …trusted-host`")
        elif call.family == "rpm":
            for o in call.opts:
                if o.name == "--setopt" and o.value and _SSLVERIFY_OFF.search(o.value):
                    yield _flag(df, o.word, f"`{call.tool} --setopt={o.value}`")
    elif name not in ("curl", "wget", "git"):
        for w in argv[1:]:
            if _SSLVERIFY_OFF.search(w.text):
                yield _flag(df, w, "a repository written with `sslverify=0`")


def pkg_call_from(argv: list[Word]):  # noqa: ANN201 - PkgCall | None
    from flylint.linter.parsers.shell import Command

    return pkg_call(Command(list(argv)))
