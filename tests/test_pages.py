"""Collection pages (generator/pages.py): listings split into pages, summaries, slim data files.

The seeds are five reports, fewer than a page holds, so the pagination tests make pages two
entries long (``listing.PAGE_SIZE``); everything else about the pages is what the site gets.
"""

from __future__ import annotations

import csv
import html
import json
import posixpath
import re
from collections import Counter
from urllib.parse import unquote

import pytest

from generator import listing, pages, summaries
from generator.build import gather
from generator.related import relate

from .conftest import ROOT, SEEDS

_LINK = re.compile(r'href="([^"]+)"')
_ID = re.compile(r' id="([^"]+)"')
_REPORT_LINK = re.compile(r'href="(?:\.\./)*reports/([\w-]+)\.html')
#: Headings' ids (links carry ids too, as in the year index).
_HEADING_ID = re.compile(r'<h[1-6] id="([^"]+)">')


@pytest.fixture(scope="module")
def reports():
    result = gather(SEEDS, jobs=1)
    assert not result.errors
    related = relate(result.reports)
    for report in result.reports:
        report.related = related.get(report.id, [])
    return result.reports


@pytest.fixture
def two_per_page(monkeypatch):
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)


def _site_pages(reports) -> dict[str, str]:
    """Every Markdown page pages.py makes, as build.render_all gathers them."""
    out = {
        "browse/years.md": pages.years_page(reports),
        "browse/types.md": pages.types_page(reports),
        "browse/places.md": pages.places_page(reports),
        "editors.md": pages.editors_page(reports),
        "checklist.md": pages.checklist_page(reports),
        "annotations.md": pages.annotations_page(reports),
        "glossary.md": pages.glossary_page(reports),
    }
    for function in (
        pages.indicator_pages,
        pages.place_pages,
        pages.topic_pages,
        pages.law_pages,
        pages.continuation_pages,
    ):
        produced = function(reports)
        assert not set(produced) & set(out), "two functions make the same page"
        out.update(produced)
    return out


def _sequence(site: dict[str, str], base: str) -> list[str]:
    """``base.md``, ``base-2.md``, … as far as they exist."""
    paths = [f"{base}.md"]
    while f"{base}-{len(paths) + 1}.md" in site:
        paths.append(f"{base}-{len(paths) + 1}.md")
    return paths


def _reports_listed(site: dict[str, str], paths: list[str]) -> Counter:
    """Reports named by the entries (list items, table rows: one a line) of ``paths``: the
    first report link of a line."""
    return Counter(
        found.group(1)
        for path in paths
        for line in site[path].splitlines()
        if (found := _REPORT_LINK.search(line))
    )


def _broken_links(site: dict[str, str], reports) -> list[str]:
    """Links between the generated pages (and to reports and hand-written docs) that miss."""
    anchors = {
        r.page_path: {s.anchor for s in r.document.iter_sections()}
        | {p.anchor for p in r.document.iter_paragraphs()}
        | {m.anchor for m in r.metrics}
        for r in reports
    }
    ids = {path: set(_ID.findall(text)) for path, text in site.items()}
    broken = []
    for page, text in site.items():
        for link in _LINK.findall(text):
            if re.match(r"^[a-z]+:", link):
                continue
            target, _, fragment = html.unescape(link).partition("#")
            target = target.split("?")[0]
            if target.endswith(".html"):  # the page's docs path: its Markdown source
                target = target.removesuffix(".html") + ".md"
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
            resolved = page if not target else resolved
            if resolved in site:
                known = ids[resolved]
            elif resolved in anchors:
                known = anchors[resolved]
            elif (ROOT / "docs" / resolved).is_file():
                continue  # hand-written; the site test checks its ids
            else:
                broken.append(f"{page}: {link}")
                continue
            if fragment and unquote(fragment) not in known:
                broken.append(f"{page}: {link} (no such id)")
    return broken


# --- pagination ----------------------------------------------------------------------------


