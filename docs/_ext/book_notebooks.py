"""Sphinx extension: every executed page as a notebook you can download or open in Colab.

After an HTML build, each page that myst-nb executed is written to
``_notebooks/<page>.ipynb`` in the site, generated from the same MyST source
and the outputs of this very build (never a hand-maintained copy):

* Markdown cells are plain Markdown: MyST directives and roles are rewritten
  (glued values filled in, cross-references turned into links to the published
  book, quiz answers and solutions into ``<details>`` blocks, library source
  shown by ``{aimath-source}`` into a code block). A construct the converter
  does not know is a build warning naming the page, not raw MyST in a notebook.
* Code cells keep their source, tags (``raises-exception`` keeps a notebook
  that runs on through an intended error) and outputs; figures keep their
  light rendering only.
* A first cell installs ``aimath`` when the notebook runs outside the
  repository (on Colab, say).

Each executed page links to its notebook and to Colab (in its margin record);
Colab opens notebooks from GitHub, so the published site must be deployed to
the ``gh-pages`` branch of ``aimath_repository`` (see .github/workflows).
"""

from __future__ import annotations

import ast
import base64
import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

NOTEBOOK_FOLDER = "_notebooks"


class ConversionError(ValueError):
    """A MyST construct the notebook converter does not know how to write."""


# ---------------------------------------------------------------------------
# References: how a role's target reads in a notebook
# ---------------------------------------------------------------------------


@dataclass
class References:
    """What the converter needs from the build to write references as links."""

    base_url: str = ""
    #: label -> (docname, anchor, title)
    labels: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    #: equation label -> (docname, number)
    equations: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: figure label -> (docname, "Figure n")
    figures: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: docname -> title
    titles: dict[str, str] = field(default_factory=dict)
    #: bibtex key -> "Author et al., year"
    citations: dict[str, str] = field(default_factory=dict)
    #: glue key -> text/plain representation
    glue: dict[str, str] = field(default_factory=dict)

    def url(self, docname: str, anchor: str = "") -> str:
        return f"{self.base_url}{docname}.html" + (f"#{anchor}" if anchor else "")


def _link(text: str, url: str) -> str:
    return f"[{text}]({url})"


def _glue_text(refs: References, content: str) -> str:
    key, _, spec = content.partition(":")
    key = key.split("::")[-1]
    if key not in refs.glue:
        msg = f"no glued value {key!r}"
        raise ConversionError(msg)
    value = ast.literal_eval(refs.glue[key])
    return format(value, spec) if spec else str(value)


def _label_and_text(content: str) -> tuple[str | None, str]:
    """``text <label>`` or ``label`` (the MyST/Sphinx role syntax)."""
    match = re.fullmatch(r"(?s)(.*?)\s*<([^<>]+)>", content)
    if match:
        return match.group(1), match.group(2)
    return None, content


def _role(refs: References, name: str, content: str) -> str:
    """The Markdown for one inline role."""
    if name in ("glue:text", "glue"):
        return _glue_text(refs, content)
    if name in ("given", "term", "name", "abbr", "index"):
        return _label_and_text(content)[0] or _label_and_text(content)[1]
    if name == "math":
        return f"${content}$"
    if name == "eq":
        docname, number = refs.equations.get(content, ("", ""))
        if not docname:
            msg = f"unknown equation {content!r}"
            raise ConversionError(msg)
        return _link(f"({number})", refs.url(docname, content))
    if name == "numref":
        text, label = _label_and_text(content)
        if label not in refs.figures:
            msg = f"unknown figure {label!r}"
            raise ConversionError(msg)
        docname, number = refs.figures[label]
        return _link(text.replace("%s", number) if text else number, refs.url(docname, label))
    if name in ("ref", "prf:ref"):
        text, label = _label_and_text(content)
        if label not in refs.labels:
            msg = f"unknown label {label!r}"
            raise ConversionError(msg)
        docname, anchor, title = refs.labels[label]
        return _link(text or title, refs.url(docname, anchor))
    if name == "doc":
        text, target = _label_and_text(content)
        docname = target.removeprefix("/").removesuffix(".md")
        if docname not in refs.titles:
            msg = f"unknown page {target!r}"
            raise ConversionError(msg)
        return _link(text or refs.titles[docname], refs.url(docname))
    python = name.removeprefix("py:")
    if python in ("func", "class", "mod", "meth", "data", "attr", "obj"):
        text, target = _label_and_text(content)
        target = target.lstrip("~")
        if text is None:
            shown = target.rsplit(".", 1)[-1] if content.startswith("~") else target
            text = f"`{shown}()`" if python in ("func", "meth") else f"`{shown}`"
        return _link(text, refs.url("api", target))
    if name in ("cite", "cite:p", "cite:t"):
        keys = [key.strip() for key in content.split(",")]
        unknown = [key for key in keys if key not in refs.citations]
        if unknown:
            msg = f"unknown citation {unknown[0]!r}"
            raise ConversionError(msg)
        cited = "; ".join(
            _link(refs.citations[key], refs.url("bibliography", f"id-{key}")) for key in keys
        )
        return f"[{cited}]"
    msg = f"unknown role {{{name}}}"
    raise ConversionError(msg)


