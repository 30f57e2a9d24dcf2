"""The build is the test of the book: prove that it fails when it should.

Each test builds a throw-away site in a temporary folder with the project's
own ``conf.py`` and extension, a one-page book, and strict settings, then
asserts on the exit status and on the message: a failure must name the page.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba

from aimath.plotting.themes import DARK_BACKGROUND, DARK_CHUNK

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.pipeline

HEADER = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


@dataclass
class Build:
    returncode: int
    output: str
    html: Path

    def page(self, name: str) -> str:
        return (self.html / f"{name}.html").read_text()


class Site:
    """A one-page book in ``root`` built with the real conf.py and extension."""

    def __init__(self, root: Path, *, copy_library: bool = False) -> None:
        self.root = root
        docs = root / "docs"
        docs.mkdir(parents=True)
        shutil.copy(ROOT / "conf.py", root / "conf.py")
        shutil.copytree(ROOT / "docs" / "_ext", docs / "_ext")
        shutil.copytree(ROOT / "docs" / "_static", docs / "_static")
        shutil.copy(ROOT / "docs" / "references.bib", docs / "references.bib")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("AIMATH_")}
        if copy_library:
            shutil.copytree(ROOT / "src" / "aimath", root / "src" / "aimath")
            self.env["PYTHONPATH"] = str(root / "src")

    def write(self, name: str, body: str, *more: tuple[str, str]) -> None:
        pages = [(name, body), *more]
        entries = "\n".join(page for page, _ in pages)
        index = f"# Test book\n\n```{{toctree}}\n{entries}\n```\n"
        (self.root / "docs" / "index.md").write_text(index)
        for page, text in pages:
            (self.root / "docs" / f"{page}.md").write_text(HEADER + textwrap.dedent(text))

    def build(self) -> Build:
        html = self.root / "_build" / "html"
        command = [
            sys.executable,
            *("-m", "sphinx", "-b", "html", "-c", str(self.root)),
            *("-d", str(self.root / "_build" / "doctrees")),
            *("-W", "--keep-going", "-n"),
            str(self.root / "docs"),
            str(html),
        ]
        done = subprocess.run(
            command, env=self.env, capture_output=True, text=True, timeout=300, check=False
        )
        return Build(done.returncode, done.stdout + done.stderr, html)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path)


def assert_fails_naming(build: Build, page: str, *needles: str) -> None:
    assert build.returncode != 0, f"the build should have failed:\n{build.output}"
    assert f"docs/{page}.md" in build.output, f"failure does not name the page:\n{build.output}"
    for needle in needles:
        assert needle in build.output, f"{needle!r} not in build output:\n{build.output}"


GOOD_PAGE = """
# A good page

```{code-cell} ipython3
from aimath import cosine_similarity
from aimath.book import check_close, glue

c = glue("cos", cosine_similarity([3.0, 4.0], [4.0, 3.0]), ".2f")
check_close(float(c), 24 / 25, rtol=1e-12, what="cos from the closed form")
```

