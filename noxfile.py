#!/usr/bin/env python3
"""Sessions that build, test and check the book.

Run it with nox, or with nothing but Python and pip::

    python3 noxfile.py -s docs     # build the whole site
    python3 noxfile.py -s tests    # run every test

Run as a script, this file first creates ``.venv`` (once) with nox in it and
re-runs itself there. All sessions share that one environment, so torch and
the rest are installed once; the project is re-installed only when
``pyproject.toml`` changes.
"""

from __future__ import annotations

import filecmp
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
VENV_BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
VENV_PYTHON = VENV_BIN / ("python.exe" if os.name == "nt" else "python")


def _bootstrap() -> None:
    """Create ``.venv`` with nox in it and re-run this file with its Python."""
    if not VENV_PYTHON.exists():
        print(f"noxfile: creating {VENV} (once)", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(VENV_PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "nox>=2025.2.9"], check=True)
    os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), __file__, *sys.argv[1:]])


if __name__ == "__main__":
    try:
        import nox
    except ImportError:
        _bootstrap()

import nox  # noqa: E402  (after the bootstrap above)

nox.options.default_venv_backend = "none"  # sessions use the shared .venv
nox.options.sessions = ["lint", "tests", "docs"]

BUILD = ROOT / "_build"
SITE = BUILD / "html"
SPHINX = ["-m", "sphinx", "-b", "html", "-c", ".", "-d", str(BUILD / "doctrees")]
STRICT = ["-W", "--keep-going", "-n", "-j", "auto"]


def install(session: nox.Session) -> None:
    """Install the project with every extra into .venv, unless already current."""
    if not VENV_PYTHON.exists():
        session.run(sys.executable, "-m", "venv", str(VENV), external=True)
    stamp = VENV / ".aimath-install"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        session.log("environment is current (.venv); pyproject.toml unchanged")
        return
    # torch is pinned in pyproject.toml so pip takes the CPU build on our machines
    session.run(
        str(VENV_PYTHON),
        *("-m", "pip", "install", "--disable-pip-version-check", "-e", ".[tests,docs,dev,browser]"),
        external=True,
    )
    stamp.write_text(wanted)


def venv_run(session: nox.Session, *args: str) -> None:
    """Run a command with .venv first on PATH."""
    env = {"PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}", "VIRTUAL_ENV": str(VENV)}
    session.run(*args, env=env, external=True)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite: library tests, doctests and the pipeline tests."""
    install(session)
    # -n auto: one worker per core (pytest-xdist); the site-building tests dominate
    venv_run(session, str(VENV_PYTHON), "-m", "pytest", "-n", "auto", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the whole site from clean, strict: any warning or failed check fails."""
    install(session)
    for stale in (SITE, BUILD / "doctrees"):
        shutil.rmtree(stale, ignore_errors=True)
    venv_run(session, str(VENV_PYTHON), *SPHINX, *STRICT, "docs", str(SITE), *session.posargs)
    session.log(f"site built: open {SITE / 'index.html'}")


@nox.session
def quick(session: nox.Session) -> None:
    """Incremental build for writing: re-runs only changed pages; not a verification."""
    install(session)
    venv_run(session, str(VENV_PYTHON), *SPHINX, "-j", "auto", "docs", str(SITE), *session.posargs)
    session.log(f"site built (incremental, warnings not fatal): open {SITE / 'index.html'}")


@nox.session
def serve(session: nox.Session) -> None:
    """Serve the site with live reload, rebuilding on edits to docs, src or conf.py."""
    install(session)
    venv_run(
        session,
        str(VENV_BIN / "sphinx-autobuild"),
        *("-b", "html", "-c", ".", "-d", str(BUILD / "doctrees")),
        *("--watch", "src", "--watch", "conf.py", "--ignore", "*.ipynb"),
        "docs",
        str(SITE),
        *session.posargs,
    )


@nox.session
def lint(session: nox.Session) -> None:
    """Lint and format-check with ruff; type-check with mypy."""
    install(session)
    paths = ["src", "tests", "docs/_ext", "benchmarks", "conf.py", "noxfile.py"]
    venv_run(session, str(VENV_BIN / "ruff"), "check", *paths, *session.posargs)
    venv_run(session, str(VENV_BIN / "ruff"), "format", "--check", *paths)
    venv_run(
        session, str(VENV_BIN / "mypy"), "src", "docs/_ext", "tests", "benchmarks", "noxfile.py"
    )


#: The one thing two clean builds may differ in: each page's execution time,
#: which its verification record keeps in an HTML attribute.
RUNTIME = re.compile(rb'data-seconds="[0-9.]*"')


def same_but_runtime(first: Path, second: Path) -> bool:
    """Whether two files are equal once execution times are masked."""
    mask = b'data-seconds=""'
    return RUNTIME.sub(mask, first.read_bytes()) == RUNTIME.sub(mask, second.read_bytes())


