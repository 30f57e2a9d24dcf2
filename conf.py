"""Sphinx configuration for *Mathematics for AI, verified*.

Build from the repository root with ``-c .`` (see the noxfile)::

    sphinx-build -b html -c . -d _build/doctrees -W --keep-going docs _build/html

The mechanisms that make the build a test of the book live in
``docs/_ext/verified_book.py``; this file only wires them up.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import verified_book  # noqa: E402  (needs the path above)

# Builds elsewhere (tests, parallel drafts) may move the execution cache.
BUILD = Path(os.environ.get("AIMATH_BUILD_DIR", ROOT / "_build")).resolve()

# -- Project ------------------------------------------------------------------
project = "Mathematics for AI, verified"
author = "The aimath authors"
copyright = "2026, The aimath authors"
release = "0.1"

extensions = [
    "myst_nb",  # loads myst_parser itself
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx_design",
    "sphinx_copybutton",
    "sphinx_togglebutton",
    "sphinx_proof",
    "sphinx_exercise",
    "sphinxcontrib.bibtex",
    "verified_book",
    "book_notebooks",
]

# -- Where the book is published ----------------------------------------------
# The site is deployed to the gh-pages branch of this repository (see
# .github/workflows/book.yml); notebooks link back to the published pages, and
# Colab opens each page's notebook from that branch.
aimath_repository = "https://github.com/aimath-book/aimath"
aimath_pages_branch = "gh-pages"
html_baseurl = "https://aimath-book.github.io/aimath/"

exclude_patterns = ["_ext", "**/.ipynb_checkpoints", "**/*.ipynb"]
templates_path: list[str] = []
html_static_path = ["docs/_static"]  # resolved against the conf directory (root)
html_css_files = ["book.css"]
html_js_files = ["book.js"]

# -- Strictness ----------------------------------------------------------------
# Every reference must resolve; there is no network for intersphinx, so the few
# external names that appear in signatures are listed explicitly.
nitpicky = True
nitpick_ignore_regex = [
    ("py:class", r"(numpy|np)\..*"),
    ("py:class", r"(numpy\.typing\.)?(ArrayLike|NDArray)(\[.*\])?"),
    ("py:class", r"aimath\._typing\..*"),
    ("py:class", r"FloatArray"),
    ("py:class", r"matplotlib\..*"),
    ("py:class", r"(collections\.abc\.)?(Mapping|Sequence|Iterable)"),
    ("py:class", r"(optional|array_like|array-like|callable)"),
    # references to libraries the book compares against (no intersphinx offline)
    (
        "py:(mod|func|meth|class|data)",
        r"(scipy|sklearn|torch|math|numpy|np|dataclasses|functools|itertools)(\..*)?",
    ),
]

# -- MyST and notebooks --------------------------------------------------------
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist", "substitution"]
myst_dmath_double_inline = True
myst_heading_anchors = 3

# Execute every page at build time; reuse a page's outputs only when neither
# its code, nor the aimath modules it imports, nor a keyed package version
# changed (see verified_book: the page's module key goes into its kernelspec).
aimath_cache_key = verified_book.environment_key()
nb_execution_mode = os.environ.get("AIMATH_EXECUTION_MODE", "cache")
nb_execution_cache_path = str(
    verified_book.prepare_execution_cache(BUILD / ".jupyter_cache", aimath_cache_key)
)
nb_execution_raise_on_error = True  # a failing cell or check stops the build
nb_execution_show_tb = True
nb_execution_timeout = 120  # seconds per cell
nb_execution_in_temp = True  # files a page writes stay out of docs/
nb_merge_streams = True
# Markdown a cell displays (result tables built in code) is parsed as MyST:
# tables and $math$ render, like the page's own text
nb_render_markdown_format = "myst"
# Anything a cell prints to stderr (a library warning, a figure that fails to
# render inside the display machinery) is a build warning naming the page:
# fatal under -W, like every other warning.
nb_output_stderr = "warn"
nb_kernel_rgx_aliases = {"python3": "python3"}

# Kernels inherit this environment: plain-text tracebacks, seeded hashing, and
# every figure displayed as a light and a dark rendering (aimath.plotting.themes).
os.environ["IPYTHONDIR"] = str(verified_book.prepare_ipython_dir(BUILD / ".ipython"))
os.environ["PYTHONHASHSEED"] = "0"
os.environ["AIMATH_THEMED_FIGURES"] = "1"
# One BLAS/OpenMP thread per kernel: the build runs one kernel per core (-j auto),
# so multi-threaded kernels would fight over the cores (measured on 2 cores: the
# manifold page took 19.7 s with default threading next to another page). Fixed
# threading also keeps floating-point reductions the same on any machine.
for _threads in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")

# -- Numbering, math, citations -------------------------------------------------
numfig = True
math_numfig = True
math_eqref_format = "({number})"
numfig_format = {"figure": "Figure %s", "table": "Table %s", "code-block": "Listing %s"}
bibtex_bibfiles = ["docs/references.bib"]  # relative to the conf directory
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

# -- API reference ---------------------------------------------------------------
autodoc_typehints = "none"  # the numpydoc Parameters sections carry the types
autodoc_member_order = "bysource"
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_use_param = False  # types stay text ("array_like, shape (n,)"), not cross-references
napoleon_use_keyword = False

# -- HTML ----------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "Mathematics for AI, verified"
html_last_updated_fmt = None  # no dates: two builds must give identical pages
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
}
html_show_sphinx = False
