"""The built site and the tools that look at it: shared by the browser tests."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import verified_book  # noqa: E402

__all__ = [
    "ARTIFACTS",
    "AXE",
    "chromium_path",
    "serve",
    "site_pages",
    "site_root",
    "verified_book",
]

AXE = verified_book.NpmTarball(
    "axe-core",
    "4.14.1",
    "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
)

ARTIFACTS = ROOT / "_build" / "browser-artifacts"


def site_root() -> Path:
    root = Path(os.environ.get("AIMATH_SITE", ROOT / "_build" / "html")).resolve()
    if not (root / "index.html").exists():
        msg = f"no built site in {root}: build it first (python3 noxfile.py -s docs)"
        raise pytest.UsageError(msg)
    return root


def site_pages(root: Path) -> list[str]:
    """Every HTML page of the site, as paths relative to its root."""
    skip = ("_static", "_sources", "_images", "_notebooks", "_modules")
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*.html")
        if not path.relative_to(root).parts[0].startswith(skip)
    )


def chromium_path() -> str | None:
    """The Chromium to drive: ``AIMATH_CHROMIUM``, else ``chromium`` on PATH.

    ``AIMATH_CHROMIUM=bundled`` means Playwright's own build (``python -m
    playwright install chromium``), for machines without Debian's package
    (GitHub's runners); ``None`` is returned for it.
    """
    chosen = os.environ.get("AIMATH_CHROMIUM")
    if chosen == "bundled":
        return None
    found = chosen or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        msg = "no chromium: install it (python3 noxfile.py -s browser does, with apt)"
        raise pytest.UsageError(msg)
    return found


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
