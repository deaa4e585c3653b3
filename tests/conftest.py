from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = ROOT / "tests" / "_artifacts"
CHROMIUM = next(
    filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None
)
#: Without the background-networking flags Chromium keeps dialling Google on a closed network.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_configure(config):
    # The deploy workflow exports SITE_URL for every step; the tests compare builds made in
    # this process with builds made by the CLI in subprocesses, which would read it. Tests
    # of the published address set it themselves (site_build.build_site(site_url=…)).
    os.environ.pop("SITE_URL", None)


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The seeds built into a site with `mkdocs build --strict` (once per test session)."""
    from .site_build import build_site

    return build_site(SEEDS, tmp_path_factory.mktemp("archive"))


@pytest.fixture(scope="session")
def server(built_site):
    """The built site served on 127.0.0.1 for the browser tests."""
    with serve_folder(built_site) as url:
        yield url


@contextlib.contextmanager
def serve_folder(folder: Path):
    """``folder`` served over HTTP on a free port of 127.0.0.1; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


#: Two bundled reports for tests that add something hostile beside good input.
TWO_REPORTS = ("004_7980e3df0de4e6bc.txt", "003_b2c3a3e35ec255cb.txt")


@pytest.fixture
def seeds(tmp_path) -> Path:
    """A seeds folder with two good reports (:data:`TWO_REPORTS`), and nothing else yet."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for name in TWO_REPORTS:
        shutil.copy(SEEDS / name, folder)
    return folder


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium through Playwright; skipped, with the reason, without it."""
    if CHROMIUM is None:
        pytest.skip("no Chromium on this machine (apt-get install chromium); browser tests not run")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[dev]'); browser tests not run")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


def other_origins(urls: list[str], server: str) -> list[str]:
    """The URLs among ``urls`` that left the site's own origin."""
    origin = urlsplit(server).netloc
    return [
        u for u in urls if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != origin
    ]


@pytest.fixture
def page(browser, server):
    """A desktop-sized page that records its requests and console errors.

    Every test using it also proves the page stayed on its origin and logged no error.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests_seen = []
    page.errors = []
    page.on("request", lambda request: page.requests_seen.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    assert other_origins(page.requests_seen, server) == [], "requests to another origin"
    assert page.errors == [], "errors in the browser console"