_GIVEN_MACRO = re.compile(r"\\given\s*\{([^{}]*)\}")


# a role, or an inline code span (whose content is literal: a page may show
# ``{glue:text}`key` `` as an example of the syntax)
_ROLE_OR_CODE = re.compile(
    r"\{(?P<name>[a-z][a-z0-9:-]*)\}`(?P<content>[^`]+)`|(?P<code>(?P<ticks>`+).+?(?P=ticks))"
)


def convert_inline(text: str, refs: References) -> str:
    """Rewrite the roles of one block of Markdown text (not inside code spans)."""

    def replace(match: re.Match[str]) -> str:
        if match.group("code"):
            return match.group("code")
        return _GIVEN_MACRO.sub(r"\1", _role(refs, match.group("name"), match.group("content")))

    parts = []
    position = 0
    for match in _ROLE_OR_CODE.finditer(text):
        parts.append(_GIVEN_MACRO.sub(r"\1", text[position : match.start()]))
        parts.append(replace(match))
        position = match.end()
    parts.append(_GIVEN_MACRO.sub(r"\1", text[position:]))
    return "".join(parts)


# ---------------------------------------------------------------------------
# Blocks: directives, labels, equations
# ---------------------------------------------------------------------------

_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[^}]+)\}\s*(?P<argument>.*)$")
_CODE_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?!\{)[\w+-]*\s*$")
_TARGET = re.compile(r"^\(([^()\s]+)\)=\s*$")
_EQUATION_LABEL = re.compile(r"^(?P<math>.*\$\$)\s*\((?P<label>[^()]+)\)\s*$")
_OPTION = re.compile(r"^:[\w-]+:.*$")

_ADMONITION_TITLES = {
    "prf:definition": "Definition",
    "prf:theorem": "Theorem",
    "prf:lemma": "Lemma",
    "prf:corollary": "Corollary",
    "prf:proposition": "Proposition",
    "prf:example": "Example",
    "prf:remark": "Remark",
    "prf:proof": "Proof",
    "prf:algorithm": "Algorithm",
    "note": "Note",
    "tip": "Tip",
    "important": "Important",
    "warning": "Warning",
    "caution": "Caution",
    "seealso": "See also",
    "admonition": "",
    "exercise": "Exercise",
}


def _quote(markdown: str) -> str:
    return "\n".join(f"> {line}".rstrip() for line in markdown.splitlines())


def _directive(
    name: str,
    argument: str,
    body: str,
    convert: Callable[[str], str],
    source_of: Callable[[str], str],
) -> str:
    if name == "dropdown":
        return f"<details>\n<summary>{convert(argument)}</summary>\n\n{convert(body)}\n\n</details>"
    if name in _ADMONITION_TITLES:
        kind = _ADMONITION_TITLES[name]
        heading = " ".join(
            part for part in (kind, f"({convert(argument)})" if argument else "") if part
        )
        if name == "admonition":
            heading = convert(argument)
        return _quote(f"**{heading}.**\n\n{convert(body)}")
    if name == "solution-start":
        return "**Solution.**"
    if name == "solution-end":
        return ""
    if name == "math":
        math = _GIVEN_MACRO.sub(r"\1", body.strip())
        return f"$$\n{math}\n$$"
    if name == "aimath-source":
        return f"```python\n{source_of(argument.strip())}\n```"
    if name in ("eval-rst", "toctree", "bibliography", "contents", "index"):
        return ""
    if name == "div":  # layout only (e.g. full-width): keep the content
        return convert(body)
    if name == "glossary":  # "term" lines, each followed by its indented definition
        entries = []
        for line in body.splitlines():
            if line.strip() and not line.startswith((" ", "\t")):
                entries.append(f"**{convert(line.strip())}**  ")
            else:
                entries.append(convert(line.strip()))
        return "\n".join(entries)
    msg = f"unknown directive {{{name}}}"
    raise ConversionError(msg)


