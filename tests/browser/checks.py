"""What a reader's browser must find on every page, as functions that return problems.

Each check returns a list of human-readable problems (empty when the page is
fine), so the suite can show all of them at once, and so
``test_checks_catch_faults.py`` can prove each check fails on a broken page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Page, Request, Response, Route


@dataclass
class Traffic:
    """Everything a page asked the network for while it loaded."""

    origin: str  # scheme://host:port of the local server
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console error: {text}" for text in self.console_errors]
            + [f"failed request: {url}" for url in self.failed]
            + [f"request to another host: {url}" for url in self.foreign]
        )


def watch(page: Page, origin: str) -> Traffic:
    """Record console errors, failed requests and requests leaving the local server.

    Requests to any other host are aborted as well as recorded: the site must
    work offline.
    """
    traffic = Traffic(origin)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            traffic.console_errors.append(message.text)

    def on_failed(request: Request) -> None:
        if not request.url.startswith(origin):
            return  # already recorded as foreign
        traffic.failed.append(f"{request.url} ({request.failure})")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            traffic.failed.append(f"{response.url} (HTTP {response.status})")

    def route(route: Route) -> None:
        url = route.request.url
        if url.startswith(origin) or urlsplit(url).scheme in ("data", "blob"):
            route.continue_()
        else:
            traffic.foreign.append(url)
            route.abort()

    page.on("console", on_console)
    page.on("pageerror", lambda error: traffic.console_errors.append(str(error)))
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.route("**/*", route)
    return traffic


def wait_for_math(page: Page) -> None:
    """Wait until the images have loaded and MathJax (if loaded) has typeset everything."""
    page.evaluate(
        """async () => {
            await Promise.all(Array.from(document.images).map(img => img.complete
                ? null : new Promise(done => { img.onload = img.onerror = done; })));
            if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
                await MathJax.startup.promise;
            }
        }"""
    )


_VISIBLE_PROSE = """() => {
    const copy = document.body.cloneNode(true);
    copy.querySelectorAll('pre, code, script, style, mjx-container, textarea')
        .forEach(n => n.remove());
    return copy.textContent;
}"""


def math_problems(page: Page) -> list[str]:
    """Math must be typeset: no raw TeX delimiters in the prose, and output elements present."""
    problems = []
    text: str = page.evaluate(_VISIBLE_PROSE)
    for delimiter in ("$$", "\\(", "\\)", "\\[", "\\]"):
        if delimiter in text:
            at = text.index(delimiter)
            context = " ".join(text[max(0, at - 40) : at + 40].split())
            problems.append(f"raw math delimiter {delimiter!r} in visible text: ...{context}...")
    expected = page.locator("span.math, div.math").count()
    typeset = page.locator("mjx-container").count()
    if expected and not typeset:
        problems.append(f"{expected} math elements but nothing typeset by MathJax")
    return problems


def image_problems(page: Page) -> list[str]:
    """Every image loaded (natural width > 0) and has non-empty alt text."""
    images: list[dict[str, Any]] = page.evaluate(
        """() => Array.from(document.images).map(img => ({
            src: img.getAttribute('src'), complete: img.complete,
            width: img.naturalWidth, alt: img.getAttribute('alt')
        }))"""
    )
    problems = []
    for image in images:
        if not image["complete"] or image["width"] == 0:
            problems.append(f"image did not load: {image['src']}")
        if not (image["alt"] or "").strip():
            problems.append(f"image without alt text: {image['src']}")
    return problems


def axe_problems(page: Page, axe_source: str) -> list[str]:
    """Serious and critical accessibility violations found by axe-core."""
    page.add_script_tag(content=axe_source)
    violations: list[dict[str, Any]] = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
                count: v.nodes.length,
            }));
        }"""
    )
    return [
        f"axe {v['impact']}: {v['id']} ({v['help']}) at {v['count']} element(s), e.g. "
        + "; ".join(v["targets"])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
