"""Year over year (generator/yoy.py): which reports pair, how paragraphs align, what the
comparison page marks, and that report text stays text.

Fixtures (tests/fixtures/yoy/, written for these tests): the 2022 and 2023 reports of one
town, the second a copy of the first with its figures changed, one paragraph removed and one
added; and two reports of another town whose paragraphs hold markup and template syntax.
"""

from __future__ import annotations

import re
import shutil
from functools import cache
from html import unescape

import pytest

from generator import yoy
from generator.build import build, convert

from .conftest import FIXTURES

YOY = FIXTURES / "yoy"


@cache
def _report(name: str):
    return convert(YOY / f"{name}.txt")


def _pair(old: str, new: str) -> yoy.YearPair:
    pairs = yoy.year_pairs([_report(old), _report(new)])
    assert len(pairs) == 1
    return pairs[0]


def test_same_town_consecutive_years_make_one_pair_older_first():
    pairs = yoy.year_pairs([_report("xinshi_2023"), _report("xinshi_2022")])
    assert [(p.older.id, p.newer.id) for p in pairs] == [("xinshi_2022", "xinshi_2023")]
    assert pairs[0].path == "compare/xinshi_2022--xinshi_2023.md"


def test_reports_of_different_towns_do_not_pair():
    reports = [_report(n) for n in ("xinshi_2022", "xinshi_2023", "hostile_2022", "hostile_2023")]
    pairs = {(p.older.id, p.newer.id) for p in yoy.year_pairs(reports)}
    assert pairs == {("xinshi_2022", "xinshi_2023"), ("hostile_2022", "hostile_2023")}


def test_years_with_a_gap_do_not_pair(tmp_path):
    for name in ("xinshi_2022", "xinshi_2023"):
        shutil.copy(YOY / f"{name}.txt", tmp_path)
    # An editor's correction moves the second report two years on.
    (tmp_path / "xinshi_2023.yml").write_text("report_year: 2024\n", encoding="utf-8")
    reports = [convert(tmp_path / "xinshi_2022.txt"), convert(tmp_path / "xinshi_2023.txt")]
    assert yoy.year_pairs(reports) == []


def test_issuer_written_two_ways_is_one_issuer():
    assert yoy.issuer_key("新市镇人民政府") == yoy.issuer_key("新市镇 政府")
    assert yoy.issuer_key("新市镇人民政府") != yoy.issuer_key("东林镇人民政府")
    assert yoy.issuer_key(None) is None


def test_links_go_both_ways():
    links = yoy.links_by_report([_pair("xinshi_2022", "xinshi_2023")])
    assert [(x.direction, x.other.id) for x in links["xinshi_2023"]] == [("上一年", "xinshi_2022")]
    assert [(x.direction, x.other.id) for x in links["xinshi_2022"]] == [("下一年", "xinshi_2023")]


def test_copy_with_changes_aligns_changed_removed_and_added_paragraphs():
    rows, _, counts = yoy.compare(_pair("xinshi_2022", "xinshi_2023"))
    by_kind = {}
    for row in rows:
        if not (row.old or row.new).heading:
            by_kind.setdefault(row.kind, []).append(row)
    removed = [r.old.text for r in by_kind["removed"]]
    added = [r.new.text for r in by_kind["added"]]
    assert len(removed) == 1 and "行政处罚案件63件" in removed[0]
    assert len(added) == 1 and "掌上调解" in added[0]
    # Paragraphs whose figures changed are paired with their old selves.
    changed = {r.old.anchor: r.new.anchor for r in by_kind["changed"]}
    assert changed["s1-2-p1"] == "s1-2-p1"
    assert changed["s1-3-p1"] == "s1-3-p1"
    assert [r.new.anchor for r in by_kind["same"]] == ["s2-p1", "s3-p1"]
    assert counts == yoy.Counts(same=2, changed=4, removed=1, added=1)


def test_changed_figures_are_listed_whole_and_years_are_not():
    _, figures, _ = yoy.compare(_pair("xinshi_2022", "xinshi_2023"))
    changes = {(f.old, f.new) for f in figures}
    assert {("1,208", "1,356"), ("98.5%", "99.1%"), ("8,600", "9,200"), ("4", "6")} <= changes
    # 2022年 → 2023年 moves with the report: not a changed figure.
    assert ("2022", "2023") not in changes and ("2023", "2024") not in changes
    tally = next(f for f in figures if f.old == "1,208")
    assert tally.context.endswith("全年共调解纠纷")


def test_figure_changes_as_one_token_not_digit_by_digit():
    old, new = yoy.diff_text("调解纠纷1,208件。", "调解纠纷1,256件。")
    assert [p.text for p in old if p.kind == "del"] == ["1,208"]
    assert [p.text for p in new if p.kind == "ins"] == ["1,256"]
    assert all(p.figure for p in new if p.kind == "ins")


