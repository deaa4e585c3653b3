"""Hard inputs: odd encodings and line endings, huge or shapeless reports, bad sidecars,
report text full of markup, and failures that must not lose anything.

Cases of the issue already covered elsewhere (not repeated here):

- empty and binary files: test_sources.py::test_unreadable_file_is_an_error_naming_it;
  decoding GBK, GB18030, Big5 and UTF-16 without BOM:
  test_sources.py::test_encoding_is_detected_and_text_decoded and
  ::test_big5_traditional_report_is_decoded_as_big5
- a report with no headings: test_structure.py::test_report_with_no_headings_is_all_intro;
  on one line: test_render.py::test_report_on_one_long_line_keeps_every_character and
  test_structure.py::test_report_on_one_line_keeps_all_text
- .docx spacing: test_normalize.py::
  test_docx_extraction_with_a_space_after_every_character_is_rejoined and
  test_docx_lines_glued_with_spaces_are_split_at_headings
- same content twice: test_cli.py::test_duplicate_content_is_one_page_and_reported; two files,
  one id: test_cli.py::test_two_files_mapping_to_one_id_is_an_error_naming_both
- malformed sidecar: test_sidecar.py::test_malformed_yaml_names_file_line_and_column; unknown
  field: test_sidecar.py::test_unknown_field_lists_the_allowed_ones
- markup in report text, through Python-Markdown:
  test_render.py::test_markup_in_report_text_is_shown_literally; in search results:
  test_browser_search.py::test_report_text_is_shown_as_text
- one bad report does not stop the others, --strict: test_cli.py::
  test_bad_report_does_not_stop_the_others and test_strict_fails_after_trying_every_report
  (their bad file sorts last; the test here puts every bad file first)
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import writer
from generator.build import convert
from generator.chars import count_han
from generator.cli import main
from generator.exceptions import SidecarError, SourceError
from generator.normalize import normalize
from generator.sidecar import load_sidecar
from generator.sources import read_source

from . import hostile_input as hostile
from .conftest import FIXTURES, ROOT, SEEDS
from .markdown_page import report_html

SOURCES = FIXTURES / "sources"


def _texts(report) -> tuple[str | None, list[tuple[str, str]], list[tuple[str, str, int]]]:
    """Title, headings and paragraphs (with their received line) of a converted report."""
    doc = report.document
    return (
        doc.title.text if doc.title else None,
        [(s.anchor, s.title) for s in doc.iter_sections()],
        [(p.anchor, p.text, p.line) for p in doc.iter_paragraphs()],
    )


def _page_paragraphs(report) -> dict[str, str]:
    """Anchor → text of every report paragraph of the report's rendered page, markup removed."""
    paragraphs = {}
    page = report_html(report)
    for anchor, inner in re.findall(r'<p class="report-para" id="(s[\d-]*-p\d+)">(.*?)</p>', page):
        inner = re.sub(r'<sup class="annotation".*?</sup>', "", inner)
        paragraphs[anchor] = html.unescape(re.sub(r"<[^>]+>", "", inner))
    return paragraphs


def _han_kept(report) -> int:
    doc = report.document
    return count_han(
        "".join(
            [doc.title.text if doc.title else ""]
            + [s.title for s in doc.iter_sections()]
            + [p.text for p in doc.iter_paragraphs()]
            + [line.text for line in (doc.signoff.lines if doc.signoff else [])]
        )
    )


# --- encodings and line endings ----------------------------------------------------------


@pytest.mark.parametrize("name", ["gbk_encoded.txt", "utf16le_no_bom.txt", "utf16be_no_bom.txt"])
def test_gbk_and_utf16_without_bom_reports_convert_like_their_utf8_original(name, tmp_path):
    original = tmp_path / "original.txt"
    original.write_text(read_source(SOURCES / "crlf_line_endings.txt").text, encoding="utf-8")
    report = convert(SOURCES / name)
    assert _texts(report) == _texts(convert(original))
    assert report.front_matter()["encoding"] == read_source(SOURCES / name).encoding


