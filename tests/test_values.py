"""fly.values.decimal_int: numbers as Go's strconv.Atoi (flyctl, Docker) reads them."""

from __future__ import annotations

import pytest

from flylint.fly.values import HUGE, decimal_int


@pytest.mark.parametrize(("text", "signed", "expected"), [
    ("8080", False, 8080), ("0008080", False, 8080), ("0", False, 0), ("000", False, 0),
    ("+25", True, 25), ("-25", True, -25), ("+25", False, None), ("-25", False, None),
    ("", False, None), ("+", True, None), ("8 080", False, None), (" 80", False, None), ("80.0", False, None),
    ("²", False, None), ("1²", False, None), ("\u0668\u0660", False, None), ("+-5", True, None),
    ("9" * 30, False, int("9" * 30)), ("9" * 31, False, HUGE), ("9" * 5000, False, HUGE),
    ("-" + "9" * 5000, True, -HUGE), ("0" * 4000 + "7", False, 7),
])
def test_decimal_int(text: str, signed: bool, expected: int | None) -> None:
    assert decimal_int(text, signed=signed) == expected


def test_a_huge_number_fails_every_range_a_config_has() -> None:
    assert HUGE > 2**64 and decimal_int("1" + "0" * 40) == HUGE
