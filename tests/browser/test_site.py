"""The built site in a real browser: every page, offline, typeset, accessible."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin

import nbformat
import pytest
from nbclient import NotebookClient
from playwright.sync_api import Page

from browser.checks import (
    axe_problems,
    image_problems,
    math_problems,
    wait_for_math,
    watch,
)
from browser.site import site_pages, site_root

SITE = site_root()
PAGES = site_pages(SITE)


def _generated(path: str) -> bool:
    """A page Sphinx (or an extension) generates, with no source to make a notebook of."""
    return not (SITE / "_sources" / path.replace(".html", ".md")).exists()


#: What a reader searches for, and the chapters that teach it.
SEARCHES = {
    # softmax is taught three times: its gradient, its stability, its loss
    "softmax": {"autodiff.html", "numerics.html", "information.html"},
    "eigenvalue": {"decomposition.html"},
    "KL divergence": {"information.html"},
}


def _open(page: Page, origin: str, path: str) -> None:
    # the API reference is large: allow it time on a busy 2-core machine
    page.goto(f"{origin}/{path}", wait_until="load", timeout=120_000)
    wait_for_math(page)


@pytest.mark.parametrize("path", PAGES)
def test_page_is_offline_typeset_and_accessible(
    page: Page, origin: str, axe_source: str, path: str
) -> None:
    traffic = watch(page, origin)
    _open(page, origin, path)
    problems = (
        traffic.problems()
        + math_problems(page)
        + image_problems(page)
        + axe_problems(page, axe_source)
        + ([] if _generated(path) else notebook_problems(page, origin, path))
    )
    assert not problems, f"{path}:\n  " + "\n  ".join(problems)


def notebook_problems(page: Page, origin: str, path: str) -> list[str]:
    """The page links a notebook that exists and is valid, and Colab."""
    href = page.get_attribute("a.aimath-ipynb", "href")
    colab = page.get_attribute("a.aimath-colab", "href")
    if href is None or colab is None:
        return ["no notebook download or Colab link"]
    response = page.request.get(urljoin(f"{origin}/{path}", href))
    if not response.ok:
        return [f"notebook {href}: HTTP {response.status}"]
    try:
        nbformat.validate(nbformat.reads(response.text(), as_version=4))  # type: ignore[no-untyped-call]
    except Exception as error:  # any invalidity is the finding
        return [f"notebook {href} is not a valid notebook: {error}"]
    return []


def test_every_page_was_visited() -> None:
    # the index, the API reference and the chapters, at least
    assert {"index.html", "api.html", "vectors.html"} <= set(PAGES)
    # and only Sphinx's own pages lack a source (and so a notebook)
    assert {p for p in PAGES if _generated(p)} <= {
        "genindex.html",
        "search.html",
        "py-modindex.html",
        "prf-prf.html",  # sphinx-proof's index of definitions and theorems
    }


@pytest.mark.parametrize(("query", "chapters"), SEARCHES.items())
def test_search_finds_the_chapter_that_teaches_it(
    page: Page, origin: str, query: str, chapters: set[str]
) -> None:
    page.goto(f"{origin}/search.html?q={query.replace(' ', '+')}", wait_until="load")
    # Sphinx lists results as it finds them; wait until it says it has finished
    page.wait_for_function(
        "() => /finished|did not match/i.test("
        "(document.querySelector('#search-results .search-summary') || {}).textContent || '')",
        timeout=30_000,
    )
    found = {
        href.split("#")[0].split("?")[0]
        for href in page.eval_on_selector_all(
            "#search-results ul.search li a", "links => links.map(a => a.getAttribute('href'))"
        )
    }
    assert chapters & found, f"{query!r}: results {sorted(found)} miss {sorted(chapters)}"


def _theme(page: Page, mode: str) -> None:
    page.click(".theme-switch-button")
    page.click(f".theme-change-button[data-mode={mode}]")
    page.wait_for_function(f"document.documentElement.dataset.theme === '{mode}'")


def _figures_shown(page: Page) -> tuple[int, int]:
    """How many light and how many dark figure renderings are visible."""
    light = page.locator("img.only-light:visible").count()
    dark = page.locator("img.only-dark:visible").count()
    return light, dark


def test_dark_mode_switches_every_figure_to_its_dark_rendering(
    page: Page, origin: str, artifacts: Path, axe_source: str
) -> None:
    _open(page, origin, "norms.html")
    figures = page.locator("img.only-light").count()
    assert figures >= 3
    _theme(page, "light")
    assert _figures_shown(page) == (figures, 0)
    _theme(page, "dark")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert _figures_shown(page) == (0, figures)
    page.locator("img.only-dark").first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "norms-dark.png"))
    # the dark theme is as accessible as the light one
    problems = axe_problems(page, axe_source)
    assert not problems, "\n".join(problems)
    _theme(page, "light")
    assert _figures_shown(page) == (figures, 0)


def test_quiz_answers_are_hidden_until_clicked(page: Page, origin: str) -> None:
    _open(page, origin, "vectors.html")
    dropdowns = page.locator("details.sd-dropdown")
    assert dropdowns.count() >= 4
    for i in range(dropdowns.count()):
        dropdown = dropdowns.nth(i)
        answer = dropdown.locator(".sd-summary-content")
        assert not answer.is_visible()
        dropdown.locator("summary").click()
        answer.wait_for(state="visible")
        assert dropdown.get_attribute("open") is not None


def test_exercise_solutions_are_hidden_until_clicked(page: Page, origin: str) -> None:
    _open(page, origin, "vectors.html")
    solutions = page.locator("div.solution.dropdown")
    assert solutions.count() >= 3
    for i in range(solutions.count()):
        solution = solutions.nth(i)
        body = solution.locator("> :not(.admonition-title):not(button)").first
        assert not body.is_visible()
        solution.locator(".admonition-title").click()
        body.wait_for(state="visible")


def test_downloaded_notebook_runs_from_a_clean_folder(
    page: Page, origin: str, tmp_path: Path
) -> None:
    _open(page, origin, "verification.html")
    href = page.get_attribute("a.aimath-ipynb", "href")
    assert href is not None
    colab = page.get_attribute("a.aimath-colab", "href")
    assert colab is not None
    assert colab.startswith("https://colab.research.google.com/github/")
    assert colab.endswith("/_notebooks/verification.ipynb")
    response = page.request.get(f"{origin}/{href}")
    assert response.ok
    notebook = nbformat.reads(response.text(), as_version=4)  # type: ignore[no-untyped-call]
    nbformat.validate(notebook)
    NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code" and "raises-exception" not in cell.metadata.get("tags", [])
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert not errors, json.dumps(errors, indent=1)[:2000]


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("index.html", "index-light.png"),
        ("decomposition.html", "chapter-light.png"),
        ("eigen_digits.html", "project-light.png"),
    ],
)
def test_screenshots_of_representative_pages(
    page: Page, origin: str, artifacts: Path, path: str, name: str
) -> None:
    _open(page, origin, path)
    target = artifacts / name
    page.screenshot(path=str(target), full_page=False)
    assert target.stat().st_size > 10_000
