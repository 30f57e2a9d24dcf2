"""Measure how fast the book builds and tests, and print a table.

    python3 noxfile.py -s benchmark          # or: .venv/bin/python benchmarks/run.py

Works on a throw-away copy of the tracked files (``git ls-files``), so the
edits it makes to time incremental rebuilds never touch your tree. Prints a
table and writes ``benchmarks/results.json`` (with the machine's core count) so
runs can be compared. Timings are wall-clock seconds, one run each: noisy, a
measurement, not a test.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results.json"

# Targets from issue 8, for a book of about 25 pages on 2 cores.
TARGETS = {
    "no-change rebuild": 5.0,
    "one page's prose edited": 8.0,
    "one page's code edited": 8.0,
    "pytest": 60.0,
}


def copy_tree(target: Path) -> None:
    """Copy the tracked files (and uncommitted edits to them) into ``target``."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in listed:
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"benchmark command failed: {' '.join(command)}\n{done.stdout}\n{done.stderr}")
    return elapsed


def sphinx(tree: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        *("-m", "sphinx", "-b", "html", "-c", ".", "-d", str(tree / "_build" / "doctrees")),
        *("-q", "-n", *extra, "docs", str(tree / "_build" / "html")),
    ]


def clean(tree: Path) -> None:
    shutil.rmtree(tree / "_build", ignore_errors=True)


def first_notebook_page(tree: Path) -> Path:
    """The first chapter page with code cells (the book's order: vectors first)."""
    preferred = tree / "docs" / "vectors.md"
    if preferred.exists():
        return preferred
    return next(p for p in sorted((tree / "docs").glob("*.md")) if "{code-cell}" in p.read_text())


def execution_records(tree: Path) -> dict[str, float]:
    """Each page's own execution time, from the execution cache."""
    from jupyter_cache import get_cache

    times: dict[str, float] = {}
    for folder in (tree / "_build" / ".jupyter_cache").iterdir():
        for record in get_cache(folder).list_cache_records():
            seconds = record.data.get("execution_seconds")
            if seconds is not None:
                times[Path(record.uri).stem] = float(seconds)
    return times


def kernel_floor(tree: Path, env: dict[str, str]) -> dict[str, float]:
    """Kernel start alone, and kernel start plus the imports pages use."""
    from nbclient import NotebookClient
    from nbformat import v4

    floors = {}
    cases = {
        "kernel start": "",
        "kernel + numpy, matplotlib, aimath": (
            "import numpy, matplotlib.pyplot\nimport aimath, aimath.plotting"
        ),
        "kernel + torch": "import torch",
    }
    for name, code in cases.items():
        cells = [v4.new_code_cell(code)] if code else []  # type: ignore[no-untyped-call]
        notebook = v4.new_notebook(cells=cells)  # type: ignore[no-untyped-call]
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
        start = time.perf_counter()
        NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
        floors[name] = time.perf_counter() - start
    return floors


def largest_page(tree: Path) -> tuple[str, float]:
    """The heaviest page with the images it shows, in MB."""
    html = tree / "_build" / "html"
    best = ("", 0.0)
    for page in html.glob("*.html"):
        text = page.read_text()
        images = set(re.findall(r'src="(_images/[^"]+)"', text))
        size = page.stat().st_size + sum((html / image).stat().st_size for image in images)
        best = max(best, (page.stem, size / 1e6), key=lambda pair: pair[1])
    return best


def main() -> None:
    rows: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory(prefix="aimath-bench-") as scratch:
        tree = Path(scratch)
        copy_tree(tree)
        env = {**os.environ, "AIMATH_BUILD_DIR": str(tree / "_build")}
        pages = len(list((tree / "docs").glob("*.md")))

        clean(tree)
        rows.append(("cold build, serial", timed(sphinx(tree), tree, env), "s"))
        # each page's own execution time, measured while nothing else ran
        serial_pages = execution_records(tree)
        clean(tree)
        rows.append(("cold build, -j 2", timed(sphinx(tree, "-j", "2"), tree, env), "s"))
        rows.append(("no-change rebuild", timed(sphinx(tree, "-j", "2"), tree, env), "s"))

        page = first_notebook_page(tree)
        original = page.read_text()
        page.write_text(original + "\nOne more sentence of prose.\n")
        rows.append(("one page's prose edited", timed(sphinx(tree, "-j", "2"), tree, env), "s"))
        page.write_text(original + "\n```{code-cell} ipython3\nsum(range(10))\n```\n")
        rows.append(("one page's code edited", timed(sphinx(tree, "-j", "2"), tree, env), "s"))
        page.write_text(original)

        library = tree / "src" / "aimath" / "vectors.py"
        library.write_text(library.read_text() + "\n# an edit that changes no behaviour\n")
        env_lib = {**env, "PYTHONPATH": str(tree / "src")}  # kernels import the copy
        rows.append(("aimath.vectors edited", timed(sphinx(tree, "-j", "2"), tree, env_lib), "s"))

        for name, seconds in sorted(serial_pages.items()):
            rows.append((f"page execution (serial build): {name}", seconds, "s"))
        for name, seconds in kernel_floor(tree, env).items():
            rows.append((f"floor: {name}", seconds, "s"))

        name, megabytes = largest_page(tree)
        rows.append((f"largest page ({name}) with its figures", megabytes, "MB"))

        # as the README's test command runs it: one worker per core
        pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "auto"]
        rows.append(("pytest", timed(pytest, tree, env_lib), "s"))

    cold = next(seconds for label, seconds, _ in rows if label == "cold build, -j 2")
    rows.insert(2, ("cold build, -j 2, per page", cold / pages, "s"))

    width = max(len(label) for label, _, _ in rows)
    print(f"{'measurement':<{width}}  {'value':>8}  target")
    for label, value, unit in rows:
        target = TARGETS.get(label)
        verdict = "" if target is None else f"<= {target:g} {'ok' if value <= target else 'MISSED'}"
        print(f"{label:<{width}}  {value:>7.2f}{unit:<2} {verdict}")

    RESULTS.write_text(
        json.dumps(
            {
                "machine": {
                    "cores": os.cpu_count(),
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                },
                "pages": pages,
                "results": [{"what": a, "value": round(b, 3), "unit": c} for a, b, c in rows],
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