def differing_files(first: Path, second: Path) -> list[str]:
    """Files that differ (beyond execution times) or exist on one side only."""
    comparison = filecmp.dircmp(first, second)
    found: list[str] = []
    stack = [(comparison, Path())]
    while stack:
        node, prefix = stack.pop()
        found += [str(prefix / n) for n in node.left_only + node.right_only + node.funny_files]
        _, mismatch, errors = filecmp.cmpfiles(
            node.left, node.right, node.common_files, shallow=False
        )
        mismatch = [
            n for n in mismatch if not same_but_runtime(Path(node.left, n), Path(node.right, n))
        ]
        found += [str(prefix / n) for n in mismatch + errors]
        stack += [(sub, prefix / name) for name, sub in node.subdirs.items()]
    return sorted(found)


def ensure_chromium(session: nox.Session) -> str:
    """The system's Chromium, installed with apt (Debian's package) if it is missing."""
    found = os.environ.get("AIMATH_CHROMIUM") or shutil.which("chromium")
    if found:
        return found  # a path, or "bundled": Playwright's own Chromium
    apt = shutil.which("apt-get")
    if apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        session.run(apt, "update", "-qq", external=True)
        session.run(apt, "install", "-y", "-qq", "chromium", external=True)
        found = shutil.which("chromium")
    if not found:
        session.error(
            "the browser tests need Chromium: install Debian's `chromium` package "
            "(as root this session does it), or set AIMATH_CHROMIUM to a Chromium binary"
        )
    return str(found)


@nox.session
def browser(session: nox.Session) -> None:
    """Drive headless Chromium over every page of the built site (after -s docs)."""
    install(session)
    site = Path(os.environ.get("AIMATH_SITE", BUILD / "html"))
    if not (site / "index.html").exists():
        session.error(f"no site in {site}: run `python3 noxfile.py -s docs` first")
    session.env["AIMATH_CHROMIUM"] = ensure_chromium(session)
    session.env["AIMATH_SITE"] = str(site)
    venv_run(
        session,
        str(VENV_PYTHON),
        *("-m", "pytest", "tests/browser", "-o", "addopts=-ra --strict-markers --strict-config"),
        *("-p", "no:cacheprovider", "-n", "2"),
        *session.posargs,
    )
    session.log(f"screenshots: {BUILD / 'browser-artifacts'}")


@nox.session
def reproducible(session: nox.Session) -> None:
    """Build twice from clean, each executing every page, and compare byte for byte.

    Only the execution times in the pages' verification records may differ.
    """
    install(session)
    sites = []
    for name in ("repro-a", "repro-b"):
        where = BUILD / name
        shutil.rmtree(where, ignore_errors=True)
        session.env["AIMATH_BUILD_DIR"] = str(where)  # its own execution cache
        doctrees = ("-d", str(where / "doctrees"))
        command = [*SPHINX[:-2], *doctrees, *STRICT, "docs", str(where / "html")]
        venv_run(session, str(VENV_PYTHON), *command)
        sites.append(where / "html")
    differ = differing_files(*sites)
    if differ:
        session.error("the two builds differ in:\n  " + "\n  ".join(differ))
    count = sum(1 for p in sites[0].rglob("*") if p.is_file())
    session.log(f"reproducible: {count} files identical in both builds")


@nox.session
def benchmark(session: nox.Session) -> None:
    """Time cold and incremental builds, page execution and tests (prints a table)."""
    install(session)
    venv_run(session, str(VENV_PYTHON), "benchmarks/run.py", *session.posargs)


def site_packages(python: Path) -> str:
    """The site-packages folder of the environment that ``python`` runs in."""
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    done = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


@nox.session(default=False)
def mutation(session: nox.Session) -> None:
    """Mutation-test src/aimath with mutmut and record the score (slow; not in CI)."""
    install(session)
    # mutmut copies the package into mutants/ and imports it from there; the
    # editable install in .venv would shadow that copy. So run mutmut from a
    # venv that sees .venv's packages through a plain path entry (whose .pth
    # files, including the editable aimath, are not processed).
    runner = BUILD / "mutmut-venv"
    runner_python = runner / VENV_PYTHON.relative_to(VENV)
    if not runner_python.exists():
        session.run(sys.executable, "-m", "venv", str(runner), external=True)
    Path(site_packages(runner_python), "aimath-venv.pth").write_text(
        site_packages(VENV_PYTHON) + "\n"
    )
    jobs = str(os.cpu_count() or 2)
    session.run(str(runner_python), "-m", "mutmut", "run", "--max-children", jobs, external=True)
    session.run(str(runner_python), "benchmarks/mutation_report.py", external=True)


@nox.session
def ci(session: nox.Session) -> None:
    """Everything CI runs: lint, the tests, and the clean strict docs build."""
    lint(session)
    tests(session)
    docs(session)


if __name__ == "__main__":
    nox.main()