def test_big5_report_converts_to_simplified_with_big5_recorded():
    report = convert(SOURCES / "big5_encoded.txt")
    fm = report.front_matter()
    assert (fm["encoding"], fm["script"]) == ("big5", "traditional")
    assert fm["title"] == "仁爱乡2020年法治政府建设工作报告"
    assert report.document.sections[0].title == "一、主要工作"


MIXED = (
    "城关镇2020年法治政府建设工作报告\r\n"
    "2020年，城关镇坚持依法行政。\r"
    "一、主要工作\n"
    "全年调解纠纷5件，\r\n"
    "化解率100%。\r"
    "开展普法活动30场。\r\r"
    "二、存在问题\n"
    "法治宣传形式单一。\r\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16-le"])
def test_mixed_line_endings_give_the_same_paragraphs_as_plain_newlines(encoding, tmp_path):
    mixed, plain = tmp_path / "mixed.txt", tmp_path / "plain.txt"
    mixed.write_bytes(MIXED.encode(encoding))
    plain.write_bytes(MIXED.replace("\r\n", "\n").replace("\r", "\n").encode(encoding))
    report = convert(mixed)
    assert _texts(report) == _texts(convert(plain))
    title, headings, paragraphs = _texts(report)
    assert title == "城关镇2020年法治政府建设工作报告"
    assert headings == [("s1", "一、主要工作"), ("s2", "二、存在问题")]
    # The comma-ended line is joined to the next one; each paragraph keeps its own line.
    assert paragraphs == [
        ("s0-p1", "2020年，城关镇坚持依法行政。", 2),
        ("s1-p1", "全年调解纠纷5件，化解率100%。", 4),
        ("s1-p2", "开展普法活动30场。", 6),
        ("s2-p1", "法治宣传形式单一。", 9),
    ]


def test_undecodable_byte_after_cr_line_endings_is_located_on_its_line(tmp_path):
    path = tmp_path / "old_mac.txt"
    good = "城关镇2020年工作总结\r全年调解纠纷5件。\r".encode("gbk")
    path.write_bytes(good + b"\x80" + "普法活动30场。\r".encode("gbk"))
    with pytest.raises(SourceError) as caught:
        read_source(path)
    assert caught.value.line == 3
    assert str(caught.value).startswith(f"{path}:3: ")


def test_undecodable_utf16_is_located_on_its_line_not_by_0x0a_bytes(tmp_path):
    # 上 is U+4E0A: in UTF-16-LE its first byte is 0x0A, the byte of a line feed.
    path = tmp_path / "utf16.txt"
    lines = "上城区上海路街道工作总结\n上半年调解纠纷5件。\n".encode("utf-16-le")
    path.write_bytes(lines + b"\x00\xd8" + "上级".encode("utf-16-le"))  # a lone surrogate
    with pytest.raises(SourceError) as caught:
        read_source(path)
    assert caught.value.line == 3
    assert str(caught.value).startswith(f"{path}:3: ")


# --- size and shape ----------------------------------------------------------------------


def test_a_20_mb_report_converts_with_no_han_character_lost(tmp_path):
    seeds = "\n".join(read_source(p).text for p in sorted(SEEDS.glob("*.txt")))
    copies = 20_000_000 // len(seeds.encode("utf-8")) + 1
    path = tmp_path / "big.txt"
    path.write_text("\n".join([seeds] * copies), encoding="utf-8")
    assert path.stat().st_size >= 20_000_000

    report = convert(path)
    received = read_source(path).text
    removed = sum(count_han(c.text) for c in report.normalized.chrome) + sum(
        count_han(line.text) for line in report.document.repeated_titles
    )
    assert report.normalized.script == "simplified"  # so no character was converted
    assert _han_kept(report) == count_han(received) - removed
    assert report.front_matter()["char_count"] == _han_kept(report)
    assert report.normalized.glosses_removed == 236 * copies  # seed 000's pinyin, every copy

    expected = {p.anchor: p.text for p in report.document.iter_paragraphs()}
    assert len(expected) > 100 * copies  # about 109 paragraphs in the five seeds
    assert _page_paragraphs(report) == expected


