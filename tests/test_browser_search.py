"""Full-text search in headless Chromium, typed into the real page as a reader would.

The built seeds are served on 127.0.0.1. The browser's algorithm (archive-search.js) is
compared with generator.search.IndexReader, so the unit tests in test_search.py also hold for
what readers see. Skipped, with the reason in the test summary, where no Chromium or
Playwright exists. Screenshots go to tests/_artifacts/search-*.png.
"""

from __future__ import annotations

import gzip
import json
import zlib
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.search import IndexReader, fold, shard_of

from .conftest import ARTIFACTS

S000, S001, S002, S003, S004 = (
    "reports/000_fd4662651861cbed.html",
    "reports/001_aad3a219ed66e48e.html",
    "reports/002_8025236fb969047e.html",
    "reports/003_b2c3a3e35ec255cb.html",
    "reports/004_7980e3df0de4e6bc.html",
)
FINAL = "['results', 'none', 'hint', 'error']"

pytestmark = pytest.mark.browser


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"search-{name}.png"), full_page=False)


def _wait_for_results(page, text: str) -> None:
    page.wait_for_function(
        f"""text => new URLSearchParams(location.search).get('q') === text
            && {FINAL}.includes(document.getElementById('archive-search-status').dataset.kind)""",
        arg=text,
        timeout=20000,
    )


def _type_query(page, server, text: str) -> list[str]:
    """Type ``text`` into search.html's box, key by key, and wait for the results."""
    page.goto(f"{server}/search.html", wait_until="networkidle")
    box = page.locator("#archive-search-q")
    box.click()
    # Results come as the reader types (debounced); no Enter is pressed.
    box.press_sequentially(text, delay=20)
    _wait_for_results(page, text)
    return _hits(page)


def _hits(page) -> list[str]:
    return page.locator(".archive-search__hit").evaluate_all(
        "items => items.map(li => li.dataset.url)"
    )


def _marks(page, hit: int = 0) -> list[str]:
    return (
        page.locator(".archive-search__hit")
        .nth(hit)
        .locator("mark")
        .evaluate_all("marks => marks.map(m => m.textContent)")
    )


def _rewrite(route, change) -> None:
    """Serve an index file (raw deflate JSON) as ``change`` leaves its value."""
    data = json.loads(zlib.decompress(route.fetch().body(), wbits=-15))
    change(data)
    body = zlib.compress(json.dumps(data, ensure_ascii=False).encode(), wbits=-15)
    route.fulfill(body=body, content_type="application/octet-stream")


def test_civil_code_finds_the_reports_that_cite_it(page, server):
    hits = _type_query(page, server, "民法典")
    _shot(page, "civil-code")
    assert sorted(hits) == [S000, S003]
    assert set(_marks(page)) == {"民法典"}
    assert "共 2 份报告" in page.locator("#archive-search-status").inner_text()


def test_traditional_query_finds_simplified_text(page, server):
    hits = _type_query(page, server, "社區矯正")
    _shot(page, "traditional")
    assert sorted(hits) == [S000, S001, S002, S004]
    # The Simplified text is shown and marked where the Traditional query matched.
    assert set(_marks(page)) == {"社区矫正"}


def test_fengqiao_experience_in_both_scripts(page, server):
    assert sorted(_type_query(page, server, "枫桥经验")) == [S000, S001, S004]
    assert sorted(_type_query(page, server, "楓橋經驗")) == [S000, S001, S004]


def test_a_word_inside_a_compound_is_found(page, server):
    hits = _type_query(page, server, "调解")
    _shot(page, "mediation")
    assert {S003, S004} <= set(hits)
    passages = page.locator(f".archive-search__hit[data-url='{S004}'] .archive-search__passage")
    assert any("人民调解" in text for text in passages.all_inner_texts())


