"""Tests for aimath.book: what pages glue, and the checks they print."""

from __future__ import annotations

import re
import sys
import types
from typing import Any

import numpy as np
import pytest

from aimath.book import check, check_close, format_number, format_scientific, glue


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


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf, np.float64("nan")])
def test_format_number_rejects_non_finite(value: float) -> None:
    with pytest.raises(ValueError, match="`value` must be a finite number"):
        format_number(value, ".3f")


def test_format_number_rejects_non_finite_entries() -> None:
    with pytest.raises(ValueError, match="`value` must be a finite number; got nan"):
        format_number([1.0, np.nan])


@pytest.mark.parametrize("fmt", [None, ".2f"])
def test_glue_rejects_nan(glued: dict[str, Any], fmt: str | None) -> None:
    with pytest.raises(ValueError, match="`value` must be a finite number; got nan"):
        glue("x", np.float64("nan"), fmt)
    assert glued == {}


def test_glue_publishes_non_finite_text_only_as_a_string(glued: dict[str, Any]) -> None:
    # showing an overflow on purpose: glue its text, as docs/norms.md does
    assert glue("naive", str(np.inf)) == "inf"


@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        ({"rtol": np.nan}, ValueError, "`rtol` must be a finite number; got nan"),
        ({"rtol": np.inf}, ValueError, "`rtol` must be a finite number; got inf"),
        ({"rtol": -1e-9}, ValueError, "`rtol` must be non-negative; got -1e-09"),
        ({"rtol": "abc"}, TypeError, "`rtol` must be a real number; got str"),
        ({"rtol": True}, TypeError, "`rtol` must be a real number, not a boolean"),
        ({"rtol": 0.0, "atol": np.nan}, ValueError, "`atol` must be a finite number"),
        ({"rtol": 0.0, "atol": -np.inf}, ValueError, "`atol` must be a finite number"),
        ({"rtol": 0.0, "atol": -1.0}, ValueError, "`atol` must be non-negative"),
        ({"rtol": 0.0, "atol": None}, TypeError, "`atol` must be a real number"),
    ],
    ids=[
        "rtol-nan",
        "rtol-inf",
        "rtol-negative",
        "rtol-str",
        "rtol-bool",
        "atol-nan",
        "atol-minus-inf",
        "atol-negative",
        "atol-None",
    ],
)
def test_check_close_rejects_bad_tolerances(
    capsys: pytest.CaptureFixture[str],
    kwargs: dict[str, Any],
    exc: type[Exception],
    message: str,
) -> None:
    with pytest.raises(exc, match=message):
        check_close(1.0, 1.0, what="a bad tolerance", **kwargs)
    assert capsys.readouterr().out == ""  # nothing printed: the claim was not checked


@pytest.mark.parametrize(
    ("actual", "desired", "name"),
    [
        ("abc", 1.0, "actual"),
        (1.0, "abc", "desired"),
        (None, 1.0, "actual"),
        (1.0, [[1.0], [1.0, 2.0]], "desired"),
        (np.array([1.0 + 2.0j]), 1.0, "actual"),
        (1.0, np.array([None, 1.0], dtype=object), "desired"),
    ],
    ids=[
        "actual-str",
        "desired-str",
        "actual-None",
        "desired-ragged",
        "actual-complex",
        "desired-None-entry",
    ],
)
def test_check_close_rejects_non_numbers(actual: object, desired: object, name: str) -> None:
    with pytest.raises(TypeError, match=f"`{name}` must be a real number or array of them"):
        check_close(actual, desired, rtol=1e-12, what="not numbers")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("actual", "desired"),
    [(np.nan, np.nan), ([1.0, np.nan], [1.0, np.nan]), (np.nan, 1.0)],
    ids=["both-nan", "nan-entries", "actual-nan"],
)
def test_check_close_never_confirms_nan(
    capsys: pytest.CaptureFixture[str], actual: object, desired: object
) -> None:
    with pytest.raises(AssertionError, match="NaN is not a result"):
        check_close(actual, desired, rtol=1e-12, what="NaN is not a result")  # type: ignore[arg-type]
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    "condition",
    [np.nan, 1, 0, "abc", "", None, np.array([True, True])],
    ids=["nan", "one", "zero", "str", "empty-str", "None", "array"],
)
def test_check_rejects_non_booleans(capsys: pytest.CaptureFixture[str], condition: object) -> None:
    with pytest.raises(TypeError, match=re.escape("`condition` must be a bool or numpy.bool_")):
        check(condition, "not a truth value")  # type: ignore[arg-type]
    assert capsys.readouterr().out == ""  # no check mark for a claim that was never decided


# -- format_scientific --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (6.5e9, 1, "6.5 × 10⁹"),  # by hand: 6.5 · 10^9
        (1.5e-16, 1, "1.5 × 10⁻¹⁶"),
        (-0.000123, 2, "\N{MINUS SIGN}1.23 × 10⁻⁴"),
        (np.float64(12345.0), 0, "1 × 10⁴"),  # rounds the mantissa to 0 decimals
        (np.int64(300), 1, "3.0 × 10²"),
        (1.0, 1, "1.0 × 10⁰"),
    ],
)
def test_format_scientific(value: object, digits: int, expected: str) -> None:
    assert format_scientific(value, digits) == expected


@pytest.mark.parametrize(
    ("value", "digits", "exc", "message"),
    [
        (0.0, 1, ValueError, "`value` must be non-zero"),
        (float("nan"), 1, ValueError, "`value` must be a finite number"),
        (float("inf"), 1, ValueError, "`value` must be a finite number"),
        ("big", 1, TypeError, "`value` must be a real scalar"),
        (1.0, 1.5, TypeError, "`digits` must be an integer"),
        (1.0, -1, ValueError, "`digits` must be non-negative"),
    ],
)
def test_format_scientific_rejects_bad_input(
    value: object, digits: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=message):
        format_scientific(value, digits)  # type: ignore[arg-type]