@pytest.mark.usefixtures("two_per_page")
def test_a_listing_longer_than_a_page_is_split_and_lists_every_report_once(reports):
    site = _site_pages(reports)
    everyone = Counter(r.id for r in reports)
    for base in ("browse/years", "browse/types", "checklist"):
        paths = _sequence(site, base)
        assert len(paths) == 3, base  # five reports, two a page
        assert _reports_listed(site, paths) == everyone, base
    provinces = [p for p in site if re.fullmatch(r"places/\d\d(-\d+)?\.md", p)]
    assert _reports_listed(site, provinces) == everyone


@pytest.mark.usefixtures("two_per_page")
def test_first_page_keeps_its_path_and_comes_from_the_old_function(reports):
    site = _site_pages(reports)
    assert site["browse/years.md"] == pages.years_page(reports)
    assert site["checklist.md"] == pages.checklist_page(reports)
    later = pages.continuation_pages(reports)
    assert "browse/years-2.md" in later and "browse/years.md" not in later
    assert "checklist-3.md" in later and "checklist.md" not in later


@pytest.mark.usefixtures("two_per_page")
def test_pager_and_index_links_resolve(reports):
    site = _site_pages(reports)
    assert _broken_links(site, reports) == []
    middle = site["browse/years-2.md"]
    assert '<a href="years.html">上一页</a>' in middle
    assert '<a href="years-3.html">下一页</a>' in middle
    assert "第 2/3 页" in middle and '<p class="archive-pager">' in middle


def test_pages_of_a_short_archive_link_and_have_no_pager(reports):
    site = _site_pages(reports)
    assert _broken_links(site, reports) == []
    assert pages.continuation_pages(reports) == {}
    assert not any("archive-pager" in text for text in site.values())


@pytest.mark.usefixtures("two_per_page")
def test_every_year_and_type_id_is_on_the_first_page(reports):
    # Report cards link to browse/years.html#y-<year> and browse/types.html#t-<type>.
    site = _site_pages(reports)
    years = set(_ID.findall(site["browse/years.md"]))
    types = set(_ID.findall(site["browse/types.md"]))
    for report in reports:
        fm = report.front_matter()
        assert f"y-{fm['report_year'] or 'unknown'}" in years
        assert f"t-{fm['doc_type']}" in types
    # A year is headed with its id once; a year that goes on to the next page is headed
    # “（续）” there, with an id of its own.
    paths = _sequence(site, "browse/years")
    headed = Counter(i for p in paths for i in _HEADING_ID.findall(site[p]))
    assert set(headed.values()) == {1}
    assert "（续）" in "".join(site[p] for p in paths)
    for path in paths:
        ids = _ID.findall(site[path])
        assert len(ids) == len(set(ids)), path


@pytest.mark.usefixtures("two_per_page")
def test_places_index_links_each_city_and_county_where_its_reports_begin(reports):
    site = _site_pages(reports)
    index = site["browse/places.md"]
    for report in reports:
        code = report.front_matter()["division_code"]
        for width in (2, 4, 6):
            assert f"#p-{code[:width]}" in index, code
    links = re.findall(r'href="\.\./places/([\d-]+)\.html#(p-\d+)" id="\2"', index)
    assert links
    for page, anchor in links:
        assert f'<h2 id="{anchor}">' in site[f"places/{page}.md"] or (
            f'<h3 id="{anchor}">' in site[f"places/{page}.md"]
        ), (page, anchor)


@pytest.mark.usefixtures("two_per_page")
def test_editors_lists_go_on_on_their_own_pages(reports):
    site = _site_pages(reports)
    paths = ["editors.md", *_sequence(site, "editors/unclassified")[1:]]
    assert len(paths) > 2
    sections = [site[p].split('id="candidates"')[0] for p in paths]
    rows = [
        row for text in sections for row in re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td>", text)
    ]
    labels = Counter(rows)
    assert len(labels) > 2 and max(labels.values()) == 1  # each label and unit on one page
    assert '<a href="editors/unclassified-2.html">下一页</a>' in site["editors.md"]
    assert '<a href="../editors.html#unclassified">上一页</a>' in site["editors/unclassified-2.md"]


# --- summaries -----------------------------------------------------------------------------


