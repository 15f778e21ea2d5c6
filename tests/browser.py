"""A real browser on the built site: Debian's Chromium driven by Playwright.

Used by ``test_browser.py``. The site is served from ``_build/html`` on a
loopback port; the browser is started with the flags that keep it from
calling any other host.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = (
    "Chromium is needed for the browser tests: on Debian or Ubuntu, "
    "`apt-get update && apt-get install chromium` (or set CHROMIUM to its path)"
)


def chromium_path() -> str:
    """Debian's Chromium, or skip (fail in CI) with how to install it."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if Path(path).is_file():
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"no Chromium in CI: {INSTALL_HINT}")
    pytest.skip(INSTALL_HINT)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files quietly, and the site's ``404.html`` for a missing page,
    as a static host does."""

    def log_message(self, *args) -> None:
        pass

    def send_error(self, code, message=None, explain=None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free loopback port; yield the base address."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Traffic:
    """What a page asked for and what went wrong while it loaded."""

    origin: str
    outside: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        page.on("request", self._request)
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))
        page.on("response", self._response)
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))

    def _request(self, request) -> None:
        url = urlparse(request.url)
        if url.scheme in ("data", "blob", "about"):
            return
        if f"{url.scheme}://{url.netloc}" != self.origin:
            self.outside.append(request.url)

    def _response(self, response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url}: HTTP {response.status}")

    def _console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    @property
    def problems(self) -> list[str]:
        return (
            [f"outside request: {u}" for u in self.outside]
            + [f"failed: {u}" for u in self.failed]
            + [f"console: {m}" for m in self.console_errors]
        )
