"""PDF reports: the invented report printed by headless Chromium, read back as paragraphs.

The PDFs are printed once per session with the browser of tests/conftest.py (skipped, with
the reason shown, where Chromium or Playwright is missing; those tests are marked
``browser``); the layout rules are also tested on lines built by hand, which needs no browser.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import received
from generator.chars import count_han
from generator.exceptions import SourceError
from generator.normalize import normalize
from generator.pdf_input import (
    NO_TEXT_LAYER,
    PAGE_NUMBER,
    Char,
    TextLine,
    assemble,
    line_from_chars,
    read_pdf,
)
from generator.sources import read_source
from generator.structure import structure

from .received_fixtures import LAYOUTS, RUNNING_HEADER, encrypted_pdf, print_all, report_lines


@pytest.fixture(scope="session")
def pdfs(browser, tmp_path_factory) -> dict[str, Path]:
    """Every layout and the scanned page, printed in one browser context."""
    return print_all(browser, tmp_path_factory.mktemp("pdf"))


def _read(path: Path):
    return read_pdf(path, path.read_bytes())


@pytest.mark.browser
@pytest.mark.parametrize("layout", [layout.name for layout in LAYOUTS])
def test_pdf_paragraphs_equal_the_source_paragraphs(pdfs, layout):
    got = _read(pdfs[layout]).text.split("\n")
    want = report_lines()
    assert len(got) == len(want)
    assert [count_han(line) for line in got] == [count_han(line) for line in want]
    assert got == want


@pytest.mark.browser
@pytest.mark.parametrize(
    ("layout", "removed"),
    [
        ("indented", (f"页眉“{RUNNING_HEADER}”（3 页）", "页码 3 个")),
        ("spaced", ("页码 3 个",)),
        ("letterspaced", ("页码 3 个", "字间空格 31 个")),
    ],
)
def test_pdf_running_header_and_page_numbers_are_removed_and_listed(pdfs, layout, removed):
    got = _read(pdfs[layout])
    assert got.removed == removed
    assert RUNNING_HEADER not in got.text
    assert "页 共" not in got.text
    assert not any(PAGE_NUMBER.match(line) for line in got.text.split("\n"))


@pytest.mark.browser
def test_pdf_read_as_a_source_gives_the_same_document_as_the_txt(pdfs, tmp_path):
    as_text = tmp_path / "qinghe.txt"
    as_text.write_text("\n".join(report_lines()), encoding="utf-8")
    source = read_source(pdfs["indented"])
    assert (source.format, source.encoding) == ("pdf", "binary")
    assert source.extractor.startswith("pypdfium2 ")
    from_pdf = structure(normalize(source.text))
    from_txt = structure(normalize(read_source(as_text).text))
    assert from_pdf.title.text == from_txt.title.text
    assert from_pdf.body_text == from_txt.body_text
    assert from_pdf.signoff.date == from_txt.signoff.date


@pytest.mark.browser
def test_pdf_scanned_page_without_text_layer_is_refused_with_how_to_ocr(pdfs):
    path = pdfs["scanned"]
    with pytest.raises(SourceError) as caught:
        received.extract(path, path.read_bytes())
    assert str(caught.value) == f"{path}: {NO_TEXT_LAYER}"


def test_pdf_encrypted_is_refused_with_how_to_decrypt(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(encrypted_pdf())
    with pytest.raises(SourceError, match=r"encrypted .*qpdf --decrypt") as caught:
        _read(path)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n" + b"0" * 400, "青禾镇报告".encode() * 40, encrypted_pdf()[:200]],
    ids=["garbage_after_header", "not_a_pdf", "cut_short"],
)
def test_pdf_damaged_is_refused_in_one_line(tmp_path, data):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(SourceError) as caught:
        _read(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: not a readable PDF (")
    assert "\n" not in message


# --- layout rules on lines built by hand ------------------------------------------------------

EM = 16.0


def _chars(text: str, x: float = 80.0, top: float = 100.0, advance: float = EM) -> list[Char]:
    """``text`` set at ``advance`` per character; ``␠`` is a space PDFium generated."""
    out = []
    for ch in text:
        if ch == "␠":
            out.append(Char(" ", x, x, top, top + EM, generated=True))
            x += advance / 2
            continue
        out.append(Char(ch, x, x + advance, top, top + EM))
        x += advance
    return out


def test_pdf_spaces_between_han_go_and_spaces_beside_latin_and_digits_stay():
    line = line_from_chars(_chars("法␠治␠政␠府，␠Rule␠of␠Law␠共␠43␠件"), 0)
    assert line.text == "法治政府，Rule of Law 共 43 件"
    assert line.spaces_removed == 4


def test_pdf_wide_gap_parts_table_cells():
    chars = _chars("调解成功率") + _chars("94.8%", x=300.0) + _chars("96.5%", x=420.0)
    line = line_from_chars(chars, 0)
    assert (line.text, line.cells) == ("调解成功率\u300094.8%\u300096.5%", 3)


def _line(text: str, page: int, x0: float, top: float, x1: float | None = None) -> TextLine:
    return TextLine(
        text, page, x0, x1 if x1 is not None else x0 + EM * len(text), top, top + EM, EM
    )


def test_pdf_full_line_ending_a_sentence_continues_when_paragraphs_are_indented():
    right = 80 + 28 * EM
    lines = [
        _line("二" * 26 + "成。", 0, 80 + 2 * EM, 100, right),
        _line("效" * 27 + "。", 0, 80, 128, right),  # ends a sentence, full width
        _line("续" * 10 + "。", 0, 80, 156),
        _line("新段落" + "字" * 22 + "。", 0, 80 + 2 * EM, 184, right),
        _line("完。", 0, 80, 212),
    ]
    text, removed = assemble([lines])
    assert text.split("\n") == [
        "二" * 26 + "成。" + "效" * 27 + "。" + "续" * 10 + "。",
        "新段落" + "字" * 22 + "。完。",
    ]
    assert removed == []


def test_pdf_heading_after_a_full_line_starts_its_own_line():
    right = 80 + 28 * EM
    lines = [
        _line("字" * 28, 0, 80, 100, right),
        _line("（二）下一个标题", 0, 80, 128),
        _line("2.第二项", 0, 80, 156),
    ]
    assert assemble([lines])[0].split("\n") == ["字" * 28, "（二）下一个标题", "2.第二项"]


def test_pdf_title_reading_like_the_running_header_stays():
    pages = []
    for page in range(3):
        lines = [_line("青禾镇工作报告", page, 200, 20)]  # the running header, top margin
        if page == 0:
            lines.append(_line("青禾镇工作报告", page, 200, 90))  # the title, lower down
        lines.append(_line("春夏秋"[page] * 27 + "。", page, 80, 130))
        lines.append(_line(f"- {page + 1} -", page, 280, 800))
        pages.append(lines)
    text, removed = assemble(pages)
    assert text.split("\n") == [
        "青禾镇工作报告",
        # Paragraphs marked by neither indent nor spacing: a sentence end ends one.
        "春" * 27 + "。",
        "夏" * 27 + "。",
        "秋" * 27 + "。",
    ]
    assert removed == ["页眉“青禾镇工作报告”（3 页）", "页码 3 个"]


def test_pdf_lines_differing_in_a_figure_at_the_same_height_are_not_a_running_header():
    pages = [
        [_line(f"共有村庄{n}个。", page, 80, 100), _line(f"第{n}条。", page, 80, 130)]
        for page, n in enumerate((12, 30, 7))
    ]
    text, removed = assemble(pages)
    assert text.split("\n") == [
        "共有村庄12个。",
        "第12条。",
        "共有村庄30个。",
        "第30条。",
        "共有村庄7个。",
        "第7条。",
    ]
    assert removed == []


@pytest.mark.parametrize(
    "line",
    [
        "- 2 -",
        "—12—",
        "－3－",
        "第 1 页 共 3 页",
        "第3页",
        "共 5 页 第 2 页",
        "3/12",
        "7",
        "Page 2 of 9",
    ],
)
def test_pdf_page_number_forms(line):
    assert PAGE_NUMBER.match(line)


@pytest.mark.parametrize("line", ["2024年", "第一页", "- 共3项 -", "1.加强领导"])
def test_pdf_lines_that_are_not_page_numbers(line):
    assert not PAGE_NUMBER.match(line)


@pytest.mark.browser
def test_pdf_scanned_page_among_text_pages_is_listed_as_not_read(pdfs, tmp_path):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdfs["indented"])
    document.import_pages(pdfium.PdfDocument(pdfs["scanned"]))
    path = tmp_path / "mixed.pdf"
    document.save(path)
    document.close()
    got = _read(path)
    assert got.text.split("\n") == report_lines()
    assert got.removed[-1] == "第 4 页只有图片、没有文字层（扫描页？），未读取"


def test_pdf_running_headers_alternating_on_odd_and_even_pages_are_removed():
    right = 80 + 28 * EM
    pages = []
    for page in range(6):
        header = "青禾镇人民政府" if page % 2 else "2024年法治政府建设工作报告"
        body = "春夏秋冬四季如"[page] * 27 + "，"
        pages.append([_line(header, page, 200, 20), _line(body, page, 80, 100, right)])
    text, removed = assemble(pages)
    assert text == "".join("春夏秋冬四季如"[page] * 27 + "，" for page in range(6))
    assert removed == ["页眉“2024年法治政府建设工作报告”（3 页）", "页眉“青禾镇人民政府”（3 页）"]


def test_pdf_paragraphs_marked_by_neither_indent_nor_spacing_end_at_a_sentence_end():
    right = 80 + 28 * EM
    pitch = 28
    texts = ["甲" * 27 + "，", "乙" * 27 + "。", "丙" * 10 + "。"]
    lines = [_line("报告", 0, 80 + 13 * EM, 60)]  # a centred title says nothing about paragraphs
    lines += [
        _line(text, 0, 80, 100 + pitch * i, right if len(text) == 28 else None)
        for i, text in enumerate(texts)
    ]
    lines.append(_line("青禾镇人民政府", 0, right - 7 * EM, 100 + pitch * 3, right))
    assert assemble([lines])[0].split("\n") == [
        "报告",
        "甲" * 27 + "，" + "乙" * 27 + "。",
        "丙" * 10 + "。",
        "青禾镇人民政府",
    ]