The cosine is {glue:text}`cos`, and the input {given}`0.5` is marked.
"""


def test_good_page_builds_and_shows_the_glued_number(site: Site) -> None:
    site.write("good", GOOD_PAGE)
    build = site.build()
    assert build.returncode == 0, build.output
    assert "0.96" in build.page("good")


def test_executed_page_carries_its_verification_record(site: Site) -> None:
    site.write("good", GOOD_PAGE)
    build = site.build()
    assert build.returncode == 0, build.output
    html = build.page("good")
    record = html[html.index('class="margin aimath-verification') :]
    record = record[: record.index("</aside>")]
    assert "1 check ran and passed" in record
    assert "1 glued result in the text" in record
    seconds = re.search(r'data-seconds="([0-9.]+)"', record)
    assert seconds is not None
    assert float(seconds.group(1)) > 0.0
    assert "no random numbers" in record
    assert f"NumPy {np.__version__}" in record


def test_cell_that_raises_fails_the_build(site: Site) -> None:
    site.write(
        "boom",
        """
        # Boom

        ```{code-cell} ipython3
        raise RuntimeError("deliberate failure in a cell")
        ```
        """,
    )
    assert_fails_naming(site.build(), "boom", "deliberate failure in a cell", "Cell In[")


def test_failed_check_fails_the_build(site: Site) -> None:
    site.write(
        "wrong",
        """
        # A false claim

        ```{code-cell} ipython3
        from aimath import cosine_similarity
        from aimath.book import check_close

        check_close(cosine_similarity([3.0, 4.0], [1.0, 2.0]), 1.0, rtol=1e-9,
                    what="a and b point the same way")
        ```
        """,
    )
    assert_fails_naming(site.build(), "wrong", "a and b point the same way", "AssertionError")


def test_missing_glue_key_fails_the_build(site: Site) -> None:
    site.write(
        "nokey",
        """
        # Missing glue

        ```{code-cell} ipython3
        from aimath.book import glue

        glue("present", 1.5)
        ```

        Here is {glue:text}`absent` which nobody glued.
        """,
    )
    assert_fails_naming(site.build(), "nokey", "absent")


def test_broken_cross_reference_fails_the_build(site: Site) -> None:
    site.write(
        "xref",
        """
        # Broken reference

        See {ref}`sec-that-does-not-exist` and {eq}`eq-nowhere`.
        """,
    )
    assert_fails_naming(site.build(), "xref", "sec-that-does-not-exist")


def test_hand_typed_number_fails_the_build(site: Site) -> None:
    site.write(
        "typed",
        """
        # Typed by hand

        ```{code-cell} ipython3
        x = 1
        ```

        After training, the loss is 0.6931.
        """,
    )
    assert_fails_naming(site.build(), "typed", "hand-typed result number '0.6931'")


def test_cell_tagged_to_raise_does_not_fail_the_build(site: Site) -> None:
    site.write(
        "onpurpose",
        """
        # Errors shown on purpose

        ```{code-cell} ipython3
        :tags: [raises-exception]
        from aimath import dot

        dot([1.0, 2.0], [1.0, 2.0, 3.0])
        ```
        """,
    )
    build = site.build()
    assert build.returncode == 0, build.output
    assert "must have the same length" in build.page("onpurpose")


LIBRARY_PAGE = """
# Uses the library

```{code-cell} ipython3
import aimath
from aimath.vectors import dot
from aimath.book import glue

print("aimath from", aimath.__file__)
glue("d", dot([1.0, 2.0], [3.0, 4.0]))
```

The dot product is {glue:text}`d`.
"""

INDEPENDENT_PAGE = """
# Does not use aimath.vectors

```{code-cell} ipython3
from aimath.book import format_number, glue

glue("h", format_number(0.5, ".2f"))
```

Half is {glue:text}`h`.
"""


def executed_pages(build: Build) -> set[str]:
    """Names of the pages whose notebooks ran (rather than came from the cache)."""
    return {
        Path(line.split(":")[0]).stem
        for line in build.output.splitlines()
        if "Executing notebook" in line
    }


def test_library_change_reexecutes_exactly_the_dependent_pages(tmp_path: Path) -> None:
    site = Site(tmp_path, copy_library=True)
    site.write("uses", LIBRARY_PAGE, ("independent", INDEPENDENT_PAGE))
    first = site.build()
    assert first.returncode == 0, first.output
    assert executed_pages(first) == {"uses", "independent"}
    html = first.page("uses")
    assert str(tmp_path / "src" / "aimath") in html  # the kernel used the copy
    assert 'pasted-text">11.0<' in html

    # Unchanged: both pages come from the execution cache.
    again = site.build()
    assert again.returncode == 0, again.output
    assert executed_pages(again) == set()

    # Change aimath.vectors only; no page's code is touched.
    vectors = tmp_path / "src" / "aimath" / "vectors.py"
    source = vectors.read_text()
    old = "    return float(np.sum(a_ * b_))\n"
    assert source.count(old) == 1
    vectors.write_text(source.replace(old, "    return float(np.sum(a_ * b_)) + 1000.0\n"))

    changed = site.build()
    assert changed.returncode == 0, changed.output
    # the page importing aimath.vectors runs again and shows the new value ...
    assert executed_pages(changed) == {"uses"}
    html = changed.page("uses")
    assert 'pasted-text">1011.0<' in html, "the page still shows the value from before the change"
    assert 'pasted-text">11.0<' not in html
    # ... and the page that does not import it is served from the cache
    assert "0.50" in changed.page("independent")


FIGURE_PAGE = """
# Seeded figure