def convert_markdown(
    text: str, refs: References, source_of: Callable[[str], str] = lambda name: name
) -> str:
    """Rewrite a MyST Markdown cell as plain Markdown (see the module docstring)."""

    def convert(block: str) -> str:
        return convert_markdown(block, refs, source_of)

    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        opened = _OPEN.match(line)
        if opened:
            fence = opened.group("fence")
            j = i + 1
            # options: ":key: value" lines, or a YAML block between "---" lines
            if j < len(lines) and lines[j].strip() == "---":
                j += 1
                while j < len(lines) and lines[j].strip() != "---":
                    j += 1
                j += 1
            while j < len(lines) and _OPTION.match(lines[j]):
                j += 1
            body_start = j
            while j < len(lines) and lines[j].strip() != fence:
                j += 1
            body = "\n".join(lines[body_start:j])
            name = opened.group("name")
            out.append(_directive(name, opened.group("argument"), body, convert, source_of))
            i = j + 1
            continue
        fenced = _CODE_FENCE.match(line)
        if fenced:  # a plain code block: literal, roles and all
            fence = fenced.group("fence")
            j = i + 1
            while j < len(lines) and lines[j].strip() != fence:
                j += 1
            out.extend(lines[i : j + 1])
            i = j + 1
            continue
        if _TARGET.match(line) or line.startswith("% "):
            i += 1
            continue
        labelled = _EQUATION_LABEL.match(line)
        if labelled:
            line = labelled.group("math")
        out.append(convert_inline(line, refs))
        i += 1
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")


# ---------------------------------------------------------------------------
# Notebooks
# ---------------------------------------------------------------------------


def install_cell(repository: str) -> dict[str, Any]:
    """The first cell: install ``aimath`` if this notebook runs outside the book."""
    source = (
        "# Running outside the book's repository (on Colab, say)? This installs the\n"
        "# book's library, aimath, if it is missing.\n"
        "import importlib.util\n"
        "import subprocess\n"
        "import sys\n"
        "\n"
        'if importlib.util.find_spec("aimath") is None:\n'
        "    subprocess.run(\n"
        f'        [sys.executable, "-m", "pip", "install", "-q", "aimath @ git+{repository}"],\n'
        "        check=True,\n"
        "    )"
    )
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": "install-aimath",
        "metadata": {"tags": ["install"]},
        "outputs": [],
        "source": source,
    }


def glue_values(notebook: dict[str, Any]) -> dict[str, str]:
    """The text/plain representation of each value the notebook glued."""
    values = dict(notebook.get("metadata", {}).get("aimath_glue", {}))
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            key = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if key is not None and "text/plain" in output.get("data", {}):
                text = output["data"]["text/plain"]
                values[key] = "".join(text) if isinstance(text, list) else text
    return values


def _light_png(data: str) -> str:
    from aimath.plotting.themes import split_themed_png

    light, _ = split_themed_png(base64.b64decode(data))
    return base64.b64encode(light).decode("ascii")


