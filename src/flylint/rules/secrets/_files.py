"""Secrets in env and configuration files (not a rule: shared by SEC005 and SEC006).

:func:`file_secrets` reads a file line by line and yields each value that is a real secret
with evidence:

- a known format anywhere on the line (:func:`flylint.fly.secrets.scan_value`: Fly.io tokens,
  cloud and SaaS keys, private keys, URL passwords), except URL passwords that look
  human-chosen, JWTs and other values under a key that is public by design (a Supabase anon
  key), and private-key blocks whose body is too short to be a key or says it is fake;
- with ``by_name``, a credential-named key (``SECRET_KEY_BASE``, ``client_secret``,
  ``jwt.secret``) whose literal value looks machine-generated (``evidence == STRONG``).
  Human-chosen words (``postgres``, ``changeme``), placeholders, values built from variables,
  file paths and encrypted values (SOPS ``ENC[…]``, ansible-vault) are not secrets in the file.

Assignments are read in the shapes these files use: ``KEY=value`` (env, properties, INI),
``key = "value"`` (TOML), ``key: value`` and ``- KEY=value`` (YAML), ``"key": "value"``
(JSON, several per line). Lines longer than :data:`MAX_LINE` (minified or generated data) are
not scanned. Nothing here returns a secret value: only its kind, position and redacted form.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flylint.base.lazyre import lazy
from flylint.base.records import record
from flylint.fly.secrets import STRONG, credential_name, evidence, public_by_design, redact, scan_value
from flylint.linter.source import SourceFile

MAX_LINE = 8192

# "key": "value" / key: 'value' / key = "value", anywhere on the line (JSON puts several on one)
_QUOTED = lazy(r"""(?:^|[\s{,\[])["']?([A-Za-z_][A-Za-z0-9_.\-]*)["']?\s*[:=]\s*("(?:[^"\\\n]|\\.)*"|'[^'\n]*')""")
# KEY=value / key: value / - KEY=value / export KEY=value, unquoted, one per line
_BARE = lazy(r"""^\s*(?:-\s+)?(?:export\s+)?([A-Za-z_][A-Za-z0-9_.\-]*)\s*[:=][ \t]*([^\s"'#&!|>{\[][^\n]*?)\s*$""")
_ENCRYPTED = lazy(r"^(ENC\[|\$ANSIBLE_VAULT|AgB[A-Za-z0-9+/]{100}|vault:|sops:)")
_PEM_BODY = lazy(r"-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----(.*?)-----END", re.DOTALL)
# CamelCase or lower-case words (`NextPageMarker`, `StreamDescription.Shards`): an identifier, not a key
_IDENTIFIER = lazy(r"(?:[A-Z][a-z]+|[a-z]{3,}|[A-Z]{2,}(?![a-z])|[0-9]{1,2}|[._\-\[\]])+")
# every credential name (fly.secrets.credential_name) holds one of these
_CREDENTIAL_WORD = lazy(r"(?i)secret|token|pass|key|credential")
_NOT_A_KEY = lazy(r"(?i)fake|dummy|example|sample|test|placeholder|x{8}|\.\.\.")


@record(frozen=True, slots=True)
class FileSecret:
    start: int  # file offsets of the value (or of the token inside it)
    end: int
    kind: str  # "Stripe secret key", or "" for a credential-named value
    key: str  # the key it is assigned to ("" when none was recognised)
    redacted: str


@record(frozen=True, slots=True)
class _Pair:
    key: str
    value: str
    start: int  # line offsets of the value (quotes excluded)
    end: int


def _pairs(line: str) -> list[_Pair]:
    out: list[_Pair] = []
    for m in _QUOTED.finditer(line):
        out.append(_Pair(m.group(1), m.group(2)[1:-1], m.start(2) + 1, m.end(2) - 1))
    if not out:
        bare = _BARE.match(line)
        if bare:
            value = bare.group(2)
            cut = re.search(r"\s#", value)  # a trailing comment (env, YAML, TOML, INI)
            if cut:
                value = value[: cut.start()].rstrip()
            value = value.rstrip(",")
            out.append(_Pair(bare.group(1), value, bare.start(2), bare.start(2) + len(value)))
    return out


def _pem_is_key(text: str, offset: int) -> bool:
    """Whether the private-key block starting near ``offset`` has a body a real key could have."""
    m = _PEM_BODY.search(text, max(0, offset - 64), offset + 16384)
    if m is None:
        return False  # no BEGIN…END block: a pattern, a message or a header without its key
    body = re.sub(r"\\n|\s|[\\\"',]", "", m.group(2))  # line breaks, JSON escapes, quotes
    if _NOT_A_KEY.search(body):
        return False
    base64 = len(re.sub(r"[^A-Za-z0-9+/=]", "", body))
    return base64 >= 120 and base64 * 10 >= len(body) * 9  # a regex or prose between the markers is no key


def file_secrets(source: SourceFile, by_name: bool) -> Iterator[FileSecret]:
    """Secrets with evidence in ``source`` (see the module docstring), in file order."""
    text = source.text
    offset = 0
    for line in text.split("\n"):
        if len(line) <= MAX_LINE and not line.lstrip().startswith(("#", ";", "//")):
            yield from _line_secrets(text, line, offset, by_name)
        offset += len(line) + 1


def _line_secrets(text: str, line: str, offset: int, by_name: bool) -> Iterator[FileSecret]:
    hits = scan_value(line)
    by_name = by_name and bool(_CREDENTIAL_WORD.search(line))
    if not hits and not by_name:
        return
    pairs = _pairs(line)

    def key_at(pos: int) -> str:
        for p in pairs:
            if p.start <= pos < max(p.end, p.start + 1):
                return p.key
        return ""

    reported: list[tuple[int, int]] = []
    for hit in hits:
        key = key_at(hit.start)
        if not hit.strong or (key and public_by_design(key)):
            continue  # a human-chosen URL password; a key meant to be public (Supabase anon JWT)
        if hit.kind == "private key" and not _pem_is_key(text, offset + hit.start):
            continue
        reported.append((hit.start, hit.end))
        yield FileSecret(offset + hit.start, offset + hit.end, hit.kind, key, hit.redacted)
    if not by_name:
        return
    for p in pairs:
        value = p.value.strip()
        if any(s <= p.start < e or p.start <= s < p.end for s, e in reported):
            continue
        if not credential_name(p.key) or _ENCRYPTED.match(value) or value.startswith(("/", "./", "~/")):
            continue
        if evidence(value) >= STRONG and not _IDENTIFIER.fullmatch(value) and not scan_value(value):
            yield FileSecret(offset + p.start, offset + p.end, "", p.key, redact(value))
