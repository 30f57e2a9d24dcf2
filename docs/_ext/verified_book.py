"""Sphinx extension: the mechanisms that make the book verify itself.

* A never-stale execution cache. Each notebook page is keyed on the source of
  exactly the ``aimath`` modules it imports, directly or through other
  ``aimath`` modules: the key goes into the page's kernelspec, which
  jupyter-cache hashes with the code cells, and Sphinx re-reads the page when
  the key changes. ``aimath_cache_key`` (Python and package versions) names the
  cache folder and, registered with ``rebuild="env"``, re-reads everything
  when a version changes.
* The prose-number check: a decimal literal (``0.69``, ``3.2150``, ``1e-3``)
  or a percentage in a page's prose or math is a hand-typed result unless it is
  marked ``{given}`...``` (prose) or ``\\given{...}`` (math). Each occurrence is
  a warning naming the page and line; ``-W`` makes it fatal.
* Figures for both themes: every PNG a notebook cell displays must come from
  :mod:`aimath.plotting.themes` as a light and a dark rendering (``conf.py``
  switches that display on for the kernels); the two images get the theme's
  ``only-light``/``only-dark`` classes. A figure displayed any other way is a
  warning naming the page.
* A verification record in the margin of every executed page: how many
  checks ran (and so passed), how many numbers were glued into the text, how
  long the page took to execute, its seeds, and the Python/NumPy/torch
  versions, all read from this build. The execution time lives in an HTML
  attribute (``data-seconds``) so that it is neither indexed for search nor
  the only thing that differs between two clean builds.
* A traceback shown in a cell's output fails the build unless the cell is
  tagged ``raises-exception`` (errors while *displaying*, e.g. a figure that
  cannot render, do not stop execution).
* ``{given}``: the visible marker for a number that is an input, not a result.
* Offline MathJax: the pinned MathJax 4 and its font are fetched once from the
  npm registry (integrity-checked) into a cache outside ``docs/`` and served
  from the site's ``_static`` folder.
"""

from __future__ import annotations

import ast
import base64
import functools
import hashlib
import importlib.metadata
import importlib.util
import io
import json
import os
import re
import shutil
import sys
import tarfile
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------------------
# The execution-cache key
# ---------------------------------------------------------------------------

#: Packages whose version can change what a page computes or draws.
KEYED_PACKAGES = (
    "numpy",
    "scipy",
    "sympy",
    "torch",
    "matplotlib",
    "scikit-learn",
    "myst-nb",
    "ipykernel",
)


def environment_key() -> str:
    """Hash of the Python version and of the versions of :data:`KEYED_PACKAGES`.

    It names the execution-cache folder: upgrading NumPy (say) re-executes
    every page.
    """
    digest = hashlib.sha256(sys.version.encode())
    for name in KEYED_PACKAGES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name}=={version}".encode())
    return digest.hexdigest()[:16]


# -- which aimath modules a page depends on -------------------------------------


def _page_import_pattern(package: str) -> re.Pattern[str]:
    """``import pkg.x``, ``from pkg.x import y`` and ``from pkg import (a, b)`` in page code."""
    pkg = re.escape(package)
    return re.compile(
        rf"^[ \t]*(?:from[ \t]+(?P<from>{pkg}(?:\.\w+)*)[ \t]+import[ \t]+"
        rf"(?P<names>\([^)]*\)|[^\n#]+)|import[ \t]+(?P<imp>{pkg}(?:\.\w+)*))",
        re.MULTILINE,
    )


def _module_file(name: str) -> Path | None:
    """The source file of module ``name``, found without importing it."""
    package, *rest = name.split(".")
    try:
        spec = importlib.util.find_spec(package)  # a top-level package: not imported
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    base = Path(next(iter(spec.submodule_search_locations))).joinpath(*rest)
    candidates = [base.parent / f"{base.name}.py"] if rest else []  # a module file ...
    candidates.append(base / "__init__.py")  # ... or a package
    return next((path for path in candidates if path.is_file()), None)


