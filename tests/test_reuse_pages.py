"""What the reader sees of text reuse (generator/reuse_pages.py): the report page's section,
the reuse page and the home page's line, from ReuseIndex objects built by hand here (the
reuse stage that computes them is tested in its own module).

Fixtures: tests/fixtures/yoy/ (one town's 2022 and 2023 reports, the second a copy of the
first with figures changed; another town's reports holding markup in their text).
"""

from __future__ import annotations

import re
from functools import cache
from html import unescape

import pytest

from generator import reuse_pages
from generator.build import convert
from generator.chars import count_han
from generator.pages import overview_snippet
from generator.render import assemble, render_parts
from generator.reuse import Cluster, Member, Pair, ReuseIndex

from .conftest import FIXTURES
from .markdown_page import render_page

YOY = FIXTURES / "yoy"


@cache
def _report(name: str):
    return convert(YOY / f"{name}.txt")


def _reports():
    return [_report(n) for n in ("hostile_2022", "hostile_2023", "xinshi_2022", "xinshi_2023")]


def _index() -> ReuseIndex:
    """The 2023 town report shares two paragraphs with its 2022 self (one word for word, one
    with figures changed); the hostile reports share the paragraph with the script."""
    clusters = [
        Cluster(
            "r1",
            (Member("xinshi_2022", "s2-p1", 1.0), Member("xinshi_2023", "s2-p1", 1.0)),
        ),
        Cluster(
            "r2",
            (Member("xinshi_2022", "s1-2-p1", 1.0), Member("xinshi_2023", "s1-2-p1", 0.82)),
        ),
        Cluster(
            "r3",
            (Member("hostile_2022", "s1-p1", 1.0), Member("hostile_2023", "s1-p1", 0.9)),
        ),
    ]
    index = ReuseIndex.from_clusters(clusters)
    index.shares.update(
        {"xinshi_2022": 0.3, "xinshi_2023": 0.27, "hostile_2022": 0.2, "hostile_2023": 0.21}
    )
    index.pairs = [
        Pair("xinshi_2022", "xinshi_2023", 2, 0.3, 0.27),
        Pair("hostile_2022", "hostile_2023", 1, 0.2, 0.21),
    ]
    return index


def _section(name: str, index: ReuseIndex | None = None, known=None) -> str:
    known = known if known is not None else reuse_pages.refs(_reports())
    return reuse_pages.report_section(_report(name), index or _index(), [], known)


def test_report_section_gives_share_shared_paragraphs_and_the_rest():
    section = _section("xinshi_2023")
    assert "## 与其他报告相同的文字 {#reuse}" in section
    # The share of all its paragraphs' Han characters (short paragraphs count as its own).
    texts = {p.anchor: p.text for p in _report("xinshi_2023").document.iter_paragraphs()}
    shared = count_han(texts["s2-p1"]) + count_han(texts["s1-2-p1"])
    share = round(100 * shared / sum(map(count_han, texts.values())))
    assert f"本报告 {share}% 的文字也见于其他报告" in section
    assert "2 个段落与另外 1 份报告" in section
    paragraphs = sum(1 for _ in _report("xinshi_2023").document.iter_paragraphs())
    assert f"其余 {paragraphs - 2} 个段落未见于档案中的其他报告" in section


def test_each_shared_paragraph_links_to_itself_and_to_the_earliest_report():
    section = _section("xinshi_2023")
    # Its own paragraph by its number in the report, then where else it is.
    assert re.search(r"- \[第\d+段\]\(#s1-2-p1\) “全镇12个村", section)
    assert "[德清县 新市镇 · 2022年](xinshi_2022.md#s1-2-p1)（最早）" in section
    assert "与最早的一段相似度 82%" in section
    assert "与最早的一段相同" in section


def test_the_earliest_report_says_it_is_the_earliest():
    section = _section("xinshi_2022")
    assert "（本报告最早）" in section
    assert "[德清县 新市镇 · 2023年](xinshi_2023.md#s2-p1)" in section
    assert "（最早）" not in section


def test_no_section_for_a_report_that_shares_nothing():
    index = ReuseIndex.from_clusters([])
    assert _section("xinshi_2023", index) == ""


def test_a_report_that_failed_later_is_not_linked():
    known = reuse_pages.refs([_report("xinshi_2023")])
    assert _section("xinshi_2023", known=known) == ""


def test_a_paragraph_in_many_reports_names_a_few_and_counts_the_rest():
    members = [Member("xinshi_2023", "s2-p1", 1.0)]
    members += [Member(f"other_{k}", "s1-p1", 1.0) for k in range(8)]
    index = ReuseIndex.from_clusters([Cluster("r1", tuple(members))])
    known = reuse_pages.refs([_report("xinshi_2023")])
    for k in range(8):
        known[f"other_{k}"] = reuse_pages.ReportRef(f"other_{k}", f"报告{k}", 2021, "某镇")
    section = _section("xinshi_2023", index, known)
    shown = re.findall(r"\]\(other_\d\.md#s1-p1\)", section)
    assert len(shown) == reuse_pages.OTHERS_SHOWN
    assert f"另有 {8 - reuse_pages.OTHERS_SHOWN} 份报告" in section


