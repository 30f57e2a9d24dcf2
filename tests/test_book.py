"""Tests for aimath.book: what pages glue, and the checks they print."""

from __future__ import annotations

import sys
import types
from typing import Any

import numpy as np
import pytest

from aimath.book import check, check_close, format_number, glue


@pytest.fixture
def glued(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Capture what glue() hands to myst_nb.glue."""
    store: dict[str, Any] = {}

    def fake_glue(name: str, value: Any, display: bool = True) -> None:
        assert display is False  # pages show glued values only in the prose
        store[name] = value

    module = types.ModuleType("myst_nb")
    module.glue = fake_glue  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "myst_nb", module)
    return store


# -- reference values ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (2 / 3, ".3f", "0.667"),  # round half even is not involved: 0.6666...
        (1.0, ".4f", "1.0000"),  # trailing zeros survive (the reason for str glue)
        (-0.25, ".2f", "\N{MINUS SIGN}0.25"),  # typographic minus
        (np.float64(1e-9), ".1e", "1.0e\N{MINUS SIGN}09"),
        (np.int64(42), None, "42"),
        (0.1, None, "0.1"),  # shortest round-trip repr
        ([1.0, 0.5], ".2f", "[1.00, 0.50]"),
        (np.array([3, -4]), "d", "[3, \N{MINUS SIGN}4]"),
        (np.array(0.5), ".1f", "0.5"),  # 0-d arrays are scalars
    ],
)
def test_format_number(value: object, fmt: str | None, expected: str) -> None:
    assert format_number(value, fmt) == expected


def test_glue_converts_numpy_scalars_to_python_numbers(glued: dict[str, Any]) -> None:
    assert glue("f", np.float64(0.5)) == 0.5
    assert glue("i", np.int32(3)) == 3
    assert type(glued["f"]) is float  # myst-nb can format a Python float under NumPy 2
    assert type(glued["i"]) is int


def test_glue_formatted_text_is_a_plain_string(glued: dict[str, Any]) -> None:
    assert glue("t", 1.0, ".4f") == "1.0000"
    assert type(glued["t"]) is str  # myst-nb strips the quotes of a str repr


def test_glue_arrays_and_words(glued: dict[str, Any]) -> None:
    glue("v", np.array([0.25, 0.5]))
    glue("w", "queen")
    assert glued == {"v": "[0.25, 0.5]", "w": "queen"}


# -- properties ------------------------------------------------------------------------


@pytest.mark.parametrize("x", [0.0, 1.5, -2.75, 1e300, -1e-300, 123456789.0])
def test_format_number_round_trips_repr(x: float) -> None:
    text = format_number(x).replace("\N{MINUS SIGN}", "-")
    assert float(text) == x


# -- checks ------------------------------------------------------------------------------


def test_check_close_prints_the_claim_and_its_tolerance(capsys: pytest.CaptureFixture[str]) -> None:
    check_close([1.0, 2.0], [1.0, 2.0 + 1e-13], rtol=1e-12, what="vectors agree")
    assert capsys.readouterr().out == "\N{CHECK MARK} vectors agree  (rtol=1e-12, atol=0)\n"


def test_check_close_fails_with_the_claim_in_the_message() -> None:
    with pytest.raises(AssertionError, match="rows sum to one"):
        check_close([0.9, 1.0], [1.0, 1.0], rtol=1e-6, what="rows sum to one")


def test_check_close_requires_tolerances() -> None:
    with pytest.raises(TypeError, match="rtol"):
        check_close(1.0, 1.0, what="no tolerance")  # type: ignore[call-arg]


def test_check_passes_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    check(np.bool_(True), "numpy booleans count")
    assert capsys.readouterr().out == "\N{CHECK MARK} numpy booleans count\n"
    with pytest.raises(AssertionError, match="check failed: two exceeds three"):
        check(2 > 3, "two exceeds three")


# -- error paths ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "`value` must be a number, not a boolean"),
        (np.bool_(False), "`value` must be a number, not a boolean"),
        (1 + 2j, "`value` must be a real scalar; got complex"),
        (None, "`value` must be a real scalar; got NoneType"),
    ],
)
def test_format_number_rejects_non_numbers(value: object, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        format_number(value)


def test_format_number_rejects_matrices() -> None:
    with pytest.raises(
        TypeError, match=r"`value` must be a scalar or a 1-D array; got shape \(2, 2\)"
    ):
        format_number(np.eye(2))


def test_glue_rejects_a_format_for_words(glued: dict[str, Any]) -> None:
    with pytest.raises(TypeError, match="`fmt` applies to numbers"):
        glue("w", "queen", ".2f")
    assert glued == {}


def test_glue_rejects_non_numbers(glued: dict[str, Any]) -> None:
    with pytest.raises(TypeError, match="`value` must be a real scalar"):
        glue("d", {"a": 1})
    assert glued == {}
