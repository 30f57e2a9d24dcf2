"""The MyST-to-notebook converter behind each page's .ipynb download."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))

from book_notebooks import (
    ConversionError,
    References,
    colab_url,
    convert_markdown,
    glue_values,
    install_cell,
    notebook_uri,
    text_page_notebook,
    to_notebook,
)

REFS = References(
    base_url="https://example.org/book/",
    labels={
        "sec-x-why": ("x", "sec-x-why", "Why it matters"),
        "thm-x": ("x", "thm-x", "Theorem"),
    },
    equations={"eq-x-dot": ("x", "3")},
    figures={"fig-x-area": ("x", "Figure 2")},
    titles={"x": "Vectors", "api": "API reference"},
    citations={"strang2016": "Strang, 2016"},
    glue={"cos": "0.96", "n": "24", "name": "'king'"},
)


def test_glued_values_are_filled_in_with_their_format() -> None:
    text = "cos is {glue:text}`cos:.1f`, {glue:text}`n` steps, word {glue:text}`name`"
    assert convert_markdown(text, REFS) == "cos is 1.0, 24 steps, word king"


def test_a_missing_glue_key_is_an_error() -> None:
    with pytest.raises(ConversionError, match="no glued value 'nope'"):
        convert_markdown("{glue:text}`nope`", REFS)


def test_references_become_links_to_the_published_book() -> None:
    text = (
        "See {eq}`eq-x-dot`, {numref}`fig-x-area`, {ref}`sec-x-why`, "
        "{ref}`this <sec-x-why>`, {doc}`api`, {prf:ref}`thm-x` and {cite}`strang2016`."
    )
    assert convert_markdown(text, REFS) == (
        "See [(3)](https://example.org/book/x.html#eq-x-dot), "
        "[Figure 2](https://example.org/book/x.html#fig-x-area), "
        "[Why it matters](https://example.org/book/x.html#sec-x-why), "
        "[this](https://example.org/book/x.html#sec-x-why), "
        "[API reference](https://example.org/book/api.html), "
        "[Theorem](https://example.org/book/x.html#thm-x) and "
        "[[Strang, 2016](https://example.org/book/bibliography.html#id-strang2016)]."
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{eq}`eq-nowhere`", "unknown equation"),
        ("{numref}`fig-nowhere`", "unknown figure"),
        ("{ref}`sec-nowhere`", "unknown label"),
        ("{doc}`nowhere`", "unknown page"),
        ("{cite}`nobody2020`", "unknown citation"),
        ("{fancy}`x`", "unknown role"),
        ("```{fancy}\nbody\n```", "unknown directive"),
    ],
)
def test_what_the_converter_does_not_know_is_an_error(text: str, message: str) -> None:
    with pytest.raises(ConversionError, match=message):
        convert_markdown(text, REFS)


def test_givens_labels_and_equation_labels_are_plain_markdown() -> None:
    text = "(sec-x-why)=\n## Why\n\nThe input {given}`0.5` and\n$$\n\\given{2} x\n$$ (eq-x-dot)"
    assert convert_markdown(text, REFS) == "## Why\n\nThe input 0.5 and\n$$\n2 x\n$$"


def test_quiz_answers_fold_into_details() -> None:
    text = ":::{dropdown} Q1. Is {glue:text}`n` even?\nYes: {glue:text}`n` = 2 x 12.\n:::"
    assert convert_markdown(text, REFS) == (
        "<details>\n<summary>Q1. Is 24 even?</summary>\n\nYes: 24 = 2 x 12.\n\n</details>"
    )


def test_definitions_and_exercises_become_quoted_blocks() -> None:
    text = (
        "```{prf:definition} Dot product\n:label: def-x-dot\n\nThe sum $a_i b_i$.\n```\n\n"
        "```{exercise} Angles\n:label: ex-x-1\n\nFind it.\n```\n\n"
        "```{solution-start} ex-x-1\n:class: dropdown\n```\n\nIt is 1.\n\n```{solution-end}\n```"
    )
    assert convert_markdown(text, REFS) == (
        "> **Definition (Dot product).**\n>\n> The sum $a_i b_i$.\n\n"
        "> **Exercise (Angles).**\n>\n> Find it.\n\n**Solution.**\n\nIt is 1."
    )


def test_nested_directives_with_longer_fences() -> None:
    text = "::::{dropdown} Outer\n:::{dropdown} Inner\ndeep\n:::\n::::"
    assert convert_markdown(text, REFS) == (
        "<details>\n<summary>Outer</summary>\n\n"
        "<details>\n<summary>Inner</summary>\n\ndeep\n\n</details>\n\n</details>"
    )


def test_library_source_is_shown_as_a_code_block() -> None:
    text = "```{aimath-source} aimath.vectors.dot\n```"
    shown = convert_markdown(text, REFS, source_of=lambda name: f"def {name.split('.')[-1]}(): ...")
    assert shown == "```python\ndef dot(): ...\n```"


def test_install_cell_installs_only_when_missing() -> None:
    cell = install_cell("https://github.com/o/r")
    assert cell["cell_type"] == "code"
    assert 'find_spec("aimath") is None' in cell["source"]
    assert "aimath @ git+https://github.com/o/r" in cell["source"]
    compile(cell["source"], "install", "exec")  # valid Python


def test_notebook_links() -> None:
    assert notebook_uri("vectors") == "_notebooks/vectors.ipynb"
    assert notebook_uri("projects/race") == "../_notebooks/projects/race.ipynb"
    assert colab_url("https://github.com/o/r", "gh-pages", "vectors") == (
        "https://colab.research.google.com/github/o/r/blob/gh-pages/_notebooks/vectors.ipynb"
    )


def test_to_notebook_keeps_code_tags_and_outputs_and_fills_glue() -> None:
    executed = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "(ch-x)=\n# X"},
            {
                "cell_type": "code",
                "execution_count": 1,
                "metadata": {"tags": ["raises-exception"], "mystnb": {"figure": {}}},
                "outputs": [{"output_type": "stream", "name": "stdout", "text": "hi\n"}],
                "source": "print('hi')",
            },
            {"cell_type": "markdown", "metadata": {}, "source": "Value {glue:text}`v`."},
        ],
        "metadata": {"aimath_glue": {"v": "1.5"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    notebook = to_notebook(executed, References(), "https://github.com/o/r", str)
    kinds = [cell["cell_type"] for cell in notebook["cells"]]
    assert kinds == ["code", "markdown", "code", "markdown"]
    assert notebook["cells"][1]["source"] == "# X"
    assert notebook["cells"][2]["metadata"] == {"tags": ["raises-exception"]}
    assert notebook["cells"][2]["outputs"][0]["text"] == "hi\n"
    assert notebook["cells"][3]["source"] == "Value 1.5."
    assert len({cell["id"] for cell in notebook["cells"]}) == 4  # unique ids
    assert glue_values(executed) == {"v": "1.5"}


def test_roles_inside_code_spans_stay_literal() -> None:
    text = "Write ``{glue:text}`key` `` to show {glue:text}`n`, and `\\given{1}` too."
    assert convert_markdown(text, REFS) == (
        "Write ``{glue:text}`key` `` to show 24, and `\\given{1}` too."
    )


def test_plain_code_blocks_stay_literal() -> None:
    text = "Before {glue:text}`n`.\n\n```text\nWARNING: glue it ({glue:text}`key`)\n```\n\nAfter."
    assert convert_markdown(text, REFS) == (
        "Before 24.\n\n```text\nWARNING: glue it ({glue:text}`key`)\n```\n\nAfter."
    )


def test_a_text_page_becomes_one_markdown_cell_after_the_install_cell() -> None:
    page = "---\nmyst: {}\n---\n(fm-x)=\n# Glossary\n\nSee {doc}`api`.\n"
    notebook = to_notebook(text_page_notebook(page), REFS, "https://github.com/o/r", str)
    assert [cell["cell_type"] for cell in notebook["cells"]] == ["code", "markdown"]
    assert notebook["cells"][1]["source"] == (
        "# Glossary\n\nSee [API reference](https://example.org/book/api.html)."
    )


def test_glossary_terms_are_bold_and_index_entries_vanish() -> None:
    text = (
        "```{index} eigenvalue\n```\n\n"
        "```{glossary}\n:sorted:\n\nNorm\n  A length, see {doc}`api`.\n```"
    )
    assert convert_markdown(text, REFS) == (
        "**Norm**  \nA length, see [API reference](https://example.org/book/api.html)."
    )


def test_api_roles_link_to_the_api_reference() -> None:
    text = "{py:func}`~aimath.vectors.dot` and {py:class}`aimath.autodiff.Value`"
    assert convert_markdown(text, REFS) == (
        "[`dot()`](https://example.org/book/api.html#aimath.vectors.dot) and "
        "[`aimath.autodiff.Value`](https://example.org/book/api.html#aimath.autodiff.Value)"
    )
