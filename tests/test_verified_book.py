"""Unit tests of the build extension: the prose-number rule, the cache key,
the source directive and the MathJax fetch."""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

import pytest
from docutils import nodes
from sphinx import addnodes

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import verified_book as vb  # noqa: E402  (path set above)
from sphinx.errors import ExtensionError  # noqa: E402

# -- the rule on text -------------------------------------------------------------

SHOULD_FLAG = [
    ("The loss fell to 0.69.", ["0.69"]),
    ("a value of 3.2150 after training", ["3.2150"]),
    ("lr 2.5 diverges", ["2.5"]),
    ("a tolerance of 1e-3", ["1e-3"]),
    ("Avogadro is 6.02e23", ["6.02e23"]),
    ("accuracy 97 % on the test set", ["97"]),
    ("accuracy 97% on the test set", ["97"]),
    ("between .5 and 0.75", [".5", "0.75"]),
    ("(0.3, 0.7)", ["0.3", "0.7"]),
    ("negative −0.25 too", ["0.25"]),
]

SHOULD_PASS = [
    "A 768 by 768 matrix has 589824 entries",  # integers are not flagged
    "Chapter 3 covers norms; see equation (2)",
    "Python 3.11.7 and torch 2.13.0",  # versions with two dots
    "x1 and x2 and e1",  # digits inside words
    "no numbers at all",
    "the year 2017",
]


@pytest.mark.parametrize(("text", "expected"), SHOULD_FLAG)
def test_flags_result_numbers_in_prose(text: str, expected: list[str]) -> None:
    assert vb.find_result_numbers(text) == expected


@pytest.mark.parametrize("text", SHOULD_PASS)
def test_leaves_integers_and_versions_alone(text: str) -> None:
    assert vb.find_result_numbers(text) == []


def test_math_numbers_flagged_unless_marked_given() -> None:
    assert vb.find_result_numbers(r"w_{k+1} = w_k - 0.1 \nabla L", math=True) == ["0.1"]
    assert vb.find_result_numbers(r"w_{k+1} = w_k - \given{0.1} \nabla L", math=True) == []
    assert vb.find_result_numbers(r"\frac{1}{2} x^2 + 3x", math=True) == []
    assert vb.find_result_numbers(r"97\% \text{ of mass}", math=True) == ["97"]


# -- the rule on doctrees ------------------------------------------------------------


def _page(*children: nodes.Node) -> nodes.document:
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    document = new_document("page.md", get_default_settings(Parser))
    document.extend(children)
    return document


def _found(document: nodes.document) -> list[str]:
    return [finding.number for finding in vb.iter_findings(document)]


def test_doctree_prose_and_math_are_checked() -> None:
    document = _page(
        nodes.paragraph("", "", nodes.Text("the loss is 0.69 and "), nodes.math("", "x = 2.5")),
        nodes.math_block("", "y = 0.5 x"),
        nodes.table("", nodes.Text("12.5 in a table")),
        nodes.paragraph("", "", nodes.literal("", "0.25")),  # a bare number in backticks
    )
    assert _found(document) == ["0.69", "2.5", "0.5", "12.5", "0.25"]


def test_doctree_code_glue_and_given_are_exempt() -> None:
    cell = nodes.container("", nodes.literal_block("", "lr = 0.1"), nb_element="cell_code")
    cell += nodes.container("", nodes.Text("0.6931"), classes=["cell_output"], nb_element="x")
    document = _page(
        cell,
        nodes.literal_block("", "print(0.5)"),
        nodes.doctest_block("", ">>> half(1.0)\n0.5"),
        nodes.paragraph(
            "",
            "",
            nodes.inline("", "0.984", classes=["pasted-text"]),  # glued
            nodes.inline("", "0.1", classes=["given"]),  # marked input
            nodes.literal("", "np.array([0.5, 0.3])"),  # inline code
            nodes.inline("", "0.77", classes=["output", "text_plain"]),  # glue role output
        ),
        nodes.math_block("", r"w = \given{0.5}", classes=[]),
        nodes.math_block("", "0.33", classes=["pasted-math"]),
        addnodes.desc("", nodes.paragraph("", "default 1e-8")),  # API entry from a docstring
    )
    assert _found(document) == []


# -- the cache keys ---------------------------------------------------------------------


def test_environment_key_changes_with_a_package_version(monkeypatch: pytest.MonkeyPatch) -> None:
    first = vb.environment_key()
    assert vb.environment_key() == first  # deterministic
    real_version = importlib.metadata.version

    def bumped(name: str) -> str:
        return "999.0" if name == "numpy" else real_version(name)

    monkeypatch.setattr("importlib.metadata.version", bumped)
    assert vb.environment_key() != first


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throw-away package ``depkg``: base <- mid <- top, and an unrelated ``other``."""
    root = tmp_path / "depkg"
    (root / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "from depkg.top import t\nfrom depkg.other import o\n",
        "base.py": "def b():\n    return 1\n",
        "mid.py": "from depkg.base import b\n",
        "top.py": "from depkg import mid\n\ndef t():\n    return mid.b()\n",
        "other.py": "def o():\n    return 2\n",
        "sub/__init__.py": "STYLE = 1\n",
        "sub/figs.py": "import depkg.base\n",
    }
    for name, text in files.items():
        (root / name).write_text(text)
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [m for m in sys.modules if m.split(".")[0] == "depkg"]:
        monkeypatch.delitem(sys.modules, name)  # a copy from another test's folder
    return root


def test_page_imports_reads_every_import_form(package: Path) -> None:
    page = """