def _with_submodules(module: str, names: Iterable[str]) -> set[str]:
    """``from module import a, b``: each ``module.a`` that is a module, and
    ``module`` itself when some name is not (a function from its ``__init__``)."""
    found: set[str] = set()
    for raw in names:
        name = raw.strip()
        if name.isidentifier() and _module_file(f"{module}.{name}") is not None:
            found.add(f"{module}.{name}")
        else:
            found.add(module)
    return found


def _imports_of_module(name: str, package: str) -> set[str]:
    """The ``package`` modules that module ``name`` imports (absolute imports)."""
    path = _module_file(name)
    if path is None:
        return set()
    stat = path.stat()
    return set(_imports_of_file(str(path), stat.st_mtime_ns, stat.st_size, package))


@functools.lru_cache(maxsize=1024)
def _imports_of_file(path: str, mtime_ns: int, size: int, package: str) -> frozenset[str]:
    """:func:`_imports_of_module` for one version of a file (cached: every page asks)."""
    del mtime_ns, size  # part of the cache key only: an edited file is parsed again
    found: set[str] = set()
    for node in ast.walk(ast.parse(Path(path).read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == package}
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.level == 0
            and node.module.split(".")[0] == package
        ):
            found |= _with_submodules(node.module, (a.name for a in node.names))
    return frozenset(found)


def page_imports(source: str, package: str = "aimath") -> set[str]:
    """The ``package`` modules a page's code imports directly."""
    found: set[str] = set()
    for match in _page_import_pattern(package).finditer(source):
        if match["imp"]:
            found.add(match["imp"])
        else:
            names = match["names"].strip("() \n").replace("\n", " ").split(",")
            found |= _with_submodules(
                match["from"], (n.split(" as ")[0] for n in names if n.strip())
            )
    return found


def module_closure(roots: Iterable[str], package: str = "aimath") -> dict[str, Path]:
    """Every module reachable from ``roots`` through imports, with its file.

    Importing ``package.sub.mod`` also runs ``package/sub/__init__.py``, so
    intermediate packages count. The root ``package/__init__.py`` counts only
    when a page imports ``package`` itself: it only re-exports (a test holds it
    to that), so a page importing ``package.vectors`` does not depend on
    ``package.decomposition``.
    """
    todo = list(roots)
    seen: dict[str, Path] = {}
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = _module_file(name)
        if path is None:
            continue
        seen[name] = path
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(2, len(parts))]  # parent packages
        todo += sorted(_imports_of_module(name, package))
    return seen


