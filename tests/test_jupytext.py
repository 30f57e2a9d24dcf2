"""Every page opens as a notebook in JupyterLab and saves back unchanged.

Contributors edit a chapter as a notebook through jupytext (see
CONTRIBUTING.md, "Open a page as a notebook"). That works only if jupytext
reads each page as a MyST notebook with the book's kernel, and if a save from
JupyterLab, which rewrites the file in jupytext's own layout, keeps every
cell: source, type, tags and figure metadata.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = sorted(
    path for path in DOCS.glob("*.md") if "kernelspec:" in path.read_text(encoding="utf-8")[:600]
)


def _cells(notebook: object) -> list[tuple[str, str, dict[str, object]]]:
    return [
        (cell.cell_type, cell.source, dict(cell.metadata))
        for cell in notebook.cells  # type: ignore[attr-defined]
    ]


def test_there_are_notebook_pages() -> None:
    assert len(PAGES) >= 5, PAGES


@pytest.mark.parametrize("page", PAGES, ids=[page.stem for page in PAGES])
def test_page_is_a_myst_notebook_with_the_book_kernel(page: Path) -> None:
    notebook = jupytext.read(page)
    representation = notebook.metadata["jupytext"]["text_representation"]
    assert representation["format_name"] == "myst"
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    assert any(cell.cell_type == "code" for cell in notebook.cells)


@pytest.mark.parametrize("page", PAGES, ids=[page.stem for page in PAGES])
def test_saving_from_jupyterlab_keeps_every_cell(page: Path) -> None:
    notebook = jupytext.read(page)
    saved = jupytext.writes(notebook, fmt="md:myst")
    assert _cells(jupytext.reads(saved, fmt="md:myst")) == _cells(notebook)