```{code-cell} ipython3
import depkg.other
from depkg.top import t
from depkg import (
    mid,
    base as b2,
)
```
"""
    # `from depkg import (mid, base)` imports modules only: not depkg/__init__.py
    assert vb.page_imports(page, "depkg") == {
        "depkg.other",
        "depkg.top",
        "depkg.mid",
        "depkg.base",
    }


def test_module_closure_follows_imports_and_parent_packages(package: Path) -> None:
    assert set(vb.module_closure(["depkg.top"], "depkg")) == {
        "depkg.top",
        "depkg.mid",
        "depkg.base",
    }
    # a sub-package's __init__ runs on import; the root __init__ does not count
    assert set(vb.module_closure(["depkg.sub.figs"], "depkg")) == {
        "depkg.sub.figs",
        "depkg.sub",
        "depkg.base",
    }
    # importing the root package itself depends on everything it re-exports
    assert set(vb.module_closure(["depkg"], "depkg")) == {
        "depkg",
        "depkg.top",
        "depkg.mid",
        "depkg.base",
        "depkg.other",
    }


def test_page_key_changes_exactly_with_its_modules(package: Path) -> None:
    uses_top = "from depkg.top import t\n"
    uses_other = "from depkg.other import o\n"
    before = (
        vb.page_dependency_key(uses_top, "depkg"),
        vb.page_dependency_key(uses_other, "depkg"),
    )
    (package / "base.py").write_text("def b():\n    return 3\n")  # top imports base via mid
    after = (vb.page_dependency_key(uses_top, "depkg"), vb.page_dependency_key(uses_other, "depkg"))
    assert after[0] != before[0]  # the dependent page gets a new key
    assert after[1] == before[1]  # the unrelated page keeps its key


def test_aimath_root_package_only_re_exports() -> None:
    """The cache treats aimath/__init__.py as re-exports only; keep it that way."""
    import ast

    import aimath

    tree = ast.parse(Path(aimath.__file__).read_text())
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            assert isinstance(node, ast.ImportFrom)
            assert node.module
            assert node.module.startswith("aimath."), ast.dump(node)
        elif isinstance(node, ast.Assign):
            targets = {t.id for t in node.targets if isinstance(t, ast.Name)}
            assert targets <= {"__all__", "__version__"}, targets
        else:  # the module docstring
            assert isinstance(node, ast.Expr)
            assert isinstance(node.value, ast.Constant)


def test_old_execution_caches_are_removed(tmp_path: Path) -> None:
    (tmp_path / "oldkey").mkdir()
    path = vb.prepare_execution_cache(tmp_path, "newkey")
    assert path == tmp_path / "newkey"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["newkey"]


# -- showing library source -------------------------------------------------------------


def test_function_source_drops_the_docstring() -> None:
    code, path = vb.function_source("aimath.vectors.cosine_similarity")
    assert path.name == "vectors.py"
    assert code.startswith("def cosine_similarity(")
    assert '"""' not in code
    assert "nonzero_norm" in code
    source_lines = path.read_text().splitlines()
    for line in code.splitlines():  # every line shown is verbatim from the file
        assert line in source_lines


@pytest.mark.parametrize("name", ["aimath.vectors.nope", "aimath.nomodule.f", "dot"])
def test_function_source_unknown_names_raise(name: str) -> None:
    with pytest.raises(ValueError, match=r"cannot find module|has no top-level"):
        vb.function_source(name)


# -- offline MathJax ----------------------------------------------------------------------


def test_mathjax_download_rejects_a_bad_integrity(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeResponse:
        def __enter__(self) -> FakeResponse:
            return self

        def __exit__(self, *args: object) -> None:
            return None

        def read(self) -> bytes:
            return b"not the real tarball"

    monkeypatch.setattr("urllib.request.urlopen", lambda *a, **k: FakeResponse())
    with pytest.raises(ExtensionError, match="integrity check"):
        vb._download(vb.MATHJAX)


def test_mathjax_download_failure_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network unreachable")

    monkeypatch.setattr("urllib.request.urlopen", refuse)
    with pytest.raises(ExtensionError, match="AIMATH_CACHE_DIR"):
        vb._download(vb.MATHJAX)


def test_vendored_mathjax_has_the_component_and_font(tmp_path: Path) -> None:
    static = vb.ensure_mathjax(vb.default_cache_dir())
    assert (static / "mathjax" / "tex-chtml.js").is_file()
    font = static / "mathjax" / "fonts" / "mathjax-newcm-font"
    assert (font / "chtml.js").is_file()
    assert any((font / "chtml" / "woff2").iterdir())