def page_dependency_key(source: str, package: str = "aimath") -> str:
    """Hash of the source of every ``package`` module the page depends on."""
    digest = hashlib.sha256()
    for name, path in sorted(module_closure(page_imports(source, package), package).items()):
        digest.update(name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _front_matter(text: str) -> tuple[dict[str, Any], int] | None:
    """The YAML front matter of a page and the index where its closing ``---`` starts."""
    import yaml

    if not text.startswith("---\n"):
        return None
    end = text.find("\n---", 3)
    if end < 0:
        return None
    data = yaml.safe_load(text[4:end])
    return (data, end) if isinstance(data, dict) else None


def key_page_on_its_modules(app: Sphinx, docname: str, source: list[str]) -> None:
    """Put the page's dependency key into its notebook kernelspec.

    jupyter-cache hashes the kernelspec together with the code cells, so a page
    whose ``aimath`` modules changed misses the cache and runs again, while
    every other page is still served from it.
    """
    parsed = _front_matter(source[0])
    if parsed is None or not isinstance(parsed[0].get("kernelspec"), dict):
        return
    front, end = parsed
    key = page_dependency_key(source[0])
    front["kernelspec"]["aimath_deps"] = key
    # one line of JSON (valid YAML), padded so every later line keeps its number
    lines = source[0][4:end].count("\n") + 1
    source[0] = "---\n" + json.dumps(front) + "\n" * lines + source[0][end + 1 :]
    app.env.aimath_deps[docname] = key  # type: ignore[attr-defined]


def _deps_store(env: Any) -> dict[str, str]:
    if not hasattr(env, "aimath_deps"):
        env.aimath_deps = {}
    store: dict[str, str] = env.aimath_deps
    return store


def outdated_by_library(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Pages to re-read because an ``aimath`` module they import has changed."""
    stale = []
    for docname, key in _deps_store(env).items():
        if docname in removed or docname in changed:
            continue
        path = Path(env.doc2path(docname))
        if path.exists() and page_dependency_key(path.read_text()) != key:
            stale.append(docname)
    return stale


def _purge_deps(app: Sphinx, env: Any, docname: str) -> None:
    _deps_store(env).pop(docname, None)


def _merge_deps(app: Sphinx, env: Any, docnames: set[str], other: Any) -> None:
    theirs = _deps_store(other)
    _deps_store(env).update({d: theirs[d] for d in docnames if d in theirs})


def _init_deps(app: Sphinx) -> None:
    _deps_store(app.env)


def prepare_execution_cache(cache_root: Path, key: str) -> Path:
    """Create the cache database for ``key`` and delete caches of older keys.

    Creating the database here, before Sphinx starts parallel readers, avoids
    a race between workers that both try to create it.
    """
    from jupyter_cache import get_cache

    cache_root.mkdir(parents=True, exist_ok=True)
    for old in cache_root.iterdir():
        if old.is_dir() and old.name != key:
            shutil.rmtree(old)
    path = cache_root / key
    get_cache(path).list_cache_records()  # forces the database into existence
    return path


def prepare_ipython_dir(directory: Path) -> Path:
    """An IPython profile that prints tracebacks without colour codes."""
    config = directory / "profile_default" / "ipython_config.py"
    config.parent.mkdir(parents=True, exist_ok=True)
    text = 'c.InteractiveShell.colors = "nocolor"\n'
    if not config.exists() or config.read_text() != text:
        config.write_text(text)
    return directory


# ---------------------------------------------------------------------------
# The prose-number check
# ---------------------------------------------------------------------------

# A decimal or scientific literal, or a number followed by a percent sign.
# Version strings with two or more dots (3.11.7) are not results.
_NUMBER = re.compile(
    r"""
    (?<![\w.\\])                       # not inside a word, a version or a macro
    (?:
        \d+\.\d+(?:[eE][+-]?\d+)?      # 0.69, 3.2150, 6.02e23
      | \.\d+(?:[eE][+-]?\d+)?         # .5
      | \d+[eE][+-]?\d+                # 1e-3
      | \d+(?=\s?(?:%|\\%|\\,\\%))     # 97 %, 97%, 97\%
    )
    (?![\w]|\.\d)                      # not followed by more of a word or version
    """,
    re.VERBOSE,
)
_GIVEN_MACRO = re.compile(r"\\given\s*\{[^{}]*\}")


def find_result_numbers(text: str, *, math: bool = False) -> list[str]:
    r"""Return the hand-typed result numbers in ``text``.

    In math, numbers wrapped in ``\given{...}`` are allowed and removed first.

    >>> find_result_numbers("the loss fell to 0.69 after 12 steps")
    ['0.69']
    >>> find_result_numbers(r"x = \given{0.5} + 2.5", math=True)
    ['2.5']
    >>> find_result_numbers("Python 3.11.7 and 97 % accuracy")
    ['97']
    """
    if math:
        text = _GIVEN_MACRO.sub(" ", text)
    return [m.group(0) for m in _NUMBER.finditer(text)]


@dataclass(frozen=True)
class Finding:
    """A hand-typed number found in a doctree."""

    number: str
    context: str
    node: nodes.Node


#: Node classes whose text is code, markup or generated, never prose.
_SKIPPED = (
    nodes.literal_block,
    nodes.doctest_block,
    nodes.raw,
    nodes.comment,
    nodes.target,
    nodes.image,
    nodes.citation_reference,
    nodes.footnote_reference,
    nodes.substitution_definition,
    nodes.system_message,
    nodes.problematic,
)


def _skip(node: nodes.Node) -> bool:
    if isinstance(node, _SKIPPED):
        return True
    if not isinstance(node, nodes.Element):
        return False
    classes = node.get("classes", ())
    if any(c == "given" or c == "output" or c.startswith("pasted") for c in classes):
        return True  # marked inputs, and numbers glued or printed by code
    if str(node.get("nb_element", "")).startswith("cell"):
        return True  # a notebook code cell and its outputs
    # Pending cross-references and glue are resolved later: their text is
    # generated. API entries (``desc``) come from docstrings, whose examples
    # run as doctests in the test suite.
    return type(node).__name__ in {"pending_xref", "PendingGlueReference", "toctree", "desc"}


def _walk(node: nodes.Node) -> Iterator[nodes.Node]:
    if _skip(node):
        return
    yield node
    for child in node.children:
        yield from _walk(child)


def iter_findings(doctree: nodes.Node) -> Iterator[Finding]:
    """Yield each hand-typed result number in a page's prose and math."""
    for node in _walk(doctree):
        if isinstance(node, (nodes.math, nodes.math_block)):
            for number in find_result_numbers(node.astext(), math=True):
                yield Finding(number, node.astext(), node)
        elif isinstance(node, nodes.literal):
            # inline code is code, unless it is nothing but a number
            text = node.astext().strip()
            if _NUMBER.fullmatch(text):
                yield Finding(text, text, node)
        elif isinstance(node, nodes.Text) and not isinstance(
            node.parent, (nodes.math, nodes.math_block, nodes.literal)
        ):
            for number in find_result_numbers(str(node)):
                yield Finding(number, str(node), node)


def _location(node: nodes.Node) -> nodes.Node:
    while node is not None and getattr(node, "line", None) is None:
        node = node.parent
    return node


def check_prose_numbers(app: Sphinx, doctree: nodes.document) -> None:
    """Warn, naming page and line, about each unmarked number in prose or math."""
    if not app.config.aimath_check_prose_numbers:
        return
    for finding in iter_findings(doctree):
        context = " ".join(finding.context.split())
        if len(context) > 80:
            context = context[:77] + "..."
        where = _location(finding.node) or doctree
        logger.warning(
            "hand-typed result number %r in prose: %r. Glue it from a computation "
            "({glue:text}`key`), or, if it is an input or a definition constant, "
            "mark it {given}`%s` (prose) or \\given{%s} (math)",
            finding.number,
            context,
            finding.number,
            finding.number,
            location=where,
            type="aimath",
            subtype="prose-number",
        )


# ---------------------------------------------------------------------------
# Figures in both themes
# ---------------------------------------------------------------------------


def _image_file(app: Sphinx, docname: str, uri: str) -> Path:
    """The file of an image node's ``uri`` (absolute from the source folder or relative)."""
    if uri.startswith("/"):
        return Path(app.srcdir, uri.lstrip("/"))
    return Path(app.srcdir, docname).parent / uri


def _cell_outputs(doctree: nodes.document) -> Iterator[nodes.Element]:
    for node in doctree.findall(nodes.container):
        if node.get("nb_element") == "cell_code_output":
            yield node


def _write_image(folder: Path, data: bytes) -> Path:
    """Write ``data`` to ``folder`` under its content hash (as myst-nb names outputs)."""
    path = folder / f"{hashlib.sha256(data).hexdigest()}.png"
    if not path.exists():
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)  # atomic: parallel readers never see half a file
    return path


def _uri_for(app: Sphinx, path: Path) -> str:
    return "/" + os.path.relpath(path.resolve(), app.srcdir)


def theme_figures(app: Sphinx, doctree: nodes.document) -> None:
    """Split each notebook figure into its light and dark rendering.

    Every PNG a page's cells display must carry a dark rendering
    (:func:`aimath.plotting.themes.themed_png`); the light one keeps the image
    node (class ``only-light``), the dark one gets a twin node (``only-dark``)
    with the same alt text. A PNG without one is a warning naming the page.
    """
    from aimath.plotting.themes import split_themed_png

    docname = app.env.docname
    for output in _cell_outputs(doctree):
        for image in list(output.findall(nodes.image)):
            uri = str(image.get("uri", ""))
            if not uri.lower().endswith(".png"):
                continue
            source = _image_file(app, docname, uri)
            light, dark = split_themed_png(source.read_bytes())
            if dark is None:
                logger.warning(
                    "figure without a dark-theme rendering: draw figures after "
                    "aimath.plotting.use_book_style() in the page's first cell, which "
                    "makes each figure display in both themes",
                    location=_location(output) or doctree,
                    type="aimath",
                    subtype="figure-theme",
                )
                continue
            image["uri"] = _uri_for(app, _write_image(source.parent, light))
            image["classes"].append("only-light")
            twin = image.deepcopy()
            twin["uri"] = _uri_for(app, _write_image(source.parent, dark))
            twin["classes"] = [c for c in image["classes"] if c != "only-light"] + ["only-dark"]
            image.parent.insert(image.parent.index(image) + 1, twin)


def displayed_errors(app: Sphinx, doctree: nodes.document) -> None:
    """Warn about a traceback in the output of a cell not tagged ``raises-exception``.

    A cell can finish "successfully" and still show an error: IPython reports
    an exception raised while *displaying* a value (a figure whose label
    matplotlib cannot typeset, say) as an error output, not as a failed cell,
    so execution does not stop.
    """
    for cell in doctree.findall(nodes.container):
        if cell.get("nb_element") != "cell_code":
            continue
        if "tag_raises-exception" in cell.get("classes", []):
            continue
        for block in cell.findall(nodes.literal_block):
            if "traceback" in block.get("classes", []):
                lines = [line for line in block.astext().splitlines() if line.strip()]
                logger.warning(
                    "a cell displayed an error (tag it raises-exception if that is intended): %s",
                    lines[-1] if lines else "traceback",
                    location=_location(block) or doctree,
                    type="aimath",
                    subtype="displayed-error",
                )


# ---------------------------------------------------------------------------
# The verification record
# ---------------------------------------------------------------------------

_SEED = re.compile(
    r"(?:default_rng|manual_seed|RandomState|random\.seed)\(\s*(\d+)|\bseed\s*=\s*(\d+)"
)


@dataclass(frozen=True)
class Record:
    """What one page's build verified."""

    checks: int
    glued: int
    seconds: float | None
    seeds: tuple[int, ...]


def page_seeds(source: str) -> tuple[int, ...]:
    """The integer seeds a page's code passes to its random generators.

    >>> page_seeds("rng = np.random.default_rng(7)\\ntorch.manual_seed(0); f(seed=7)")
    (0, 7)
    """
    found = {int(a or b) for a, b in _SEED.findall(source)}
    return tuple(sorted(found))


def count_checks(doctree: nodes.Node) -> int:
    """The claims checked on a page: one ``✓`` line per claim in its cell outputs."""
    total = 0
    for output in doctree.findall(nodes.container):
        if output.get("nb_element") != "cell_code_output":
            continue
        for block in output.findall(nodes.literal_block):
            total += sum(1 for line in block.astext().splitlines() if line.startswith("✓ "))
    return total


def count_glued(doctree: nodes.Node) -> int:
    """Numbers and text glued into the page's prose from computations."""
    return sum(
        1
        for node in doctree.findall(nodes.inline)
        if {"pasted-text", "pasted-inline"} & set(node.get("classes", []))
    )


def _versions() -> str:
    parts = [f"Python {sys.version.split()[0]}"]
    for label, package in (("NumPy", "numpy"), ("torch", "torch")):
        try:
            parts.append(f"{label} {importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{label} not installed")
    return ", ".join(parts)


class seconds_node(nodes.Inline, nodes.Element):  # type: ignore[misc]  # noqa: N801
    """An execution time, written into an HTML attribute only (see the module docstring)."""


def _visit_seconds_html(translator: Any, node: seconds_node) -> None:
    translator.body.append(f'<span class="aimath-seconds" data-seconds="{node["seconds"]}"></span>')
    raise nodes.SkipNode


def _visit_seconds_text(translator: Any, node: seconds_node) -> None:
    translator.add_text(node["seconds"])
    raise nodes.SkipNode


def record_node(record: Record) -> nodes.Element:
    """The margin note that shows a page's :class:`Record`."""
    box = nodes.sidebar(classes=["margin", "aimath-verification"])
    box += nodes.title("", "Verified in this build")
    items = nodes.bullet_list()

    def item(*children: nodes.Node) -> None:
        items.append(nodes.list_item("", nodes.paragraph("", "", *children)))

    plural = "" if record.checks == 1 else "s"
    item(nodes.Text(f"{record.checks} check{plural} ran and passed"))
    item(nodes.Text(f"{record.glued} glued result{'' if record.glued == 1 else 's'} in the text"))
    if record.seconds is not None:
        seconds = seconds_node(seconds=f"{record.seconds:.1f}")
        item(nodes.Text("executed in "), seconds, nodes.Text(" s"))
    if record.seeds:
        item(nodes.Text("seeds " + ", ".join(str(seed) for seed in record.seeds)))
    else:
        item(nodes.Text("no random numbers"))
    item(nodes.Text(_versions()))
    box += items
    return box


def add_verification_record(app: Sphinx, doctree: nodes.document) -> None:
    """Put the page's verification record in the margin, under its title."""
    env = app.env
    data = getattr(env, "nb_metadata", {}).get(env.docname, {})
    exec_data = data.get("exec_data")
    if not exec_data:
        return  # not an executed notebook page
    source = Path(env.doc2path(env.docname)).read_text(encoding="utf-8")
    runtime = exec_data.get("runtime")
    record = Record(
        checks=count_checks(doctree),
        glued=count_glued(doctree),
        seconds=float(runtime) if runtime is not None else None,
        seeds=page_seeds(source),
    )
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    title = next(iter(section.findall(nodes.title)), None)
    position = section.index(title) + 1 if title is not None else 0
    section.insert(position, record_node(record))


def given_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``{given}`0.1```: a number stated by the problem, not computed."""
    node = nodes.inline(rawtext, text, classes=["given"])
    return [node], []


# ---------------------------------------------------------------------------
# Offline MathJax
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NpmTarball:
    """A pinned npm package tarball and its published sha512 integrity."""

    name: str
    version: str
    integrity: str

    @property
    def url(self) -> str:
        short = self.name.rsplit("/", 1)[-1]
        return f"https://registry.npmjs.org/{self.name}/-/{short}-{self.version}.tgz"


MATHJAX = NpmTarball(
    "mathjax",
    "4.1.3",
    "sha512-BN/8Pkgn7G1pIDYJqd9md+JHsE/jydSYbyOZnSdSA0WziuVO8mRxdYiWFumkVVly/8U+hm9DpIIoWuvySverzw==",
)
MATHJAX_FONT = NpmTarball(
    "@mathjax/mathjax-newcm-font",
    "4.1.3",
    "sha512-gzAB3dFHilHX1l5x2xUqRL+1jDQt3Fyza1DkEMVXWC4E8SvsGdlgEza47HYi2WhVcgfkvf4zgUGzuhbq3Pjlew==",
)

# What the browser needs: the combined TeX→CHTML component and what it loads lazily.
_MATHJAX_KEEP = ("tex-chtml.js", "input/", "output/", "ui/", "a11y/", "sre/", "LICENSE")
_FONT_KEEP = ("chtml.js", "chtml/", "LICENSE")


def default_cache_dir() -> Path:
    """``$AIMATH_CACHE_DIR``, else ``$XDG_CACHE_HOME/aimath``, else ``~/.cache/aimath``."""
    if "AIMATH_CACHE_DIR" in os.environ:
        return Path(os.environ["AIMATH_CACHE_DIR"])
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "aimath"


def _download(tarball: NpmTarball) -> bytes:
    try:
        with urllib.request.urlopen(tarball.url, timeout=60) as response:
            data: bytes = response.read()
    except OSError as exc:
        msg = (
            f"could not download {tarball.name} {tarball.version} from {tarball.url} "
            f"({exc}). The site serves MathJax itself so that math renders offline; "
            f"it is fetched once into {default_cache_dir()}. Connect to the npm "
            "registry once, or set AIMATH_CACHE_DIR to a folder that already holds it."
        )
        raise ExtensionError(msg) from exc
    algorithm, _, expected = tarball.integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        msg = f"{tarball.url} failed its integrity check ({algorithm} {actual} != {expected})"
        raise ExtensionError(msg)
    return data


def _extract(data: bytes, keep: tuple[str, ...], target: Path) -> None:
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            relative = member.name.removeprefix("package/")
            if member.isfile() and relative.startswith(keep):
                destination = target / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                source = archive.extractfile(member)
                assert source is not None  # a regular file always has content
                destination.write_bytes(source.read())


def ensure_mathjax(cache_dir: Path) -> Path:
    """Return a folder ``static/`` holding ``mathjax/`` ready to serve, fetching once.

    Safe when several builds start at once (parallel tests on a new machine):
    the first takes a lock and fetches, the others wait and reuse its copy.
    """
    import fcntl

    root = cache_dir / f"mathjax-{MATHJAX.version}-newcm-{MATHJAX_FONT.version}"
    static = root / "static"
    if (root / "complete").exists():
        return static
    cache_dir.mkdir(parents=True, exist_ok=True)
    with (cache_dir / "mathjax.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (root / "complete").exists():
            _fetch_mathjax(root)
    return static


def _fetch_mathjax(root: Path) -> None:
    staging = root.with_name(root.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    logger.info("fetching %s %s for offline math (once)", MATHJAX.name, MATHJAX.version)
    _extract(_download(MATHJAX), _MATHJAX_KEEP, staging / "static" / "mathjax")
    font_dir = staging / "static" / "mathjax" / "fonts" / "mathjax-newcm-font"
    _extract(_download(MATHJAX_FONT), _FONT_KEEP, font_dir)
    (staging / "complete").write_text("ok\n")
    shutil.rmtree(root, ignore_errors=True)
    staging.rename(root)


def configure_mathjax(app: Sphinx, config: Any) -> None:
    """Serve the vendored MathJax and point its font loader at the local copy."""
    static = ensure_mathjax(default_cache_dir())
    config.html_static_path = [*config.html_static_path, str(static)]
    config.mathjax_path = "mathjax/tex-chtml.js"
    mathjax_config = dict(config.mathjax4_config or {})
    loader = dict(mathjax_config.get("loader", {}))
    loader["paths"] = {**loader.get("paths", {}), "fonts": "[mathjax]/fonts"}
    mathjax_config["loader"] = loader
    tex = dict(mathjax_config.get("tex", {}))
    tex["macros"] = {**tex.get("macros", {}), "given": ["{#1}", 1]}
    mathjax_config["tex"] = tex
    config.mathjax4_config = mathjax_config


# ---------------------------------------------------------------------------
# Showing the library's own source on a page
# ---------------------------------------------------------------------------


def function_source(qualified_name: str) -> tuple[str, Path]:
    """Source of ``module.function`` without its docstring, and its file.

    Read from the file (not imported), so what the page shows is exactly what
    the tests ran.
    """
    module_name, _, func_name = qualified_name.rpartition(".")
    spec = importlib.util.find_spec(module_name) if module_name else None
    if spec is None or spec.origin is None:
        msg = f"cannot find module {module_name!r} for {qualified_name!r}"
        raise ValueError(msg)
    path = Path(spec.origin)
    text = path.read_text()
    tree = ast.parse(text)
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == func_name:
            break
    else:
        msg = f"{module_name} has no top-level function or class {func_name!r}"
        raise ValueError(msg)
    lines = text.splitlines()
    first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    body = lines[first - 1 : node.end_lineno]
    docstring = node.body[0] if node.body else None
    if (
        isinstance(docstring, ast.Expr)
        and isinstance(docstring.value, ast.Constant)
        and isinstance(docstring.value.value, str)
    ):
        # drop the docstring's lines: the API reference shows it
        start, end = docstring.lineno - first, (docstring.end_lineno or docstring.lineno) - first
        body = body[:start] + body[end + 1 :]
    return "\n".join(body), path


class AimathSource(SphinxDirective):
    """``{aimath-source} aimath.vectors.dot``: show a library function's code."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"caption": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        try:
            code, path = function_source(name)
        except ValueError as exc:
            raise self.error(str(exc)) from None
        self.env.note_dependency(str(path))
        block = nodes.literal_block(code, code, language="python")
        block["classes"].append("aimath-source")
        caption_text = self.options.get("caption") or f"{name} (docstring omitted)"
        caption = nodes.caption(caption_text, caption_text)
        container = nodes.container("", caption, block, literal_block=True)
        container["classes"].append("literal-block-wrapper")
        self.set_source_info(container)
        return [container]


# ---------------------------------------------------------------------------


def allow_parallel_proofs() -> None:
    """Let sphinx-proof (0.4) take part in parallel reads (``-j``).

    Its domain stores nothing in ``Domain.data``: every proof lives in
    ``env.proof_list``, which sphinx-proof merges itself in ``env-merge-info``.
    Sphinx still calls ``merge_domaindata`` and the base class raises, so we
    supply the correct merge for an empty domain: nothing to do.
    """
    try:
        from sphinx_proof.domain import ProofDomain  # type: ignore[import-untyped]
    except ImportError:
        return
    if "merge_domaindata" not in ProofDomain.__dict__:

        def merge_domaindata(self: Any, docnames: Any, otherdata: Any) -> None:
            return None

        ProofDomain.merge_domaindata = merge_domaindata


def setup(app: Sphinx) -> dict[str, Any]:
    allow_parallel_proofs()
    app.add_config_value("aimath_cache_key", "", "env", types=frozenset({str}))
    app.add_config_value("aimath_check_prose_numbers", True, "env", types=frozenset({bool}))
    app.add_role("given", given_role)
    app.add_node(
        seconds_node,
        html=(_visit_seconds_html, None),
        text=(_visit_seconds_text, None),
    )
    app.add_directive("aimath-source", AimathSource)
    app.connect("config-inited", configure_mathjax)
    app.connect("doctree-read", check_prose_numbers)
    app.connect("doctree-read", theme_figures, priority=400)
    app.connect("doctree-read", displayed_errors)
    # after the prose-number check: versions and counts are the build's own numbers
    app.connect("doctree-read", add_verification_record, priority=600)
    app.connect("builder-inited", _init_deps)
    app.connect("source-read", key_page_on_its_modules)
    app.connect("env-get-outdated", outdated_by_library)
    app.connect("env-purge-doc", _purge_deps)
    app.connect("env-merge-info", _merge_deps)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
