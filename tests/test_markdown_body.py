"""Report pages are readable Markdown: no HTML block outside render.HTML_BLOCKS, report text
escaped so that it renders exactly, annotations kept as data and drawn by generator.mdx."""

from __future__ import annotations

import itertools
import json
import logging
import re
import tarfile
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import convert
from generator.escape import markdown_text, markdown_unescape
from generator.render import (
    ANNOTATIONS_SUFFIX,
    HTML_BLOCKS,
    MARKDOWN_ARCHIVE,
    MARKDOWN_DOWNLOAD_SUFFIX,
    annotations,
    render_parts,
    render_report,
)

from .conftest import SEEDS
from .hostile_input import INTRO, PARAGRAPHS, write_hostile_seeds
from .markdown_page import body_of, render_page
from .regenerate_golden import GOLDEN
from .site_build import build_site

#: A line that starts an HTML block (CommonMark: up to three spaces, then ``<``).
_HTML_START = re.compile(r"^ {0,3}<")
_FIRST_TAG = re.compile(r"^ {0,3}<([A-Za-z][A-Za-z0-9-]*)[^>]*?\bclass=\"([^\"]*)\"")


def html_blocks(body: str) -> list[str]:
    """The lines of ``body`` that start an HTML block outside the allowed ones."""
    bad = []
    for line in body.splitlines():
        if not _HTML_START.match(line):
            continue
        tag = _FIRST_TAG.match(line)
        if tag is None or (tag.group(1), tag.group(2)) not in HTML_BLOCKS:
            bad.append(line[:120])
    return bad


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile-md")
    site = build_site(write_hostile_seeds(work / "seeds"), work)
    return work / "build" / "docs", site


def test_golden_report_bodies_hold_no_html_block_outside_the_list():
    pages = sorted(GOLDEN.glob("*.md"))
    assert pages
    for page in pages:
        assert html_blocks(body_of(page.read_text(encoding="utf-8"))) == [], page.name


def test_hostile_report_bodies_hold_no_html_block_outside_the_list(hostile_build):
    docs, _ = hostile_build
    pages = [p for p in (docs / "reports").glob("*.md") if not p.name.endswith(".original.md")]
    assert len(pages) == 3
    for page in pages:
        body = body_of(page.read_text(encoding="utf-8"))
        assert html_blocks(body) == [], page.name
        # Markup in the report's text is escaped where it stands.
        assert re.search(r"(?<!\\)<(script|img)", body) is None, page.name


def test_hostile_paragraphs_are_shown_exactly_on_the_built_page(hostile_build):
    _, site = hostile_build
    html = (site / "reports" / "hostile.html").read_text(encoding="utf-8")
    texts = _paragraph_texts(html)
    for line in PARAGRAPHS:
        assert line in texts.values(), line
    # The figure mark splits the intro; its text is still the line's, character for character.
    assert INTRO.split("2020年，", 1)[1] in "".join(texts.values())