def test_report_with_no_headings_and_no_title_converts_with_a_derived_title(tmp_path):
    path = tmp_path / "untitled.txt"
    path.write_text(
        "2020年，杭州市余杭区余杭街道坚持依法行政，全年调解纠纷5件。\n"
        "开展普法活动30场，发放资料2000份。\n",
        encoding="utf-8",
    )
    report = convert(path)
    fm = report.front_matter()
    assert fm["title_derived"] is True
    assert fm["title"] == "余杭街道2020年度法治建设工作报告"
    assert report.document.sections == []
    assert _page_paragraphs(report) == {
        "s0-p1": "2020年，杭州市余杭区余杭街道坚持依法行政，全年调解纠纷5件。",
        "s0-p2": "开展普法活动30场，发放资料2000份。",
    }


def test_report_on_one_single_line_converts_with_every_character_on_its_page():
    path = SOURCES / "one_long_line.txt"
    text = read_source(path).text
    assert text.strip().count("\n") == 0
    report = convert(path)
    assert _han_kept(report) == count_han(text)
    assert report.front_matter()["report_year"] == 2020
    page = _page_paragraphs(report)
    assert page == {p.anchor: p.text for p in report.document.iter_paragraphs()}


def test_docx_extraction_with_spaced_digits_is_rejoined():
    result = normalize(
        "城 关 镇 2 0 2 0 年 法 治 政 府 建 设 工 作 报 告\n"
        "调 解 成 功 率 达 9 9 . 8 9 % ， 受 理 纠 纷 1 2 0 件 。"
    )
    assert [line.text for line in result.lines] == [
        "城关镇2020年法治政府建设工作报告",
        "调解成功率达99.89%，受理纠纷120件。",
    ]


def test_docx_extraction_report_converts_with_its_year_title_and_figures(tmp_path):
    path = tmp_path / "docx.txt"
    path.write_text(
        "余 杭 街 道 2 0 2 0 年 法 治 政 府 建 设 工 作 报 告\n"
        "2 0 2 0 年 ， 杭 州 市 余 杭 区 余 杭 街 道 坚 持 依 法 行 政 。\n"
        "一 、 主 要 工 作\n"
        "全 年 受 理 矛 盾 纠 纷 1 2 0 件 ， 调 解 成 功 率 达 9 9 . 8 9 % 。\n",
        encoding="utf-8",
    )
    report = convert(path)
    fm = report.front_matter()
    assert fm["title"] == "余杭街道2020年法治政府建设工作报告"
    assert fm["report_year"] == 2020
    assert [s.title for s in report.document.sections] == ["一、主要工作"]
    assert [(m.text, m.value) for m in report.metrics] == [("120件", 120), ("99.89%", 99.89)]


# --- sidecars ----------------------------------------------------------------------------


def _build(folder: Path, out: Path, *extra: str):
    return CliRunner().invoke(
        main,
        [
            "build",
            *("--seeds", str(folder), "--out", str(out / "docs")),
            *("--snippets", str(out / "snippets"), *extra),
        ],
    )


def test_malformed_sidecar_stops_only_its_report_and_names_line_and_column(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEEDS / "004_7980e3df0de4e6bc.txt", folder / "a.txt")
    shutil.copy(SEEDS / "003_b2c3a3e35ec255cb.txt", folder / "b.txt")
    sidecar = folder / "a.yml"
    sidecar.write_text("publish_date: 2021-03-30\nissuer: 甲\n  province: 乙\n", encoding="utf-8")
    result = _build(folder, tmp_path / "out")
    assert f"ERROR: {sidecar}:3:11: malformed YAML: mapping values are not allowed" in result.output
    assert "1 reports converted, 1 errors" in result.output
    assert (tmp_path / "out" / "docs" / "reports" / "b.md").is_file()


