"""Sphinx extension: the mechanisms that make the book verify itself.

* ``aimath_cache_key``: a config value holding a hash of the ``aimath`` source
  and the versions of the packages pages import. ``conf.py`` names the
  execution-cache folder after it, and because it is registered with
  ``rebuild="env"`` a new key also makes Sphinx re-read every page, so a
  changed library can never leave old outputs on the site.
* The prose-number check: a decimal literal (``0.69``, ``3.2150``, ``1e-3``)
  or a percentage in a page's prose or math is a hand-typed result unless it is
  marked ``{given}`...``` (prose) or ``\\given{...}`` (math). Each occurrence is
  a warning naming the page and line; ``-W`` makes it fatal.
* ``{given}``: the visible marker for a number that is an input, not a result.
* Offline MathJax: the pinned MathJax 4 and its font are fetched once from the
  npm registry (integrity-checked) into a cache outside ``docs/`` and served
  from the site's ``_static`` folder.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import importlib.metadata
import importlib.util
import io
import os
import re
import shutil
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


def cache_key(package: str = "aimath", extra_files: Iterable[Path] = ()) -> str:
    """Hash of ``package``'s source files, ``extra_files`` and package versions.

    The package is located the way a kernel would import it, so a build whose
    kernels see a different copy of ``aimath`` gets a different key.
    """
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        msg = f"cannot find the package {package!r}: is it installed (pip install -e .)?"
        raise ExtensionError(msg)
    root = Path(next(iter(spec.submodule_search_locations)))
    digest = hashlib.sha256()
    files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in [*files, *sorted(extra_files)]:
        digest.update(str(path.relative_to(path.anchor)).encode())
        digest.update(path.read_bytes())
    for name in KEYED_PACKAGES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name}=={version}".encode())
    return digest.hexdigest()[:16]


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
    """Return a folder ``static/`` holding ``mathjax/`` ready to serve, fetching once."""
    root = cache_dir / f"mathjax-{MATHJAX.version}-newcm-{MATHJAX_FONT.version}"
    static = root / "static"
    done = root / "complete"
    if done.exists():
        return static
    staging = root.with_name(root.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    logger.info("fetching %s %s for offline math (once)", MATHJAX.name, MATHJAX.version)
    _extract(_download(MATHJAX), _MATHJAX_KEEP, staging / "static" / "mathjax")
    font_dir = staging / "static" / "mathjax" / "fonts" / "mathjax-newcm-font"
    _extract(_download(MATHJAX_FONT), _FONT_KEEP, font_dir)
    (staging / "complete").write_text("ok\n")
    shutil.rmtree(root, ignore_errors=True)
    staging.rename(root)
    return static


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
    app.add_directive("aimath-source", AimathSource)
    app.connect("config-inited", configure_mathjax)
    app.connect("doctree-read", check_prose_numbers)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
