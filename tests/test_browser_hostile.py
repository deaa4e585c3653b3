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


# --- a site built from hostile sidecars: every page ----------------------------------------


@pytest.fixture(scope="module")
def sidecar_site(tmp_path_factory):
    """Hostile sidecars, a hostile file name, a damaged file and the hostile report text,
    built as `make site STRICT=` would, with SITE_URL set."""
    return hostile.build_hostile_sidecar_site(tmp_path_factory.mktemp("hostile-sidecars"))


@pytest.fixture(scope="module")
def sidecar_server(sidecar_site):
    with serve_folder(sidecar_site) as url:
        yield url


#: What a payload would have made had it been read as markup, per page: a script's mark,
#: elements with handlers, javascript: links, an admonition from a title's line breaks.
_INJECTED = """() => ({
  pwned: window.__pwned === undefined ? null : String(window.__pwned),
  title: document.title,
  handlers: document.querySelectorAll("[onerror], [onload], [onclick]").length,
  // A chart's data (JSON, never run) holds report text by design; a payload that broke out
  // of it would be a script of its own, outside the chart's element.
  scripts: [...document.scripts].filter(s => /pwned|alert/.test(s.text))
    .filter(s => !(s.type === "application/json" && s.parentElement.matches(".indicator-chart")))
    .length,
  javascript: document.querySelectorAll("[href^='javascript:' i], [src^='javascript:' i]")
    .length,
  admonition: [...document.querySelectorAll(".admonition")]
    .filter(a => a.textContent.includes("系统通知")).length,
})"""


def test_every_page_of_a_site_built_from_hostile_sidecars_runs_nothing(
    browser, sidecar_site, sidecar_server
):
    paths = sorted(p.relative_to(sidecar_site).as_posix() for p in sidecar_site.rglob("*.html"))
    assert "index.html" in paths and "editors.html" in paths
    # A payload on several lines is refused by sidecar validation (names are one line): its
    # report is listed as failed; every other payload must reach the pages it is tested on.
    built = {p for p in paths if p.startswith("reports/sidecar-")}
    for name, payload in hostile.SIDECAR_PAYLOADS.items():
        if "\n" in payload:
            assert f"reports/sidecar-{name}.html" not in built
            editors = (sidecar_site / "editors.html").read_text(encoding="utf-8")
            assert f"sidecar-{name}.yml" in editors, f"refused sidecar {name} not listed"
        else:
            assert f"reports/sidecar-{name}.html" in built, (
                f"sidecar report {name} was not built: the test would prove less than it says"
            )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests, dialogs, errors = [], [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    problems = []
    for path in paths:
        page.goto(f"{sidecar_server}/{path}", wait_until="load")
        page.wait_for_timeout(30)  # an onerror/onload handler that was created fires by now
        found = page.evaluate(_INJECTED)
        # The hostile title says document.title='pwned' in its text: only the exact title counts.
        if found["pwned"] or found["title"] == "pwned":
            problems.append(f"{path}: a script ran ({found['pwned']})")
        for kind in ("handlers", "scripts", "javascript", "admonition"):
            if found[kind]:
                problems.append(f"{path}: {found[kind]} injected {kind}")
    context.close()
    assert problems == []
    assert dialogs == [], "a dialog opened"
    assert errors == [], "errors in the pages' scripts"
    assert other_origins(requests, sidecar_server) == [], "requests to another origin"
    assert [u for u in requests if u.endswith("/x")] == [], "a payload's image was requested"


def test_hostile_sidecar_values_are_shown_as_text_on_the_home_page(browser, sidecar_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{sidecar_server}/index.html", wait_until="load")
    article = page.locator("article").inner_text()
    context.close()
    assert hostile.SIDECAR_PAYLOADS["script"] in article
    assert hostile.SIDECAR_PAYLOADS["img"] in article
    # The damaged file and the reports whose sidecars were refused (payloads on two lines).
    refused = sum("\n" in payload for payload in hostile.SIDECAR_PAYLOADS.values())
    assert f"另有 {1 + refused} 个文件未能转换" in article


def test_editors_page_names_the_file_that_failed(browser, sidecar_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{sidecar_server}/editors.html#failures", wait_until="load")
    section = page.locator("xpath=//h2[@id='failures']/following::table[1]").inner_text()
    context.close()
    assert f"{hostile.DAMAGED_NAME}:1" in section and "cannot be decoded" in section


# --- on a phone ---------------------------------------------------------------------------


@pytest.fixture
def phone(browser, sidecar_server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.requests_seen = []
    page.on("request", lambda request: page.requests_seen.append(request.url))
    yield page
    context.close()
    assert other_origins(page.requests_seen, sidecar_server) == []


@pytest.mark.parametrize(
    ("path", "name"),
    [("indicators/disputes-accepted.html", "indicator"), ("checklist.html", "checklist")],
)
def test_wide_table_on_a_phone_says_it_scrolls(phone, sidecar_server, path, name):
    phone.goto(f"{sidecar_server}/{path}", wait_until="load")
    box = phone.locator(".md-typeset__scrollwrap").last
    assert box.evaluate("b => b.scrollWidth > b.clientWidth"), "the table fits: nothing to test"
    hint = box.evaluate("b => b.previousElementSibling && b.previousElementSibling.textContent")
    assert hint and "左右滑动" in hint
    box.evaluate("b => b.previousElementSibling.scrollIntoView({block: 'center'})")
    _shot(phone, f"phone-{name}-table")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_tapping_a_glossary_term_shows_its_definition_on_the_page(phone, sidecar_server):
    url = f"{sidecar_server}/reports/sidecar-pipe.html"
    phone.goto(url, wait_until="load")
    term = phone.locator("a.term").first
    term.scroll_into_view_if_needed()
    href = term.get_attribute("href")
    term.tap()
    popover = phone.locator(".term-popover")
    popover.wait_for(state="visible")
    _shot(phone, "phone-term-tapped")
    assert phone.url == url, "the tap left the page"
    entry = href.split("#")[1]
    assert popover.locator("p").inner_text() == phone.evaluate(
        f"window.ARCHIVE_GLOSSARY[{entry!r}]"
    )
    # The glossary entry stays one tap away.
    assert popover.locator("a").get_attribute("href") == href
    assert term.get_attribute("aria-expanded") == "true"
    phone.keyboard.press("Escape")
    assert popover.count() == 0