def test_sidecar_with_a_control_character_is_a_located_error_not_a_crash(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEEDS / "004_7980e3df0de4e6bc.txt", folder / "a.txt")
    shutil.copy(SEEDS / "003_b2c3a3e35ec255cb.txt", folder / "b.txt")
    sidecar = folder / "a.yml"
    sidecar.write_text("publish_date: 2021-03-30\nissuer: 某\x07单位\n", encoding="utf-8")
    result = _build(folder, tmp_path / "out")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"ERROR: {sidecar}:2: malformed YAML: character U+0007" in result.output
    assert (tmp_path / "out" / "docs" / "reports" / "b.md").is_file()


def test_sidecar_field_given_twice_is_an_error_naming_both_lines(tmp_path):
    # YAML itself keeps the last value and drops the first without a word.
    sidecar = tmp_path / "x.yml"
    sidecar.write_text("issuer: 甲街道办事处\nprovince: 浙江省\nissuer: 乙街道办事处\n")
    with pytest.raises(SidecarError) as caught:
        load_sidecar(sidecar)
    assert str(caught.value) == f"{sidecar}:3: issuer: given twice (first on line 1); keep one"


def test_unknown_sidecar_field_error_names_its_line(tmp_path):
    sidecar = tmp_path / "x.yml"
    sidecar.write_text("issuer: 甲街道办事处\npublisher: 某单位\n")
    with pytest.raises(SidecarError) as caught:
        load_sidecar(sidecar)
    assert caught.value.line == 2
    assert str(caught.value).startswith(f"{sidecar}:2: unknown field 'publisher'; allowed: ")


def test_several_sidecar_problems_are_listed_each_with_its_line(tmp_path):
    sidecar = tmp_path / "x.yml"
    sidecar.write_text("publisher: 某单位\nreport_year: 二〇二〇\nnotes:\n  - note: 无目标\n")
    with pytest.raises(SidecarError) as caught:
        load_sidecar(sidecar)
    lines = str(caught.value).splitlines()
    assert lines[0].startswith(f"{sidecar}:1: unknown field 'publisher'")
    assert lines[1].startswith(f"{sidecar}:2: report_year: ")
    assert lines[2] == f"{sidecar}:4: notes: note 1: give exactly one of anchor, phrase, metric"


# --- every error names its file; one bad report never stops the others --------------------