def _paragraph_texts(html: str) -> dict[str, str]:
    """Paragraph anchor → the text a reader sees (markers' [n] left out)."""

    class Texts(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.texts: dict[str, str] = {}
            self.current: str | None = None
            self.skip = 0

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "p" and "report-para" in (attrs.get("class") or ""):
                self.current = attrs.get("id")
                self.texts[self.current] = ""
            elif tag == "sup" and self.current:
                self.skip += 1

        def handle_endtag(self, tag):
            if tag == "p":
                self.current = None
            elif tag == "sup" and self.skip:
                self.skip -= 1

        def handle_data(self, data):
            if self.current and not self.skip:
                self.texts[self.current] += data

    parser = Texts()
    parser.feed(html)
    return parser.texts


#: Report text: any character a report may hold, and the pieces Markdown reads as syntax.
_TEXT = (
    st.lists(
        st.characters(blacklist_categories=("Cs", "Cc"))
        | st.sampled_from(list("\\`*_{}[]()<>&|#$!?+-=.:;~%^ 1。、"))
        | st.sampled_from(["&amp;", "&#10;", "&lt;b&gt;", "{: #x }", "--8<-- ", "1. ", "!!! "]),
        min_size=1,
        max_size=40,
    )
    .map(lambda parts: "".join(parts).strip())
    .filter(bool)
)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_report_text_round_trips_through_its_escaping_and_python_markdown(text):
    escaped = markdown_text(text)
    assert markdown_unescape(escaped) == text
    assert "\n" not in escaped
    md = markdown.Markdown(extensions=["attr_list", "tables", "generator.mdx"])
    html = md.convert(f"{escaped}\n{{: #s0-p1 .report-para }}")
    assert html.startswith('<p class="report-para" id="s0-p1">')
    assert _paragraph_texts(html) == {"s0-p1": text}


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_annotations_land_on_the_words_they_annotate(path):
    report = convert(path)
    data = annotations(report)
    texts = {p.anchor: p.text for p in report.document.iter_paragraphs()}
    figures = {m.anchor: m.text for m in report.metrics}
    for anchor, records in data["paragraphs"].items():
        assert data["lengths"][anchor] == len(texts[anchor])
        spans = [r for r in records if r["kind"] != "note"]
        for before, after in itertools.pairwise(spans):
            assert before["end"] <= after["start"], "marks never overlap"
        for record in records:
            if record["kind"] == "figure":
                assert texts[anchor][record["start"] : record["end"]] == figures[record["id"]]
    assert sum(r["kind"] == "figure" for rs in data["paragraphs"].values() for r in rs) == len(
        report.metrics
    )


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_golden_annotations_match_the_converter(path):
    report = convert(path)
    golden = GOLDEN / f"{report.id}{ANNOTATIONS_SUFFIX}"
    assert json.loads(golden.read_text(encoding="utf-8")) == annotations(report), (
        "run `make golden`"
    )


def test_seed_page_renders_marks_the_title_and_the_figure_table(tmp_path):
    report = convert(SEEDS / "001_aad3a219ed66e48e.txt")
    parts = render_parts(report)
    html = render_page(render_report(report), parts.annotations, tmp_path)
    assert "<h1" not in html  # the theme draws the title from the front matter
    assert '<p class="report-para" id="s0-p1">' in html
    assert '<a class="metric" href="#metric-m1" id="m1">17121件</a>' in html
    assert '<tr id="metric-m1">' in html and '<table class="metric-table">' in html
    assert re.search(r'<tr class="metric-table__section">\s*<th colspan="3"><a href="#s1">', html)
    assert '<a class="term" href="../glossary.html#political-legal">' in html
    assert '<script src="../javascripts/glossary-terms.js"></script>' in html


def test_page_whose_annotations_are_missing_warns_and_shows_the_text(tmp_path, caplog):
    page = render_report(convert(SEEDS / "001_aad3a219ed66e48e.txt"))
    md = markdown.Markdown(
        extensions=["attr_list", "tables", "generator.mdx"],
        extension_configs={"generator.mdx": {"annotations_dir": str(tmp_path)}},
    )
    with caplog.at_level(logging.WARNING):
        html = md.convert(body_of(page))
    assert "annotations of report 001_aad3a219ed66e48e not readable" in caplog.text
    assert "我镇坚持以习近平新时代中国特色社会主义思想为指导" in html


def test_title_naming_a_path_outside_the_folder_is_refused(tmp_path, caplog):
    secret = tmp_path / "secret.annotations.json"
    secret.write_text('{"report": "x", "paragraphs": {}}', encoding="utf-8")
    folder = tmp_path / "reports"
    folder.mkdir()
    md = markdown.Markdown(
        extensions=["attr_list", "generator.mdx"],
        extension_configs={"generator.mdx": {"annotations_dir": str(folder)}},
    )
    with caplog.at_level(logging.WARNING):
        md.convert('# 标题 {: data-report="../secret" }\n\n正文')
    assert "impossible report id" in caplog.text


def test_hand_written_page_is_left_as_it_is():
    md = markdown.Markdown(extensions=["attr_list", "generator.mdx"])
    assert md.convert("# 关于\n\n正文 *强调*") == "<h1>关于</h1>\n<p>正文 <em>强调</em></p>"


def test_markdown_is_downloadable_per_report_and_in_bulk(hostile_build):
    docs, site = hostile_build
    pages = {p.stem: p for p in (docs / "reports").glob("*.md") if ".original" not in p.name}
    downloads = {}
    for report_id, page in pages.items():
        download = (site / "reports" / f"{report_id}{MARKDOWN_DOWNLOAD_SUFFIX}").read_bytes()
        downloads[report_id] = download
        html = (site / "reports" / f"{report_id}.html").read_text(encoding="utf-8")
        assert f'href="{report_id}{MARKDOWN_DOWNLOAD_SUFFIX}"' in html
        assert not (site / "reports" / f"{report_id}{ANNOTATIONS_SUFFIX}").exists()
        # The page's Markdown, less the furniture the page adds around the report.
        text = download.decode("utf-8")
        source = page.read_text(encoding="utf-8")
        assert text.split("\n---\n", 1)[0] == source.split("\n---\n", 1)[0]
        assert all(line in source.splitlines() for line in text.splitlines())
        for furniture in (
            '<details class="report-checklist"',
            "{: .report-threads }",
            '<div class="report-cite"',
            "{: .report-original }",
            "{#related}",
        ):
            assert furniture not in text
    assert any('<details class="report-checklist"' in p.read_text("utf-8") for p in pages.values())
    with tarfile.open(site / MARKDOWN_ARCHIVE) as archive:
        assert sorted(archive.getnames()) == sorted(f"{i}.md" for i in pages)
        for report_id in pages:
            assert archive.extractfile(f"{report_id}.md").read() == downloads[report_id]


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_downloaded_markdown_keeps_every_heading_paragraph_and_figure_of_the_report(path):
    report = convert(path)
    text = render_parts(report).markdown().decode("utf-8")
    anchors = [p.anchor for p in report.document.iter_paragraphs()]
    anchors += [s.anchor for s in report.document.iter_sections()]
    assert anchors
    for anchor in anchors:
        assert re.search(f"{{:? ?#{re.escape(anchor)}[ }}]", text), anchor
    for metric in report.metrics:
        assert f"](#{metric.id})" in text


def _both_ways(page: str, folder) -> tuple[str, str]:
    """``page`` rendered with generator.mdx's fast inline pass and with Python-Markdown's."""
    from .markdown_page import _extensions

    extensions, configs = _extensions()
    out = []
    for fast in (True, False):
        settings = {"annotations_dir": str(folder), "fast": fast}
        md = markdown.Markdown(
            extensions=extensions, extension_configs={**configs, "generator.mdx": settings}
        )
        out.append(md.convert(body_of(page)))
    return out[0], out[1]


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_fast_inline_pass_gives_python_markdowns_html_for_seed_pages(path, tmp_path):
    report = convert(path)
    render_page(render_report(report), annotations(report), tmp_path)  # writes the data
    fast, slow = _both_ways(render_report(report), tmp_path)
    assert fast == slow


def test_fast_inline_pass_gives_python_markdowns_html_for_markup_in_headings(tmp_path):
    # An escaped brace in a heading must not be read as the heading's attribute list.
    path = tmp_path / "braces.txt"
    path.write_text(
        "一、标题{{ x }}{% y %} {z} |a| {: .c }\n正文{#id} {: #x }。\n二、另一个标题 {q}\n正文。\n",
        encoding="utf-8",
    )
    report = convert(path)
    render_page(render_report(report), annotations(report), tmp_path)
    fast, slow = _both_ways(render_report(report), tmp_path)
    assert fast == slow
    assert '<h2 id="s1">' in fast and '<h2 id="s2">' in fast


def test_fast_inline_pass_gives_python_markdowns_html_for_hostile_pages(hostile_build):
    docs, _ = hostile_build
    pages = [p for p in (docs / "reports").glob("*.md") if ".original" not in p.name]
    for page in pages:
        fast, slow = _both_ways(page.read_text(encoding="utf-8"), docs / "reports")
        assert fast == slow, page.name