def test_inserted_words_are_marked_as_text_not_figures():
    old, new = yoy.diff_text("开展普法活动42场。", "开展普法宣传活动42场。")
    assert [p for p in old if p.kind != "same"] == []
    assert [(p.text, p.figure) for p in new if p.kind == "ins"] == [("宣传", False)]


def test_unrelated_paragraphs_are_removed_and_added_not_changed():
    old = [yoy.Item("s0-p1", "全年开展普法宣传活动四十场，覆盖全镇各村。", False)]
    new = [yoy.Item("s0-p1", "新建综治中心一处，配备专职网格员二十名。", False)]
    assert [r.kind for r in yoy.align(old, new)] == ["removed", "added"]


def test_too_many_paragraphs_between_anchors_are_shown_unpaired(monkeypatch):
    monkeypatch.setattr(yoy, "ALIGN_CELLS_MAX", 1)
    old = [yoy.Item(f"s0-p{i}", f"第{i}段普法宣传活动开展情况良好", False) for i in (1, 2)]
    new = [yoy.Item(f"s0-p{i}", f"第{i}段普法宣传工作开展情况良好", False) for i in (1, 2)]
    kinds = [r.kind for r in yoy.align(old, new)]
    assert kinds == ["removed", "removed", "added", "added"]


def test_comparison_page_marks_deleted_and_inserted_figures():
    html = yoy.compare_page(_pair("xinshi_2022", "xinshi_2023"))
    assert '<del class="yoy-del yoy-figure">1,208</del>' in html
    assert '<ins class="yoy-ins yoy-figure">1,356</ins>' in html
    assert 'class="yoy-removed' in html and 'class="yoy-added' in html
    # Each side links to the paragraph in its report.
    assert 'href="../reports/xinshi_2022.html#s1-4-p1"' in html
    assert 'href="../reports/xinshi_2023.html#s1-4-p1"' in html


def test_hostile_text_stays_literal_on_the_comparison_page():
    html = yoy.compare_page(_pair("hostile_2022", "hostile_2023"))
    body = html.split("\n---\n", 1)[1]
    assert "<script" not in body
    assert 'href="http://example' not in body
    # What a reader sees: the text without the page's own tags, entities read.
    shown = unescape(re.sub(r"<[^>]*>", "", body))
    assert "<script>alert(2)</script>" in shown
    assert "{{ 8*8 }}" in shown
    assert "*强调*" in shown and "_斜体_" in shown
    assert "[链接](http://example.org)" in shown


def test_build_writes_the_comparison_and_links_it_from_both_report_pages(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("xinshi_2022", "xinshi_2023"):
        shutil.copy(YOY / f"{name}.txt", seeds)
    out = tmp_path / "docs"
    result = build(seeds, out, tmp_path / "snippets", cache=None, jobs=1)
    assert result.errors == []
    assert (out / "compare/xinshi_2022--xinshi_2023.md").is_file()
    for name, direction in (("xinshi_2022", "下一年"), ("xinshi_2023", "上一年")):
        page = (out / f"reports/{name}.md").read_text(encoding="utf-8")
        assert f"[与{direction}（" in page
        assert "(../compare/xinshi_2022--xinshi_2023.md)" in page
        # Page furniture: not in the report's own Markdown.
        download = (out / f"reports/{name}.md.txt").read_text(encoding="utf-8")
        assert "compare/" not in download and "## 与上一年" not in download


@pytest.mark.browser
def test_comparison_page_in_chromium_shows_marked_figures_and_runs_no_script(browser, tmp_path):
    from .conftest import serve_folder
    from .site_build import build_site

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in YOY.glob("*.txt"):
        shutil.copy(path, seeds)
    site = build_site(seeds, tmp_path / "work")
    with serve_folder(site) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{server}/compare/xinshi_2022--xinshi_2023.html", wait_until="networkidle")
        inserted = page.locator("ins.yoy-figure").all_inner_texts()
        page.goto(f"{server}/compare/hostile_2022--hostile_2023.html", wait_until="networkidle")
        text = page.locator("article").inner_text()
        page.goto(f"{server}/reports/xinshi_2023.html", wait_until="networkidle")
        page.locator("a[href$='compare/xinshi_2022--xinshi_2023.html']").first.click()
        page.wait_for_load_state()
        arrived = page.url
        context.close()
    assert "1,356" in inserted and "99.1%" in inserted
    assert "<script>alert(2)</script>" in text and "{{ 8*8 }}" in text
    assert dialogs == []
    assert re.search(r"/compare/xinshi_2022--xinshi_2023\.html$", arrived)