def test_every_error_names_its_file_and_strict_fails_only_after_every_report(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    # Every bad report sorts before the good ones.
    (folder / "000_empty.txt").write_bytes(b"")
    shutil.copy(SOURCES / "binary_file.txt", folder / "001_binary.txt")
    shutil.copy(SOURCES / "gbk_with_invalid_bytes.txt", folder / "002_bad_bytes.txt")
    shutil.copy(SEEDS / "003_b2c3a3e35ec255cb.txt", folder / "003_bad_sidecar.txt")
    (folder / "003_bad_sidecar.yml").write_text("issuer: [未闭合\n", encoding="utf-8")
    shutil.copy(SEEDS / "002_8025236fb969047e.txt", folder / "004_stale_note.txt")
    (folder / "004_stale_note.yml").write_text(
        "notes:\n  - phrase: 不在报告里的话\n    note: 过时\n", encoding="utf-8"
    )
    (folder / "005_only_chrome.txt").write_text("今天是:2021年3月1日 星期一\n浏览次数:12\n")
    shutil.copy(SEEDS / "004_7980e3df0de4e6bc.txt", folder / "good_a.txt")
    shutil.copy(SEEDS / "001_aad3a219ed66e48e.txt", folder / "good_b.txt")

    out = tmp_path / "out"
    result = _build(folder, out, "--strict")

    assert result.exit_code == 1
    assert "2 reports converted, 6 errors, 0 warnings" in result.output
    assert {p.name for p in (out / "docs" / "reports").glob("*.md")} == {"good_a.md", "good_b.md"}
    errors = [line for line in result.output.splitlines() if line.startswith("ERROR: ")]
    expected_starts = [
        f"ERROR: {folder / '000_empty.txt'}: empty file",
        f"ERROR: {folder / '001_binary.txt'}: binary",
        f"ERROR: {folder / '002_bad_bytes.txt'}:10: ",
        f"ERROR: {folder / '003_bad_sidecar.yml'}:2:1: malformed YAML",
        f"ERROR: {folder / '004_stale_note.yml'}: stale notes: note 1",
        f"ERROR: {folder / '005_only_chrome.txt'}: no report text",
    ]
    assert len(errors) == len(expected_starts)
    for error, start in zip(errors, expected_starts, strict=True):
        assert error.startswith(start), error


# --- report text full of markup, in the built site ---------------------------------------


class _Elements(HTMLParser):
    """Text and nested tags of the elements a predicate picks (outermost matches only).

    Annotation markers and heading permalinks are the page's own, not report text: their
    text and the tags inside them are left out.
    """

    _VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "wbr", "source"})
    _OWN = frozenset({("sup", "annotation"), ("a", "headerlink")})

    def __init__(self, pick):
        super().__init__(convert_charrefs=True)
        self.pick = pick
        self.found: list[dict] = []
        self._current: dict | None = None
        self._start = self._skip = -1
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        kind = (tag, attrs.get("class") or "")
        if self._current is not None:
            if self._skip < 0:
                self._current["tags"].append(kind)
                if kind in self._OWN:
                    self._skip = self._depth
        elif self.pick(tag, attrs):
            element = {"tag": tag, "attrs": attrs, "text": "", "tags": []}
            self.found.append(element)
            if tag not in self._VOID:
                self._current, self._start = element, self._depth
        if tag not in self._VOID:
            self._depth += 1

    def handle_endtag(self, tag):
        if tag in self._VOID:
            return
        self._depth -= 1
        if self._depth == self._skip:
            self._skip = -1
        if self._current is not None and self._depth == self._start:
            self._current = None

    def handle_data(self, data):
        if self._current is not None and self._skip < 0:
            self._current["text"] += data


def _elements(html: str, pick) -> list[dict]:
    parser = _Elements(pick)
    parser.feed(html)
    parser.close()
    return parser.found


def _by_id(html: str, anchor: str) -> dict:
    (element,) = _elements(html, lambda tag, attrs: attrs.get("id") == anchor)
    return element