def test_exact_phrase_ranks_first(page, server):
    hits = _type_query(page, server, "调解成功率")
    _shot(page, "exact-phrase")
    # 001 and 002 have 调解成功率 as typed; 000 has 调解成功442件,成功率达99% (pieces only).
    assert hits == [S001, S002, S000]
    tiers = page.locator(".archive-search__hit").evaluate_all(
        "items => items.map(li => li.dataset.tier)"
    )
    assert tiers == ["1", "1", "2"]
    assert "未见完整词句" in page.locator(".archive-search__hit").nth(2).inner_text()
    assert page.locator("#archive-search-more").is_hidden()  # all three are shown
    assert _type_query(page, server, "成功率达99%")[0] == S000
    assert _marks(page)[0] == "成功率达99%"


def test_the_issue_phrase_finds_the_report_that_says_it(page, server):
    # No report has 调解成功率达99% as typed; 000 has all of it in one paragraph
    # (调解成功442件,成功率达99%), so it ranks first.
    hits = _type_query(page, server, "调解成功率达99%")
    _shot(page, "issue-phrase")
    assert hits[0] == S000
    assert any(mark.startswith("成功率达99") for mark in _marks(page))


def test_no_over_matching(page, server):
    assert _type_query(page, server, "调节") == []
    assert "没有找到" in page.locator("#archive-search-status").inner_text()


def test_filters_and_state_in_the_url(page, server):
    _type_query(page, server, "调解")
    page.locator("select[name=province]").select_option("浙江省")
    page.wait_for_function(
        f"""() => new URLSearchParams(location.search).get('province') === '浙江省'
            && {FINAL}.includes(document.getElementById('archive-search-status').dataset.kind)"""
    )
    _shot(page, "filter-province")
    assert sorted(_hits(page)) == [S000, S003]
    params = parse_qs(urlsplit(page.url).query)
    assert params == {"q": ["调解"], "province": ["浙江省"]}
    # A shared link shows the same results.
    page.goto(page.url, wait_until="networkidle")
    _wait_for_results(page, "调解")
    assert sorted(_hits(page)) == [S000, S003]
    assert page.locator("select[name=province]").input_value() == "浙江省"
    assert page.locator("#archive-search-q").input_value() == "调解"


def test_header_box_goes_to_the_search_page(page, server):
    page.goto(f"{server}/{S001}", wait_until="networkidle")
    box = page.locator(".archive-header-search__input")
    assert box.is_visible()
    box.click()
    box.press_sequentially("民法典", delay=20)
    box.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    _wait_for_results(page, "民法典")
    assert sorted(_hits(page)) == [S000, S003]
    # Material's own search dialog is gone.
    assert page.locator(".md-search").count() == 0


def test_a_result_links_to_its_paragraph(page, server):
    _type_query(page, server, "枫桥经验")
    link = page.locator(".archive-search__passage a").first
    href = link.get_attribute("href")
    anchor = urlsplit(href).fragment
    assert anchor.startswith("s") and "-p" in anchor
    link.click()
    page.wait_for_url(f"**#{anchor}")
    paragraph = page.locator(f"[id='{anchor}']")
    assert paragraph.is_visible()
    assert "枫桥经验" in paragraph.inner_text()
    _shot(page, "paragraph")


def test_report_text_is_shown_as_text(page, server):
    hostile = '<img src=x onerror="window.__xss=1">人民调解<script>window.__xss=2</script>'

    def poison(data):
        data["p"] = [[anchor, hostile] for anchor, _ in data["p"]]
        data["t"] = "<b>标题</b>"

    page.route("**/search/t/**", lambda route: _rewrite(route, poison))
    _type_query(page, server, "人民调解")
    hit = page.locator(".archive-search__hit").first
    assert hostile in hit.locator(".archive-search__passage").first.inner_text()
    assert hit.locator(".archive-search__title").inner_text() == "<b>标题</b>"
    assert page.locator(".archive-search__results img, .archive-search__results b").count() == 0
    assert page.evaluate("window.__xss") is None


