"""A report full of markup, built into its own small site and opened in headless Chromium.

Every payload in tests/hostile_input.py that could run sets ``window.__pwned`` or
``document.title``; these tests prove none did, that no alert opened, that no image was
requested, and that the reader sees the text exactly as the report wrote it. Skipped, with the
reason, where no Chromium or Playwright exists.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from . import hostile_input as hostile
from .conftest import ARTIFACTS, other_origins, serve_folder

pytestmark = pytest.mark.browser

SITE_NAME = "法治政府建设报告注释档案"
FINAL = "['results', 'none', 'hint', 'error']"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """The hostile seeds built with `mkdocs build --strict` and served on 127.0.0.1."""
    site = hostile.build_hostile_site(tmp_path_factory.mktemp("hostile-browser"))
    with serve_folder(site) as url:
        yield url


@pytest.fixture
def hostile_page(browser, hostile_server):
    """A page that records requests, console errors and dialogs (alert() would open one).

    Every test using it also proves that the page stayed on its origin, requested no image the
    report text names (``src=x``, ``x.png``), logged no error and opened no dialog.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests_seen, page.errors, page.dialogs = [], [], []
    page.on("request", lambda request: page.requests_seen.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)

    def dialog(d):
        page.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    yield page
    context.close()
    assert other_origins(page.requests_seen, hostile_server) == [], "requests to another origin"
    assert [u for u in page.requests_seen if u.endswith(("/x", "/x.png"))] == []
    assert page.errors == [], "errors in the browser console"
    assert page.dialogs == [], "a dialog opened"


def _open(page, server: str, path: str) -> None:
    page.goto(f"{server}/{path}", wait_until="networkidle")
    page.wait_for_timeout(200)  # let any onerror/onload handler that was created fire
    assert page.evaluate("window.__pwned") is None, page.evaluate("String(window.__pwned)")


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"hostile-{name}.png"), full_page=False)


def test_report_page_runs_nothing_and_shows_the_text_literally(hostile_page, hostile_server):
    page = hostile_page
    _open(page, hostile_server, "reports/hostile.html")
    _shot(page, "report")
    assert page.title() == f"{hostile.TITLE} - {SITE_NAME}"
    assert page.locator("h1").inner_text() == hostile.TITLE
    topic = page.locator("[data-md-component=header-topic]")
    assert topic.text_content().strip() == hostile.TITLE
    assert page.locator("#s0-p1").inner_text().replace("[1]", "") == hostile.INTRO
    assert page.locator("#s1").inner_text().rstrip("¶").strip() == hostile.HEADING
    for number, text in enumerate(hostile.PARAGRAPHS, start=1):
        paragraph = page.locator(f"#s1-p{number}")
        assert paragraph.is_visible()
        assert paragraph.inner_text() == text
    assert page.locator("#s2-p1").inner_text() == hostile.LAST_PARAGRAPH
    assert hostile.ISSUER in page.locator(".report-card").inner_text()
    assert page.locator("#notes-1").inner_text().startswith(hostile.NOTE)
    article = page.locator("article")
    for selector in ("img", "svg[onload]", "em", "blockquote", "h1 *"):
        assert article.locator(selector).count() == 0, selector
    assert article.locator("table").count() == article.locator("table.metric-table").count()
    assert page.evaluate("[...document.scripts].filter(s => /pwned/.test(s.text)).length") == 0


def test_original_text_page_runs_nothing(hostile_page, hostile_server):
    page = hostile_page
    _open(page, hostile_server, "reports/hostile-traditional.original.html")
    expected = f"原文对照：{hostile.TRADITIONAL_TITLE_SIMPLIFIED}"
    assert page.title() == f"{expected} - {SITE_NAME}"
    assert page.locator("h1").inner_text() == expected
    assert page.locator("article img").count() == 0


@pytest.mark.parametrize(
    ("path", "link"),
    [
        ("index.html", "reports/hostile.html"),
        ("browse/years.html", "../reports/hostile.html"),
        ("places/33.html", "../reports/hostile.html"),  # its province, 浙江省
        ("glossary.html", "reports/hostile.html"),
        ("reports/hostile-traditional.html", "hostile.html"),
        # In these tables a '|' of the title splits the row (see test_hard_input.py's
        # test_pipe_in_a_report_title_does_not_split_a_table_row): only nothing may run.
        ("checklist.html", None),
        ("indicators/disputes-accepted.html", None),
    ],
)
def test_pages_listing_the_report_run_nothing(hostile_page, hostile_server, path, link):
    _open(hostile_page, hostile_server, path)
    if link:
        links = hostile_page.locator(f"article a[href='{link}']")
        assert links.count() >= 1
        assert set(links.all_inner_texts()) == {hostile.TITLE}
    assert hostile_page.locator("article img, article svg[onload]").count() == 0


def test_search_results_show_the_report_text_as_text(hostile_page, hostile_server):
    page = hostile_page
    query = "反引号"
    page.goto(f"{hostile_server}/search.html?q={quote(query)}", wait_until="networkidle")
    page.wait_for_function(
        f"{FINAL}.includes(document.getElementById('archive-search-status').dataset.kind)",
        timeout=20000,
    )
    _shot(page, "search")
    hit = page.locator(".archive-search__hit[data-url='reports/hostile.html']")
    assert hit.count() == 1
    assert hit.locator(".archive-search__title").inner_text() == hostile.TITLE
    passage = hit.locator(".archive-search__passage").first.inner_text()
    assert "<img src=x onerror=\"window.__pwned='para'\">" in passage
    assert "*星号*与_下划线_，`反引号`，{{ 7*7 }}" in passage
    results = page.locator(".archive-search__results")
    assert results.locator("img, script, svg[onload], em, code").count() == 0
    assert page.evaluate("window.__pwned") is None
