"""The built site in headless Chromium, as a reader sees it.

Skipped, with the reason shown in the test summary, where no Chromium or Playwright exists
(`.ci/run` installs Debian's chromium first). Screenshots go to tests/_artifacts/.
"""

from __future__ import annotations

import pytest

from .conftest import ARTIFACTS, other_origins

SEED_000 = "000_fd4662651861cbed"

pytestmark = pytest.mark.browser


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def test_home_page_shows_chinese_overview_and_stays_on_origin(page, server):
    page.goto(f"{server}/", wait_until="networkidle")
    _shot(page, "home")
    assert page.locator("h1").first.inner_text().startswith("法治政府建设报告注释档案")
    assert "档案现收录" in page.locator("article").inner_text()
    assert other_origins(page.requests_seen, server) == []


def test_report_page_shows_card_and_text_and_stays_on_origin(page, server):
    page.goto(f"{server}/reports/{SEED_000}.html", wait_until="networkidle")
    _shot(page, "report-000")
    assert page.locator("h1").first.inner_text().startswith("2020年依法治区建设工作进展情况")
    card = page.locator(".report-card")
    assert card.is_visible()
    assert "镇海区" in card.inner_text()
    assert page.locator("#s1-1-p1").is_visible()
    # The card sits beside the text, not over it.
    card_box, para_box = card.bounding_box(), page.locator("#s0-p1").bounding_box()
    assert card_box["y"] + card_box["height"] <= para_box["y"]
    assert other_origins(page.requests_seen, server) == []


