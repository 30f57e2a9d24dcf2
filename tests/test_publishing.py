"""Publishing uses the same commands as a local build, and agrees with conf.py."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _load(path: str) -> Any:
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


def _conf_value(name: str) -> object:
    tree = ast.parse((ROOT / "conf.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"conf.py does not set {name}")


def test_github_workflow_runs_ci_and_publishes_the_clean_build_to_gh_pages() -> None:
    workflow = _load(".github/workflows/book.yml")
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert ".ci/run" in runs, "the workflow must run exactly what CI runs locally"
    publish = next(step for step in steps if "actions-gh-pages" in step.get("uses", ""))
    assert publish["with"]["publish_dir"] == "_build/html"
    # Colab opens the notebooks from this branch of this repository
    assert publish["with"]["publish_branch"] == _conf_value("aimath_pages_branch")
    assert "refs/heads/main" in publish["if"]
    # on pushes to main; pull requests are built and tested but not published
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1: on -> True
    assert triggers["push"]["branches"] == ["main"]


def test_ci_script_builds_from_clean_with_the_readme_commands() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("python3 noxfile.py -s tests", "python3 noxfile.py -s docs"):
        assert command in script
        assert command in readme
    assert script.index("rm -rf _build") < script.index("python3 noxfile.py -s docs")
    assert "python3 noxfile.py -s browser" in script


def test_read_the_docs_uses_the_docs_session() -> None:
    config = _load(".readthedocs.yaml")
    assert config["version"] == 2
    commands = config["build"]["jobs"]["build"]["html"]
    assert any("python3 noxfile.py -s docs" in command for command in commands)
    assert any("_build/html/." in command for command in commands)


def test_published_addresses_agree() -> None:
    repository = str(_conf_value("aimath_repository"))
    base = str(_conf_value("html_baseurl"))
    owner, name = repository.removeprefix("https://github.com/").split("/")
    # GitHub Pages serves a project repository at https://<owner>.github.io/<name>/
    assert base == f"https://{owner}.github.io/{name}/"