#: Markup the converter itself puts inside report text: figures, terms, citations, notes.
CONVERTER_MARKUP = {
    ("a", "metric"),
    ("a", "term"),
    ("a", "citation"),
    ("span", "citation citation--local"),
    ("sup", "annotation"),
    ("a", "headerlink"),
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    return hostile.build_hostile_site(tmp_path_factory.mktemp("hostile"))


def _page(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


@pytest.mark.build
def test_hostile_report_text_is_literal_in_the_built_page(hostile_site):
    html = _page(hostile_site, "reports/hostile.html")
    expected = {
        "s0-p1": hostile.INTRO,
        "s1": hostile.HEADING,
        **{f"s1-p{n}": text for n, text in enumerate(hostile.PARAGRAPHS, start=1)},
        "s2-p1": hostile.LAST_PARAGRAPH,
    }
    for anchor, text in expected.items():
        element = _by_id(html, anchor)
        assert element["text"].strip() == text, anchor
        # No <em>, <code>, <table>, <h1>, <li>, <blockquote>, <pre>, <img> or <script>: only
        # the converter's own marks.
        assert set(element["tags"]) <= CONVERTER_MARKUP, (anchor, element["tags"])


@pytest.mark.build
def test_hostile_report_adds_no_element_a_plain_report_page_lacks(hostile_site):
    html, plain = (
        _page(hostile_site, "reports/hostile.html"),
        _page(hostile_site, "reports/004_7980e3df0de4e6bc.html"),
    )

    def count(page: str, tag: str) -> int:
        return len(_elements(page, lambda t, _: t == tag))

    # (<code> is left out: the notes section names the sidecar file in one.)
    for tag in ("script", "img", "svg", "iframe", "em", "pre", "blockquote", "h1", "table"):
        assert count(html, tag) <= count(plain, tag), tag


@pytest.mark.build
def test_hostile_title_is_literal_in_title_header_and_heading(hostile_site):
    html = _page(hostile_site, "reports/hostile.html")
    (title,) = _elements(html, lambda tag, _: tag == "title")
    assert title["text"] == f"{hostile.TITLE} - 法治政府建设报告注释档案"
    (h1,) = _elements(html, lambda tag, _: tag == "h1")
    assert h1["text"].strip() == hostile.TITLE and h1["tags"] == []
    (topic,) = _elements(html, lambda tag, a: a.get("data-md-component") == "header-topic")
    assert topic["text"].strip() == hostile.TITLE
    assert [tag for tag, _ in topic["tags"]] == ["span"]


@pytest.mark.build
def test_hostile_issuer_and_note_are_literal_in_card_and_notes(hostile_site):
    html = _page(hostile_site, "reports/hostile.html")
    (card,) = _elements(html, lambda tag, a: "report-card" in (a.get("class") or "").split())
    assert re.search(rf"发布机关\s+{re.escape(hostile.ISSUER)}\s", card["text"])
    assert "svg" not in {tag for tag, _ in card["tags"]}
    (signoff,) = _elements(html, lambda tag, a: a.get("id") == "signoff")
    # One paragraph, its lines separated by a line break.
    assert hostile.ISSUER in signoff["text"] and {t for t, _ in signoff["tags"]} == {"br"}
    (note,) = _elements(html, lambda tag, a: a.get("id") == "notes-1")
    assert note["text"].startswith(hostile.NOTE)
    (marker,) = _elements(html, lambda tag, a: a.get("class") == "annotation")
    assert marker["text"] == "[1]" and marker["tags"] == [("a", "")]


@pytest.mark.build
@pytest.mark.parametrize(
    ("page", "href"),
    [
        ("index.html", "reports/hostile.html"),
        ("browse/years.html", "../reports/hostile.html"),
        ("places/33.html", "../reports/hostile.html"),  # its province, 浙江省
        ("browse/types.html", "../reports/hostile.html"),
        ("glossary.html", "reports/hostile.html"),
        ("reports/hostile-traditional.html", "hostile.html"),  # related reports
    ],
)
def test_hostile_title_is_literal_where_reports_are_listed(hostile_site, page, href):
    links = _elements(_page(hostile_site, page), lambda tag, a: a.get("href") == href)
    assert links, f"no link to the report on {page}"
    for link in links:
        assert link["text"].strip() == hostile.TITLE and link["tags"] == []


@pytest.mark.build
@pytest.mark.parametrize(
    ("page", "href"),
    [
        ("checklist.html", "reports/hostile.html"),
        ("indicators/disputes-accepted.html", "../reports/hostile.html"),
    ],
)
def test_pipe_in_a_report_title_does_not_split_a_table_row(hostile_site, page, href):
    links = _elements(_page(hostile_site, page), lambda tag, a: a.get("href") == href)
    # The indicator page's table names the report by its place, its title in the link's title.
    titles = [link["attrs"].get("title") or link["text"].strip() for link in links]
    assert titles and all(title == hostile.TITLE for title in titles)


@pytest.mark.build
def test_hostile_title_is_literal_on_the_original_text_page(hostile_site):
    html = _page(hostile_site, "reports/hostile-traditional.original.html")
    expected = f"原文对照：{hostile.TRADITIONAL_TITLE_SIMPLIFIED}"
    (title,) = _elements(html, lambda tag, _: tag == "title")
    assert title["text"] == f"{expected} - 法治政府建设报告注释档案"
    (h1,) = _elements(html, lambda tag, _: tag == "h1")
    assert h1["text"].strip() == expected
    (topic,) = _elements(html, lambda tag, a: a.get("data-md-component") == "header-topic")
    assert topic["text"].strip() == expected


@pytest.mark.build
def test_no_hostile_markup_is_left_unescaped_anywhere_in_the_site(hostile_site):
    payloads = ("<script>window.__pwned", "<script>document.title", "<img src=x", "<svg onload")
    offenders = [
        f"{page.relative_to(hostile_site)}: {payload}"
        for page in sorted(hostile_site.rglob("*.html"))
        for payload in payloads
        if payload in page.read_text(encoding="utf-8")
    ]
    assert offenders == []
    # Jinja never ran over report text: the expressions are still there, unevaluated.
    html = _page(hostile_site, "reports/hostile.html")
    assert "{{ 7*7 }}" in html and "{% raw %}" in html and "{{ config.site_name }}" in html


# --- nothing is lost ---------------------------------------------------------------------


def test_failed_rename_leaves_the_old_file_intact_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "page.md"
    target.write_bytes(b"old page")

    def refuse(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(writer.os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        writer.write_atomic(target, b"new page")
    assert target.read_bytes() == b"old page"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


def test_failed_write_leaves_the_old_file_intact_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "page.md"
    target.write_bytes(b"old page")
    real_fdopen = os.fdopen

    class HalfWritten:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            raise OSError("No space left on device")

    monkeypatch.setattr(writer.os, "fdopen", lambda fd, mode: HalfWritten(real_fdopen(fd, mode)))
    with pytest.raises(OSError, match="No space left"):
        writer.write_atomic(target, b"new page, longer than the old one")
    assert target.read_bytes() == b"old page"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


def _mkdocs(build_dir: Path, *args: str, seeds: Path | None = None):
    env = {
        **os.environ,
        "ARCHIVE_BUILD_DIR": str(build_dir),
        "ARCHIVE_DOCS_DIR": str(build_dir / "docs"),
        "ARCHIVE_SEEDS": str(seeds or build_dir / "no-seeds"),
        "NO_MKDOCS_2_WARNING": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_generated_page_at_the_path_of_a_hand_written_page_fails_the_build(tmp_path):
    from generator.build import build
    from generator.exceptions import ConfigError

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    # The converter writes editors.md (the editors' page): a hand-written one may not hide it.
    hand_written = docs / "editors.md"
    hand_written.write_text("# 手写的页面\n", encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEEDS / "004_7980e3df0de4e6bc.txt", seeds)
    out = tmp_path / "build" / "docs"
    with pytest.raises(ConfigError) as raised:
        build(seeds, out, tmp_path / "build" / "snippets", docs=docs)
    assert "editors.md" in str(raised.value) and str(hand_written) in str(raised.value)
    assert hand_written.read_text(encoding="utf-8") == "# 手写的页面\n"
    assert not out.exists()


def test_hand_written_page_including_a_snippet_the_build_lacks_is_an_error_naming_the_line(
    tmp_path,
):
    from generator.build import build
    from generator.exceptions import ConfigError

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text('# 首页\n\n--8<-- "missing.md"\n', encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEEDS / "004_7980e3df0de4e6bc.txt", seeds)
    with pytest.raises(ConfigError, match=r"index\.md:3: includes 'missing\.md'"):
        build(seeds, tmp_path / "out", tmp_path / "snippets", docs=docs)


def test_assembled_tree_holds_the_hand_written_pages_with_their_snippets_included(tmp_path):
    from generator.build import build

    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "index.md").write_text('# 首页\n\n--8<-- "overview.md"\n', encoding="utf-8")
    (docs / "sub" / "page.md").write_text("# 子页\n", encoding="utf-8")
    (docs / ".hidden.md").write_text("# 不发布\n", encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEEDS / "004_7980e3df0de4e6bc.txt", seeds)
    out = tmp_path / "out"
    result = build(seeds, out, tmp_path / "snippets", docs=docs)
    assert not result.errors
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "8<" not in index and index.startswith("# 首页")
    overview = (tmp_path / "snippets" / "overview.md").read_text(encoding="utf-8")
    assert overview.strip() in index
    assert (out / "sub" / "page.md").is_file() and not (out / ".hidden.md").exists()
    assert (out / "reports" / "004_7980e3df0de4e6bc.md").is_file()


# --- a failed build leaves the previous site/ ---------------------------------------------


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> Path:
    """Seed 004 converted into a build folder (pages and snippets), as `make convert` does."""
    root = tmp_path_factory.mktemp("converted")
    seeds = root / "seeds"
    seeds.mkdir()
    shutil.copy(SEEDS / "004_7980e3df0de4e6bc.txt", seeds)
    result = _build(seeds, root / "build", "--strict")
    assert result.exit_code == 0, result.output
    return root / "build"


def _previous_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site")
    (site / "reports").mkdir()
    (site / "reports" / "kept.html").write_text("a page of the previous site")
    return site


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _build_site_script(site: Path, build_dir: Path):
    env = {
        **os.environ,
        "ARCHIVE_BUILD_DIR": str(build_dir),
        "ARCHIVE_DOCS_DIR": str(build_dir / "docs"),
        "ARCHIVE_PYTHON": sys.executable,
        "NO_MKDOCS_2_WARNING": "1",
    }
    return subprocess.run(
        [
            *("bash", str(ROOT / "scripts" / "build_site.sh"), str(site)),
            *(sys.executable, "-m", "mkdocs", "build", "--strict"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.build
def test_failed_site_build_leaves_the_previous_site_untouched(converted, tmp_path):
    # A page with a broken link: `mkdocs build --strict` writes the whole site, then aborts.
    broken = tmp_path / "build"
    shutil.copytree(converted, broken)
    (broken / "docs" / "broken.md").write_text("# 坏页面\n\n[不存在的页面](nowhere.md)\n")

    site = _previous_site(tmp_path)
    previous = _tree(site)
    result = _build_site_script(site, broken)

    assert result.returncode != 0
    assert "nowhere.md" in result.stderr and "left as it was" in result.stderr
    assert _tree(site) == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "site"]  # no site.tmp/.old

    # The same failing build straight into site/ (what `make site` did) wipes it.
    direct = _mkdocs(broken, "build", "--strict", "--site-dir", str(site))
    assert direct.returncode != 0
    assert _tree(site) != previous


@pytest.mark.build
def test_successful_site_build_replaces_the_previous_site(converted, tmp_path):
    site = _previous_site(tmp_path)
    result = _build_site_script(site, converted)
    assert result.returncode == 0, result.stderr
    assert (site / "reports" / "004_7980e3df0de4e6bc.html").is_file()
    assert not (site / "reports" / "kept.html").exists()
    assert "the previous site" not in (site / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_make_site_and_deploy_build_through_the_swap_script():
    for target, command in (("site", "mkdocs build --strict"), ("deploy", "mkdocs gh-deploy")):
        dry_run = subprocess.run(
            ["make", "--dry-run", "--no-print-directory", target],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        builds = [line for line in dry_run.splitlines() if command in line]
        assert builds, dry_run
        assert all(line.startswith("scripts/build_site.sh site ") for line in builds), builds
        # The conversion runs inside the script, under its lock, not as a separate step.
        assert all(" -m generator build " in line for line in builds), builds
        assert not any(
            "-m generator build" in line and not line.startswith("scripts/")
            for line in dry_run.splitlines()
        ), dry_run