def test_section_is_page_furniture_not_in_the_markdown_download():
    report = _report("xinshi_2023")
    parts = render_parts(report)
    page = assemble(report, parts, _section("xinshi_2023")).decode("utf-8")
    assert "{#reuse}" in page
    assert page.index("{#reuse}") < page.index("{#cite}")
    assert "{#reuse}" not in parts.markdown().decode("utf-8")


def test_hostile_text_in_the_section_stays_literal_when_rendered(tmp_path):
    report = _report("hostile_2023")
    parts = render_parts(report)
    page = assemble(report, parts, _section("hostile_2023")).decode("utf-8")
    html = render_page(page, parts.annotations, tmp_path)
    reuse_part = html[html.index('id="reuse"') :]
    assert "<script" not in reuse_part
    assert "<script>alert(2)</script>" in unescape(re.sub(r"<[^>]*>", "", reuse_part))
    assert 'href="#s1-p1"' in reuse_part
    assert 'href="hostile_2022.md#s1-p1"' in reuse_part or 'href="hostile_2022.html#s1-p1"' in (
        reuse_part
    )


def test_reuse_page_lists_passages_and_alike_reports():
    pages = reuse_pages.reuse_pages(_reports(), _index())
    page = pages["reuse.md"]
    assert "重复最多的段落（3）" in page and "最相像的报告（2）" in page
    assert "部分村干部运用法治思维的能力还不够强" in page  # the passage, from its earliest report
    assert 'href="reports/xinshi_2022.html#s2-p1"' in page
    assert 'href="reports/xinshi_2023.html#s2-p1"' in page
    assert "&lt;script&gt;" in page and "<script" not in page
    assert "<td>30%</td>" in page.replace(' style="text-align: right;"', "")


def test_reuse_page_links_a_pair_to_its_year_over_year_page():
    from generator import yoy

    pairs = yoy.year_pairs(_reports())
    page = reuse_pages.reuse_pages(_reports(), _index(), pairs)["reuse.md"]
    assert 'href="compare/xinshi_2022--xinshi_2023.html">逐年对照</a>' in page


def test_reuse_page_continues_on_later_pages(monkeypatch):
    monkeypatch.setattr(reuse_pages, "CLUSTERS_PER_PAGE", 2)
    pages = reuse_pages.reuse_pages(_reports(), _index())
    assert set(pages) == {"reuse.md", "reuse/passages-2.md"}
    assert "archive-pager" in pages["reuse.md"]
    assert 'href="../reuse.html#passages"' in pages["reuse/passages-2.md"]


def test_reuse_page_is_capped(monkeypatch):
    monkeypatch.setattr(reuse_pages, "CLUSTERS_SHOWN", 1)
    monkeypatch.setattr(reuse_pages, "PAIRS_SHOWN", 1)
    page = reuse_pages.reuse_pages(_reports(), _index())["reuse.md"]
    assert "重复最多的段落（1）" in page and "最相像的报告（1）" in page


def test_reuse_page_without_an_index_says_so():
    page = reuse_pages.reuse_pages(_reports(), None)["reuse.md"]
    assert "没有比较报告之间的文字" in page


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (_index, "有 6 个（"),
        (lambda: ReuseIndex.from_clusters([]), "报告之间没有发现相同的段落"),
    ],
)
def test_home_page_says_how_much_is_shared_and_links_the_reuse_page(index, expected):
    snippet = overview_snippet(_reports(), (), index())
    assert expected in snippet
    assert '<a href="reuse.html">文字重复</a>' in snippet
    # Markdown reads the snippet: no value may hold a blank line.
    assert "\n\n\n" not in snippet


def test_percent_never_rounds_a_share_to_nothing():
    assert reuse_pages.percent(0.004) == "不到 1%"
    assert reuse_pages.percent(0.0) == "0%"
    assert reuse_pages.percent(0.375) == "38%"


def test_shared_paragraphs_are_marked_where_they_stand_with_a_link_to_their_entry(tmp_path):
    from .markdown_page import render_page

    report = _report("xinshi_2023")
    parts = render_parts(report)
    section = reuse_pages.report_section(report, _index(), [], reuse_pages.refs(_reports()))
    page = assemble(report, parts, section).decode("utf-8")
    html = render_page(page, parts.annotations, tmp_path)
    for anchor in ("s2-p1", "s1-2-p1"):
        assert re.search(
            f'<p class="report-para report-para--shared" id="{anchor}">.*?'
            f'<a aria-label="这一段也见于其他报告" class="reuse-mark" href="#reuse-{anchor}"',
            html,
            re.S,
        ), anchor
        assert f'<li id="reuse-{anchor}">' in html
    # Only the listed paragraphs are marked, and the marks add no text to them.
    assert html.count('class="reuse-mark"') == 2
    assert re.search(r'class="reuse-mark"[^>]*>[^<]', html) is None