def test_report_page_on_a_phone_fits_the_screen(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{server}/reports/{SEED_000}.html", wait_until="networkidle")
    _shot(page, "report-000-phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 390


def test_archive_browses_from_index_html_on_disk(browser, built_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto((built_site / "index.html").as_uri())
    page.locator("article a[href*='reports/']").first.click()
    page.wait_for_load_state()
    assert page.url.startswith("file://") and page.url.endswith(".html")
    assert page.locator(".report-card").is_visible()
    place = page.locator(".report-card a[href*='places/']").first
    name = place.inner_text()
    place.click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().startswith(name)
    context.close()


def test_metric_marks_and_table_link_both_ways(page, server):
    page.goto(f"{server}/reports/001_aad3a219ed66e48e.html", wait_until="networkidle")
    mark = page.locator("a.metric").first
    anchor = mark.get_attribute("id")
    # report-tooltips.js builds the tooltip from the figure's table row.
    row_label = page.locator(f"#metric-{anchor} td").first.inner_text().split("\n")[0]
    assert mark.get_attribute("title").startswith(f"{row_label} · ")
    mark.click()
    assert page.url.endswith(f"#metric-{anchor}")
    row = page.locator(f"#metric-{anchor}")
    assert row.is_visible()
    _shot(page, "report-001-metrics")
    row.locator("td:nth-child(2) a").click()
    assert page.url.endswith(f"#{anchor}")
    assert page.locator(f"#{anchor}").is_visible()


def test_glossary_term_tooltip_shows_its_definition(page, server):
    page.goto(f"{server}/reports/001_aad3a219ed66e48e.html", wait_until="networkidle")
    term = page.locator("a.term", has_text="枫桥经验").first
    term.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(timeout=5000)
    assert tooltip.inner_text().startswith("枫桥经验：")
    glossary = page.evaluate("window.ARCHIVE_GLOSSARY")
    assert tooltip.inner_text() == glossary[term.get_attribute("href").split("#")[1]]


_INDICATOR = "indicators/disputes-accepted.html"

#: Pixels a chart's canvas painted (not transparent).
_PAINTED = """c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                    let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }"""


#: Where the strip chart's first dot is on the screen, and the link it opens.
_FIRST_DOT = """() => {
    const c = document.querySelector('.indicator-chart--strip canvas');
    const dot = Chart.getChart(c).getDatasetMeta(0).data[0];
    const box = c.getBoundingClientRect();
    const data = JSON.parse(document.querySelector('.indicator-chart--strip script').textContent);
    const i = Chart.getChart(c).data.datasets[0].data[0].i;
    return {x: box.left + dot.x, y: box.top + dot.y, link: data.links[i]};
}"""
_TOOLTIP_SHOWN = """() => Chart.getChart(document.querySelector('.indicator-chart--strip canvas'))
    .tooltip.getActiveElements().length > 0"""


def _charts_drawn(page) -> list[int]:
    """Wait for both charts of an indicator page; the pixels each painted."""
    page.wait_for_function(
        "[...document.querySelectorAll('.indicator-chart')]"
        ".every(el => el.dataset.chartState === 'drawn')",
        timeout=10000,
    )
    return [c.evaluate(_PAINTED) for c in page.locator(".indicator-chart canvas").all()]


def _column(page, n: int) -> list[str]:
    return page.locator(f"table.indicator-table tbody td:nth-child({n})").all_inner_texts()


def test_indicator_page_sorts_its_table_and_draws_its_charts_at_desktop_width(page, server):
    page.goto(f"{server}/{_INDICATOR}", wait_until="networkidle")
    painted = _charts_drawn(page)
    assert len(painted) == 2 and min(painted) > 1000  # the dots and the bars
    page.locator("#distribution").scroll_into_view_if_needed()
    _shot(page, "indicator-disputes-accepted")
    values = [float(v.replace(",", "")) for v in _column(page, 4)]
    assert len(values) >= 2 and values == sorted(values, reverse=True)
    header = page.locator("table.indicator-table th", has_text="数值")
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert [float(v.replace(",", "")) for v in _column(page, 4)] == sorted(values)
    place = page.locator("table.indicator-table th", has_text="地区")
    place.locator("button").click()
    assert (
        place.get_attribute("aria-sort") == "ascending"
        and header.get_attribute("aria-sort") is None
    )
    codes = page.locator("table.indicator-table tbody td:nth-child(2)").evaluate_all(
        "cells => cells.map(c => c.dataset.value)"
    )
    assert codes == sorted(codes)
    page.locator("table.indicator-table").scroll_into_view_if_needed()
    _shot(page, "indicator-disputes-accepted-sorted")
    # A click on a dot opens the figure in its report.
    page.locator(".indicator-chart--strip").scroll_into_view_if_needed()
    dot = page.evaluate(_FIRST_DOT)
    page.mouse.move(dot["x"], dot["y"])
    page.mouse.click(dot["x"], dot["y"])
    page.wait_for_url(f"**/{dot['link'].removeprefix('../')}")


def test_indicator_page_fits_a_phone(browser, server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{server}/{_INDICATOR}", wait_until="networkidle")
    painted = _charts_drawn(page)
    page.locator("#distribution").scroll_into_view_if_needed()
    _shot(page, "indicator-disputes-accepted-phone")
    # The table scrolls inside itself; its sort buttons answer a tap.
    header = page.locator("table.indicator-table th", has_text="年度")
    header.locator("button").tap()
    sorted_years = header.get_attribute("aria-sort")
    page.locator("table.indicator-table").scroll_into_view_if_needed()
    _shot(page, "indicator-disputes-accepted-phone-table")
    width = page.evaluate("document.documentElement.scrollWidth")
    # A tap on a dot shows what it is; a second tap on it opens the figure in its report.
    page.locator(".indicator-chart--strip").scroll_into_view_if_needed()
    dot = page.evaluate(_FIRST_DOT)
    page.touchscreen.tap(dot["x"], dot["y"])
    page.wait_for_timeout(300)
    shown = page.evaluate(_TOOLTIP_SHOWN)
    stayed = page.url
    page.touchscreen.tap(dot["x"], dot["y"])
    page.wait_for_url(f"**/{dot['link'].removeprefix('../')}")
    context.close()
    assert shown and stayed.endswith(_INDICATOR)
    assert len(painted) == 2 and min(painted) > 1000
    assert sorted_years == "ascending"
    assert width <= 390
    assert other_origins(requests, server) == []


def test_card_shows_where_each_inferred_value_came_from(page, server):
    page.goto(f"{server}/reports/001_aad3a219ed66e48e.html", wait_until="networkidle")
    card = page.locator(".report-card")
    ARTIFACTS.mkdir(exist_ok=True)
    card.screenshot(path=str(ARTIFACTS / "report-001-card-evidence.png"))
    for field in ("title", "report_year", "publish_date", "issuer"):
        line = card.locator(f".report-card__why[data-evidence={field}]")
        assert line.is_visible(), field
    year = card.locator(".report-card__why[data-evidence=report_year]")
    # Under its value, in the value's column, with the rule in words and the page's words.
    value_box = card.locator("a[href*='#y-2020']").bounding_box()
    line_box = year.bounding_box()
    assert line_box["y"] >= value_box["y"] + value_box["height"] - 1
    assert abs(line_box["x"] - value_box["x"]) < 2
    assert year.inner_text().startswith("依据") and "正文开头的年份" in year.inner_text()
    assert "“2020年" in year.inner_text()


def test_card_evidence_stays_inside_the_card_on_a_phone(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{server}/reports/001_aad3a219ed66e48e.html", wait_until="networkidle")
    card = page.locator(".report-card")
    ARTIFACTS.mkdir(exist_ok=True)
    card.screenshot(path=str(ARTIFACTS / "report-001-card-evidence-phone.png"))
    card_box = card.bounding_box()
    boxes = [line.bounding_box() for line in card.locator(".report-card__why").all()]
    context.close()
    assert len(boxes) == 4
    for box in boxes:
        assert (
            card_box["x"] <= box["x"]
            and box["x"] + box["width"] <= card_box["x"] + card_box["width"]
        )
