"""Value grammars exactly as flyctl reads them (fact sheet §1.1).

- Durations: Go ``time.ParseDuration`` for strings; a bare number means seconds,
  milliseconds or nanoseconds depending on where it sits (:class:`BareUnit`).
- Volume sizes: decimal multipliers, result in whole GB (go-units ``FromHumanSize``).
- Memory: binary multipliers, result in MB (go-units ``RAMInBytes``).

Every parser returns a value or raises :class:`ValueFormatError` with a message that says
what is wrong in the user's terms.
"""

from __future__ import annotations

import enum
import re

from flylint.base.lazyre import lazy

NS_PER = {"ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000, "s": 1_000_000_000,
          "m": 60_000_000_000, "h": 3_600_000_000_000}
SECOND = 1_000_000_000
#: the longest Go ``time.Duration`` (an int64 of nanoseconds): about 292 years
MAX_DURATION_NS = 2**63 - 1


class ValueFormatError(ValueError):
    pass


def finite(value: float) -> float:
    """``value`` when it is a finite number; :class:`ValueFormatError` for ``inf``, ``nan`` and
    literals too large for a float (``1e400`` reads as ``inf``)."""
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueFormatError(f"{value!r} is not a finite number")
    return value


#: what :func:`decimal_int` gives for a number with more digits than any limit it is compared with
HUGE = 10**30


def decimal_int(text: str, signed: bool = False) -> int | None:
    """The integer ``text`` writes, as Go's ``strconv.Atoi`` (flyctl, Docker) reads one: ASCII
    digits only, with a leading ``+`` or ``-`` when ``signed``; ``None`` for anything else.

    ``str.isdigit`` also accepts ``²`` (which ``int()`` refuses) and ``int()`` refuses more than
    4,300 digits: a number longer than 30 digits gives :data:`HUGE` (negated when negative), which
    every range check rejects, so a hostile value is reported as out of range, never a crash.
    """
    body = text[1:] if signed and text[:1] in ("+", "-") else text
    if not (body.isascii() and body.isdigit()):
        return None
    digits = body.lstrip("0") or "0"
    value = int(digits) if len(digits) <= 30 else HUGE
    return -value if text[:1] == "-" and signed else value


class BareUnit(enum.Enum):
    """What flyctl does with a bare (unit-less) number in a duration field."""

    SECONDS = "s"
    MILLISECONDS = "ms"
    NANOSECONDS = "ns"

    @property
    def ns(self) -> int:
        return NS_PER[self.value]

    @property
    def word(self) -> str:
        return {"s": "seconds", "ms": "milliseconds", "ns": "nanoseconds"}[self.value]


_DUR_PART = lazy(r"(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)")


def parse_go_duration(text: str) -> int:
    """Nanoseconds for a Go duration string such as ``"1m30s"``; raises on bad input."""
    s = text
    if s in ("0", "+0", "-0"):
        return 0
    sign = 1
    if s[:1] in "+-" and s:
        sign = -1 if s[0] == "-" else 1
        s = s[1:]
    if not s:
        raise ValueFormatError(f"invalid duration {text!r}")
    pos = 0
    total = 0.0
    while pos < len(s):
        m = _DUR_PART.match(s, pos)
        if not m:
            rest = s[pos:]
            if re.fullmatch(r"\d+\.?\d*|\.\d+", rest):
                raise ValueFormatError(f"missing unit in duration {text!r}")
            unit = re.match(r"[\d.]*([^\d.]*)", rest)
            bad = unit.group(1) if unit else rest
            if bad[:1] == "d":
                raise ValueFormatError(f"unknown unit 'd' in duration {text!r} (Go durations have no days; use h)")
            raise ValueFormatError(f"invalid duration {text!r}")
        total += float(m.group(1)) * NS_PER[m.group(2)]
        pos = m.end()
    if total > MAX_DURATION_NS:  # also a digit string too long for a float (inf)
        raise ValueFormatError(f"invalid duration {text!r}: out of range (Go durations end at about 292 years)")
    return sign * int(total)


def duration_ns(value: object, bare: BareUnit) -> int | None:
    """Nanoseconds flyctl will use for ``value`` in a field whose bare numbers mean ``bare``.

    Returns ``None`` for values flyctl ignores (empty string, booleans in patched fields);
    raises :class:`ValueFormatError` for values it rejects.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value * bare.ns
    if isinstance(value, float):
        finite(value)
        if bare is BareUnit.NANOSECONDS:
            return int(value)
        return int(value) * bare.ns  # flyctl drops the fraction before scaling
    if isinstance(value, str):
        if value == "":
            return None
        return parse_go_duration(value)
    raise ValueFormatError(f"a duration must be a string such as \"5s\", not {type(value).__name__}")


def format_duration(ns: int) -> str:
    """The shortest Go-style string for ``ns`` that round-trips exactly (``"1m30s"``, ``"250ms"``)."""
    if ns == 0:
        return "0s"
    sign = "-" if ns < 0 else ""
    ns = abs(ns)
    if ns % SECOND == 0:
        secs = ns // SECOND
        h, rem = divmod(secs, 3600)
        m, s = divmod(rem, 60)
        out = ""
        if h:
            out += f"{h}h"
        if m:
            out += f"{m}m"
        if s:
            out += f"{s}s"
        return sign + out
    for unit in ("ms", "us", "ns"):
        if ns % NS_PER[unit] == 0:
            return f"{sign}{ns // NS_PER[unit]}{unit}"
    return f"{sign}{ns}ns"


def describe_ns(ns: int) -> str:
    """Human wording for a duration: ``"300 ns"``, ``"1.5 s"``, ``"2 min"``."""
    if ns < 1_000:
        return f"{ns} ns"
    if ns < 1_000_000:
        return f"{ns / 1_000:g} µs"
    if ns < SECOND:
        return f"{ns / 1_000_000:g} ms"
    if ns < NS_PER["m"]:
        return f"{ns / SECOND:g} s"
    return f"{ns / NS_PER['m']:g} min"


_SIZE = lazy(r"^([+]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?) ?(?:([kKmMgGtTpP])([iI]?[bB])?|([bB]))?$")
_MULT = {"k": 1, "m": 2, "g": 3, "t": 4, "p": 5}


def _parse_human(text: str, base: int) -> float:
    m = _SIZE.match(text)
    if not m:
        raise ValueFormatError(f"invalid size {text!r}")
    number = finite(float(m.group(1)))
    prefix = (m.group(2) or "").lower()
    return finite(number * (base ** _MULT[prefix] if prefix else 1))


def volume_size_gb(value: object) -> int:
    """Whole GB flyctl derives from a volume size (``initial_size`` etc.)."""
    if isinstance(value, bool):
        raise ValueFormatError("a volume size must be a string such as \"10gb\"")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        value = repr(value) if value != int(finite(value)) else str(int(value))
    if not isinstance(value, str):
        raise ValueFormatError("a volume size must be a string such as \"10gb\"")
    if re.fullmatch(r"[+-]?\d+", value):
        return int(value)
    return int(_parse_human(value, 1000) // 10**9)


def memory_mb(value: object) -> int:
    """MB flyctl derives from a memory value (``[[vm]] memory``)."""
    if isinstance(value, bool):
        raise ValueFormatError("memory must be a string such as \"512mb\" or an integer of MB")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value == int(finite(value)) else 0
    if not isinstance(value, str):
        raise ValueFormatError("memory must be a string such as \"512mb\" or an integer of MB")
    if re.fullmatch(r"[+-]?\d+", value):
        return int(value)
    return int(_parse_human(value, 1024) // (1024 * 1024))
