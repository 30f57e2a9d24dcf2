"""Each browser check fails on a page that is broken in its way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from playwright.sync_api import Page

from browser.checks import axe_problems, image_problems, math_problems, watch
from browser.site import serve

BROKEN = """<!doctype html>
<html lang="en"><head><title>Broken</title>
<script src="https://cdn.example.org/tracker.js"></script>
</head><body><main>
<h1>A broken page</h1>
<p>Raw display math that never got typeset: $$ e^{i\\pi} + 1 = 0 $$ and \\( x^2 \\).</p>
<p><img src="pixel.png"> an image without alt text</p>
<p><img src="missing.png" alt="a figure that is not there"></p>
<button></button>
<script>console.error("deliberate console error");</script>
</main></body></html>
"""


@pytest.fixture
def broken_origin(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "broken.html").write_text(BROKEN)
    plt.imsave(tmp_path / "pixel.png", np.zeros((1, 1, 3)))
    server, address = serve(tmp_path)
    yield address
    server.shutdown()
    server.server_close()


def test_checks_report_every_fault(page: Page, broken_origin: str, axe_source: str) -> None:
    traffic = watch(page, broken_origin)
    page.goto(f"{broken_origin}/broken.html", wait_until="load")
    network = "\n".join(traffic.problems())
    assert "request to another host: https://cdn.example.org/tracker.js" in network
    assert "console error: deliberate console error" in network
    assert "missing.png (HTTP 404)" in network
    math = "\n".join(math_problems(page))
    assert "raw math delimiter '$$'" in math
    assert "raw math delimiter '\\\\('" in math
    images = "\n".join(image_problems(page))
    assert "image without alt text: pixel.png" in images
    assert "image did not load: missing.png" in images
    assert "pixel.png" not in images.replace("image without alt text: pixel.png", "")
    accessibility = "\n".join(axe_problems(page, axe_source))
    assert "button-name" in accessibility