def test_topic_page_names_only_the_reports_that_treat_it_most(reports, monkeypatch):
    monkeypatch.setattr(summaries, "TOPIC_TOP", 2)
    topic, having = Counter(t for r in reports for t in r.topics.report).most_common(1)[0]
    assert having > 2
    page = pages.topic_pages(reports)[f"topics/{topic}.md"]
    assert f"{having} 份以此为主题" in page
    listed = _REPORT_LINK.findall(page.split('<h2 id="strongest">')[1])
    scores = sorted(r.topics.scores[topic] for r in reports if topic in r.topics.report)
    assert len(listed) == 2
    top = {r.id: r.topics.scores[topic] for r in reports if r.id in listed}
    assert sorted(top.values()) == scores[-2:]


def test_indicator_charts_have_a_dot_per_report_and_a_row_per_report_year(reports):
    page = pages.indicator_pages(reports)["indicators/disputes-accepted.md"]
    found = page.split('<script type="application/json">')[1:]
    strip, bars = (json.loads(text.split("</script>")[0]) for text in found)
    stating = {r.id for r in reports for m in r.metrics if m.indicator == "disputes-accepted"}
    assert len(strip["values"]) == len(strip["links"]) == len(stating)
    years = sorted(
        {r.front_matter()["report_year"] for r in reports if r.id in stating},
        key=lambda y: (y is None, -(y or 0)),
    )
    assert strip["rows"] == [f"{y}年" if y else "年份不详" for y in years]
    assert bars["values"] == sorted(strip["values"], reverse=True)


def test_glossary_entry_counts_its_reports_and_names_a_few(reports, monkeypatch):
    monkeypatch.setattr(summaries, "TERM_TOP", 1)
    term, users = Counter(t for r in reports for t in r.term_counts()).most_common(1)[0]
    assert users > 1
    glossary = pages.glossary_page(reports)
    entry = glossary.split(f'<h2 id="{term}">')[1].split("<h2")[0]
    assert f"<strong>{users} 份报告使用</strong>" in entry
    assert len(_REPORT_LINK.findall(entry)) == 1


# --- data files ----------------------------------------------------------------------------


def _csv_rows(reports) -> list[dict[str, str]]:
    text = pages.metrics_csv(reports)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(text[1:].splitlines()))


def test_metrics_csv_context_is_the_clause_around_the_figure(reports):
    rows = _csv_rows(reports)
    assert list(rows[0]) == list(pages.METRIC_CSV_COLUMNS)
    for row in rows:
        assert row["text"] in row["context"], row
        assert len(row["context"]) <= pages.CONTEXT_CHARS + 2, row  # and two “…”
    figure = next(r for r in rows if r["text"] == "251余万元")
    assert figure["report_id"] == "001_aad3a219ed66e48e"
    assert figure["context"] == "涉案金额251余万元"
    assert figure["section"] == "s1"


def test_a_long_clause_is_cut_around_the_figure():
    text = "前一句。" + "甲" * 50 + "受理矛盾纠纷891件" + "乙" * 50 + "，后一句。"
    start = text.index("891件")
    clause = pages._clause(text, start, start + len("891件"))
    assert clause.startswith("…") and clause.endswith("…") and "891件" in clause
    assert len(clause) == pages.CONTEXT_CHARS + 2
    short = "受理纠纷891件，调处成功885件。"
    assert pages._clause(short, 12, 16) == "调处成功885件"
    assert pages._clause(short, 4, 8) == "受理纠纷891件"
    # A clause just within the limit is whole, however long the paragraph around it.
    exact = "甲" * 60 + "，" + "乙" * 36 + "891件" + "。" + "丙" * 60
    start = exact.index("891件")
    assert pages._clause(exact, start, start + 4) == "乙" * 36 + "891件"


def test_reports_json_counts_figures_and_leaves_them_to_metrics_csv(reports):
    text = pages.reports_json(reports)
    records = json.loads(text)
    lines = text.splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == len(records) + 2
    rows = Counter(r["report_id"] for r in _csv_rows(reports))
    for record in records:
        assert record["metric_count"] == rows[record["id"]]
        report = next(r for r in reports if r.id == record["id"])
        classified = Counter(m.indicator for m in report.metrics if m.indicator != "unclassified")
        assert record["indicators"] == dict(classified)
        assert all(
            set(item) == {"key", "present", "anchors"} for item in record["checklist"]["items"]
        )
        assert all(set(item) == {"id", "score"} for item in record["related"])
    assert '"context"' not in text