```{code-cell} ipython3
import matplotlib.pyplot as plt
import numpy as np

from aimath.book import glue
from aimath.plotting import use_book_style

use_book_style()
rng = np.random.default_rng(7)
points = rng.normal(size=(200, 2))
glue("spread", float(points.std()), ".3f")
fig, ax = plt.subplots()
ax.scatter(points[:, 0], points[:, 1]);
```

The spread is {glue:text}`spread`.
"""


def test_two_clean_builds_are_byte_identical(tmp_path: Path) -> None:
    pages = []
    for name in ("first", "second"):
        site = Site(tmp_path / name)
        site.write("figure", FIGURE_PAGE)
        build = site.build()
        assert build.returncode == 0, build.output
        images = sorted((build.html / "_images").iterdir())
        assert images, "the page should contain the figure"
        # execution times (an attribute of the verification record) may differ
        page = re.sub(r'data-seconds="[0-9.]*"', 'data-seconds=""', build.page("figure"))
        pages.append((page, [(p.name, p.read_bytes()) for p in images]))
    assert pages[0] == pages[1]


def test_every_figure_is_shown_in_a_light_and_a_dark_rendering(site: Site) -> None:
    site.write("figure", FIGURE_PAGE)
    build = site.build()
    assert build.returncode == 0, build.output
    html = build.page("figure")
    light = re.findall(r'<img[^>]*class="only-light"[^>]*src="([^"]+)"', html)
    dark = re.findall(r'<img[^>]*class="only-dark"[^>]*src="([^"]+)"', html)
    assert len(light) == len(dark) == 1, html
    light_png = (build.html / light[0]).read_bytes()
    dark_png = (build.html / dark[0]).read_bytes()
    # the served light PNG no longer carries the dark one inside
    assert DARK_CHUNK not in light_png
    corner = plt.imread(io.BytesIO(dark_png))[0, 0, :3]
    np.testing.assert_allclose(corner, to_rgba(DARK_BACKGROUND)[:3], atol=1 / 255)


def test_figure_drawn_without_the_book_style_fails_the_build(site: Site) -> None:
    site.write(
        "plain",
        """
        # A figure outside the plotting layer

        ```{code-cell} ipython3
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots()
        ax.plot([0, 1], [1, 0]);
        ```
        """,
    )
    assert_fails_naming(site.build(), "plain", "figure without a dark-theme rendering")


def test_executed_page_is_offered_as_a_notebook_that_runs(site: Site, tmp_path: Path) -> None:
    import nbformat
    from nbclient import NotebookClient

    site.write("good", GOOD_PAGE)
    build = site.build()
    assert build.returncode == 0, build.output
    html = build.page("good")
    assert 'href="_notebooks/good.ipynb"' in html
    assert "colab.research.google.com/github/" in html
    path = build.html / "_notebooks" / "good.ipynb"
    notebook = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    nbformat.validate(notebook)
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert "The cosine is 0.96, and the input 0.5 is marked." in markdown
    assert "{glue" not in markdown
    assert "{given}" not in markdown
    # it runs from a clean folder, outside the build
    run = tmp_path / "run"
    run.mkdir()
    NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(run)}}).execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert any("cos from the closed form" in o.get("text", "") for o in outputs)


def test_a_construct_the_notebook_writer_does_not_know_fails_the_build(site: Site) -> None:
    site.write(
        "odd",
        """
        # Odd

        ```{code-cell} ipython3
        x = 1
        ```

        ```{epigraph}
        A quotation the notebook writer has no rule for.
        ```
        """,
    )
    assert_fails_naming(site.build(), "odd", "cannot write the page as a notebook")


def test_figure_that_fails_to_render_fails_the_build(site: Site) -> None:
    # matplotlib only parses a label's mathtext when the figure is rendered, inside
    # the notebook's display machinery, which prints the error instead of raising it
    site.write(
        "badlabel",
        """
        # A label matplotlib cannot typeset

        ```{code-cell} ipython3
        import matplotlib.pyplot as plt
        from aimath.plotting import use_book_style

        use_book_style()
        fig, ax = plt.subplots()
        ax.plot([0, 1], [1, 0])
        ax.set_xlabel(r"$\\lVert x \\rVert$");
        ```
        """,
    )
    assert_fails_naming(site.build(), "badlabel")