def _clean_outputs(outputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for output in outputs:
        output = dict(output)
        data = output.get("data")
        if isinstance(data, dict) and "image/png" in data:
            png = data["image/png"]
            output["data"] = {**data, "image/png": _light_png("".join(png))}
        cleaned.append(output)
    return cleaned


def to_notebook(
    executed: dict[str, Any],
    refs: References,
    repository: str,
    source_of: Callable[[str], str],
) -> dict[str, Any]:
    """The downloadable notebook of one executed myst-nb notebook."""
    refs.glue = glue_values(executed)
    cells: list[dict[str, Any]] = [install_cell(repository)]
    for index, cell in enumerate(executed["cells"]):
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            markdown = convert_markdown(source, refs, source_of)
            if markdown:
                cells.append(
                    {
                        "cell_type": "markdown",
                        "id": f"cell-{index}",
                        "metadata": {},
                        "source": markdown,
                    }
                )
        elif cell["cell_type"] == "code":
            tags = cell.get("metadata", {}).get("tags", [])
            cells.append(
                {
                    "cell_type": "code",
                    "execution_count": cell.get("execution_count"),
                    "id": f"cell-{index}",
                    "metadata": {"tags": tags} if tags else {},
                    "outputs": _clean_outputs(cell.get("outputs", [])),
                    "source": source,
                }
            )
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


# ---------------------------------------------------------------------------
# Sphinx wiring
# ---------------------------------------------------------------------------


def _citations(bibfiles: list[Path]) -> dict[str, str]:
    from pybtex.database import parse_file

    labels = {}
    for path in bibfiles:
        for key, entry in parse_file(str(path)).entries.items():
            people = entry.persons.get("author") or entry.persons.get("editor") or []
            names = [" ".join(person.last_names) for person in people]
            if len(names) > 2:
                who = f"{names[0]} et al."
            elif names:
                who = " and ".join(names)
            else:
                who = entry.fields.get("title", key)
            labels[key] = f"{who}, {entry.fields.get('year', 'n.d.')}".replace("{", "").replace(
                "}", ""
            )
    return labels


def references(app: Sphinx) -> References:
    """Labels, equation and figure numbers, titles and citations of this build."""
    env = app.env
    refs = References(base_url=app.config.html_baseurl.rstrip("/") + "/")
    std = env.domaindata["std"]
    for label, (docname, anchor, title) in std["labels"].items():
        refs.labels[label] = (docname, anchor, title)
    for label, (docname, anchor) in std["anonlabels"].items():
        title = env.titles[docname].astext() if docname in env.titles else label
        refs.labels.setdefault(label, (docname, anchor, title))
    for label, proof in getattr(env, "proof_list", {}).items():  # sphinx-proof
        kind = str(proof.get("realtype", "result")).capitalize()
        refs.labels.setdefault(label, (proof["docname"], proof["ids"][0], kind))
    for label, (docname, number) in env.domaindata["math"]["objects"].items():
        numbers = env.toc_fignumbers.get(docname, {}).get("displaymath", {})
        shown = numbers.get(f"equation-{label}", (number,))
        refs.equations[label] = (docname, ".".join(str(n) for n in shown))
    for docname, kinds in env.toc_fignumbers.items():
        for figure_id, number in kinds.get("figure", {}).items():
            refs.figures[figure_id] = (docname, "Figure " + ".".join(str(n) for n in number))
    refs.titles = {docname: title.astext() for docname, title in env.titles.items()}
    bibfiles = [Path(app.confdir, name) for name in app.config.bibtex_bibfiles]
    refs.citations = _citations(bibfiles)
    return refs


def executed_pages(app: Sphinx) -> list[str]:
    data = getattr(app.env, "nb_metadata", {})
    return sorted(doc for doc, meta in data.items() if meta.get("exec_data"))


def notebook_uri(docname: str) -> str:
    """Where a page's notebook lives, relative to the page itself."""
    depth = docname.count("/")
    return "../" * depth + f"{NOTEBOOK_FOLDER}/{docname}.ipynb"


def colab_url(repository: str, branch: str, docname: str) -> str:
    """Colab's address for the notebook of ``docname`` on the published branch."""
    path = repository.removeprefix("https://github.com/").removesuffix(".git")
    return (
        f"https://colab.research.google.com/github/{path}/blob/{branch}/"
        f"{NOTEBOOK_FOLDER}/{docname}.ipynb"
    )


def run_links(app: Sphinx, docname: str) -> nodes.Element:
    """The two links of a page's margin record: download and Colab."""
    repository = app.config.aimath_repository
    branch = app.config.aimath_pages_branch
    paragraph = nodes.paragraph(classes=["aimath-run"])
    paragraph += nodes.reference(
        "", "Download notebook (.ipynb)", refuri=notebook_uri(docname), classes=["aimath-ipynb"]
    )
    paragraph += nodes.Text(" · ")
    paragraph += nodes.reference(
        "", "Open in Colab", refuri=colab_url(repository, branch, docname), classes=["aimath-colab"]
    )
    return paragraph


# myst-nb writes the notebook it read, not the one its client executed (or took
# from the cache). Keep the executed one, with its outputs, for the download.


def _kept_path(output_folder: Path, source: object) -> Path:
    digest = hashlib.sha256(str(Path(str(source)).resolve()).encode()).hexdigest()[:24]
    return output_folder / "aimath-executed" / f"{digest}.ipynb"


class _KeepingClient:
    """Wraps a myst-nb notebook client; on a clean exit, saves its notebook."""

    def __init__(self, client: Any, path: Path) -> None:
        self.client = client
        self.path = path

    def __enter__(self) -> Any:
        return self.client.__enter__()

    def __exit__(self, *exc: object) -> Any:
        result = self.client.__exit__(*exc)
        if exc[0] is None:
            notebook = json.loads(json.dumps(self.client.notebook))
            # myst-nb takes the glued outputs out of the notebook; keep their text
            notebook["metadata"]["aimath_glue"] = {
                key: output["data"].get("text/plain", "")
                for key, output in self.client.glue_data.items()
            }
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(notebook), encoding="utf-8")
            tmp.replace(self.path)
        return result