def test_a_page_open_across_a_deploy_reloads_the_index(page, server):
    stale = {"served": False}

    def older_build(data):
        # The first shard the page reads looks like it comes from another build.
        if not stale["served"]:
            stale["served"] = True
            data[""] = "0" * 16

    page.route("**/search/b/**", lambda route: _rewrite(route, older_build))
    assert sorted(_type_query(page, server, "民法典")) == [S000, S003]
    assert stale["served"]
    assert sum(u.endswith("search/meta.json") for u in page.requests_seen) == 2


def test_the_browser_and_python_agree(browser, server, built_site):
    """Same reports, order, tiers, counts and fetched files as generator.search.IndexReader."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}/search.html", wait_until="networkidle")
    # Folding with the map shards a query fetches is Python's fold with the whole map.
    samples = [
        "社區矯正 ＡＢＣ",
        "楓橋經驗",
        "Law２０２０",
        "調節與調解",
        "𠀋字",
        "\u3000全角\u00a0空格",
    ]
    got = [page.evaluate("t => archiveSearch.foldQuery(t)", text) for text in samples]
    assert got == [fold(text) for text in samples]
    assert page.evaluate("s => s.map(x => archiveSearch.bigrams(x))", ["调解成功率达99%,人民"]) == [
        ["调解", "解成", "成功", "功率", "率达", "达9", "99", "人民"]
    ]
    for bigram in ("调解", "99", "𠀋字", "ab"):
        assert page.evaluate(f"archiveSearch.shardOf({json.dumps(bigram)}, 65536)") == shard_of(
            bigram, 65536
        )
    cases = [
        ("民法典", {}),
        ("社區矯正", {}),
        ("枫桥经验", {}),
        ("调解", {}),
        ("调解", {"province": "浙江省"}),
        ("调解", {"year": "-"}),
        ("调解", {"type": "法治政府建设工作报告", "year": "2021"}),
        ("调解成功率", {}),
        ("调解成功率达99%", {}),
        ("成功率达99%", {}),
        ("调节", {}),
        ("人民调解 社区矫正", {}),
        ("法", {}),
        ("依法治区建设工作进展情况", {}),
    ]
    for text, filters in cases:
        page.reload(wait_until="networkidle")  # a cold cache, as IndexReader below
        got = page.evaluate("([t, f]) => archiveSearch.search(t, f)", [text, filters])
        reader = IndexReader(lambda path: (built_site / path).read_bytes())
        want = reader.search(text, **filters)
        assert got["total"] == want.total, text
        assert got["provisional"] == want.provisional, text
        assert got["ignored"] == list(want.query.ignored), text
        assert [(h["url"], h["tier"], h["count"], h["anchor"]) for h in got["hits"]] == [
            (h.url, h.tier, h.count, h.anchor) for h in want.hits
        ], text
        assert [[p["anchor"] for p in h["passages"]] for h in got["hits"]] == [
            [p.anchor for p in h.passages] for h in want.hits
        ], text
        assert got["fetched"] == want.fetched, text
        # What the first page of results costs, gzipped, from a cold cache.
        sizes = [
            len(gzip.compress((built_site / p).read_bytes()))
            for p in ["search/meta.json", *got["fetched"]]
        ]
        assert sum(sizes) < 200_000, text
    context.close()


def test_opened_from_disk_the_page_says_search_needs_the_site(browser, built_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto((built_site / "search.html").as_uri() + "?q=调解")
    status = page.locator("#archive-search-status")
    page.wait_for_function(
        "() => document.getElementById('archive-search-status').dataset.kind === 'error'"
    )
    assert "通过网站访问" in status.inner_text()
    context.close()


def test_search_page_on_a_phone(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{server}/{S000}", wait_until="networkidle")
    # The header keeps only the icon, which links to the search page.
    assert not page.locator(".archive-header-search__input").is_visible()
    page.locator(".archive-header-search__icon").click()
    page.wait_for_url("**/search.html")
    box = page.locator("#archive-search-q")
    box.click()
    box.press_sequentially("社区矫正", delay=20)
    _wait_for_results(page, "社区矫正")
    _shot(page, "phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 390