def keep_executed_notebooks() -> None:
    """Make myst-nb's Sphinx parser save each executed notebook (idempotent)."""
    import myst_nb.sphinx_ as nb_sphinx

    original = nb_sphinx.create_client
    if getattr(original, "aimath_keeps_outputs", False):
        return

    def create_client(notebook: Any, source: Any, nb_config: Any, *args: Any, **kwargs: Any) -> Any:
        client = original(notebook, source, nb_config, *args, **kwargs)
        return _KeepingClient(client, _kept_path(Path(nb_config.output_folder), source))

    create_client.aimath_keeps_outputs = True  # type: ignore[attr-defined]
    nb_sphinx.create_client = create_client


def write_notebooks(app: Sphinx, exception: Exception | None) -> None:
    """After an HTML build, write every executed page's notebook into the site."""
    if exception is not None or app.builder.format != "html":
        return
    from verified_book import function_source

    def source_of(name: str) -> str:
        return function_source(name)[0]

    refs = references(app)
    folder = Path(app.outdir, NOTEBOOK_FOLDER)
    output_folder = Path(app.outdir).parent / "jupyter_execute"
    executed_docs = set(executed_pages(app))
    # A notebook is rewritten only when its inputs changed: the executed notebook
    # (or the text page), and what every page shares (cross-references, the
    # repository, the library whose source the listings show, this converter).
    state_path = Path(app.doctreedir, "aimath-notebooks.json")
    try:
        written: dict[str, str] = json.loads(state_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        written = {}
    shared = _shared_inputs_digest(refs, app.config.aimath_repository)
    for docname in sorted(app.env.found_docs):
        source = Path(app.env.doc2path(docname))
        if docname in executed_docs:
            raw = _kept_path(output_folder, source).read_text(encoding="utf-8")
            executed = None
        elif source.suffix == ".md":  # a text page: one Markdown cell, no outputs
            raw = source.read_text(encoding="utf-8")
            executed = text_page_notebook(raw)
        else:
            continue
        target = folder / f"{docname}.ipynb"
        key = hashlib.sha256(f"{shared}\0{docname}\0{raw}".encode()).hexdigest()
        if written.get(docname) == key and target.exists():
            continue
        if executed is None:
            executed = json.loads(raw)
        try:
            notebook = to_notebook(executed, refs, app.config.aimath_repository, source_of)
        except ConversionError as exc:
            logger.warning(
                "cannot write the page as a notebook: %s",
                exc,
                location=docname,
                type="aimath",
                subtype="notebook",
            )
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        target.write_text(text, encoding="utf-8")
        written[docname] = key
    state_path.write_text(json.dumps(written, indent=1, sort_keys=True), encoding="utf-8")


def _shared_inputs_digest(refs: References, repository: str) -> str:
    """Hash of the inputs every page's notebook shares."""
    import aimath

    digest = hashlib.sha256()
    digest.update(json.dumps(asdict(refs), sort_keys=True, default=str).encode())
    digest.update(repository.encode())
    digest.update(Path(__file__).read_bytes())
    for path in sorted(Path(aimath.__file__).parent.rglob("*.py")):
        digest.update(str(path.relative_to(Path(aimath.__file__).parent)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def text_page_notebook(text: str) -> dict[str, Any]:
    """A page without code cells, shaped like an executed notebook of one Markdown cell."""
    if text.startswith("---\n"):  # front matter
        end = text.find("\n---\n", 4)
        text = text[end + 5 :] if end >= 0 else text
    return {"cells": [{"cell_type": "markdown", "metadata": {}, "source": text}], "metadata": {}}


def add_run_links(app: Sphinx, doctree: nodes.document) -> None:
    """Put the download and Colab links in the page's margin.

    An executed page has them in its verification record; any other page gets
    them as a line under its title.
    """
    for box in doctree.findall(nodes.sidebar):
        if "aimath-verification" in box["classes"]:
            box += run_links(app, app.env.docname)
            return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    # not a margin note: on a page without sub-sections the theme has no page
    # contents column, and its script fails on a margin note
    links = run_links(app, app.env.docname)
    links.insert(0, nodes.Text("This page as a notebook: "))
    title = next(iter(section.findall(nodes.title)), None)
    section.insert(section.index(title) + 1 if title is not None else 0, links)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("aimath_repository", "", "html", types=frozenset({str}))
    app.add_config_value("aimath_pages_branch", "gh-pages", "html", types=frozenset({str}))
    keep_executed_notebooks()
    app.connect("doctree-read", add_run_links, priority=700)  # after the record exists
    app.connect("build-finished", write_notebooks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
