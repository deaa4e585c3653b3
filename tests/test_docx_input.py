"""Word reports: the .docx written here with python-docx, read back as the converter's text."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from generator import received
from generator.docx_input import format_number, read_docx
from generator.exceptions import SourceError
from generator.normalize import normalize
from generator.sources import read_source
from generator.structure import structure

from .received_fixtures import RUNNING_HEADER, report_lines, write_docx


@pytest.fixture
def report_docx(tmp_path) -> Path:
    return write_docx(tmp_path / "qinghe.docx")


def _read(path: Path):
    return read_docx(path, path.read_bytes())


def test_docx_report_gives_title_headings_paragraphs_and_table_rows_in_order(report_docx):
    got = _read(report_docx)
    assert got.text.split("\n") == report_lines()
    assert (got.format, got.encoding) == ("docx", "binary")
    assert got.extractor == f"python-docx {docx.__version__}"


def test_docx_header_and_footer_are_left_out_and_listed(report_docx):
    got = _read(report_docx)
    assert RUNNING_HEADER not in got.text
    assert "第 1 页" not in got.text
    assert got.removed == (f"页眉“{RUNNING_HEADER}”", "页脚“第 1 页”")


def test_docx_read_as_a_source_gives_the_same_document_as_the_txt(report_docx, tmp_path):
    as_text = tmp_path / "qinghe.txt"
    as_text.write_text("\n".join(report_lines()), encoding="utf-8")
    from_docx = structure(normalize(read_source(report_docx).text))
    from_txt = structure(normalize(read_source(as_text).text))
    assert from_docx.title.text == from_txt.title.text == report_lines()[0]
    assert from_docx.body_text == from_txt.body_text
    assert [s.title for s in from_docx.iter_sections()] == [
        s.title for s in from_txt.iter_sections()
    ]
    source = read_source(report_docx)
    assert (source.format, source.removed) == ("docx", _read(report_docx).removed)


def _add_numbering(document) -> str:
    """A Chinese outline list (一、 / （一） / 1.) added to the numbering part; its numId."""
    numbering = document.part.numbering_part.element
    levels = (("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."))
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    numbering.append(
        parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{lvls}</w:abstractNum>')
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    return "90"


def _numbered(document, text: str, num_id: str, level: int):
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/>'
            "</w:numPr>"
        )
    )
    return paragraph


def test_docx_word_list_numbering_is_written_out_as_the_headings_show_it(tmp_path):
    document = docx.Document()
    num_id = _add_numbering(document)
    _numbered(document, "基本情况", num_id, 0)
    _numbered(document, "加强组织领导", num_id, 1)
    _numbered(document, "完善工作制度", num_id, 1)
    document.add_paragraph("全镇共有村（社区）16个。")
    _numbered(document, "下一步打算", num_id, 0)
    _numbered(document, "抓好队伍建设", num_id, 1)
    _numbered(document, "每季度培训一次。", num_id, 2)
    _numbered(document, "", num_id, 2)  # an empty item: Word numbers it, nothing to read
    _numbered(document, "年底考核。", num_id, 2)
    path = tmp_path / "numbered.docx"
    document.save(path)
    assert _read(path).text.split("\n") == [
        "一、基本情况",
        "（一）加强组织领导",
        "（二）完善工作制度",
        "全镇共有村（社区）16个。",
        "二、下一步打算",
        "（一）抓好队伍建设",
        "1.每季度培训一次。",
        "3.年底考核。",
    ]


@pytest.mark.parametrize(
    ("number", "fmt", "shown"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (11, "chineseCounting", "十一"),
        (20, "chineseCountingThousand", "二十"),
        (23, "chineseCounting", "二十三"),
        (105, "chineseCounting", "一百零五"),
        (112, "chineseCounting", "一百一十二"),
        (3, "ideographTraditional", "丙"),
        (2, "chineseLegalSimplified", "贰"),
        (4, "decimalEnclosedCircle", "④"),
        (4, "upperRoman", "IV"),
        (28, "lowerLetter", "bb"),
        (7, "somethingNew", "7"),
    ],
)
def test_docx_number_formats(number, fmt, shown):
    assert format_number(number, fmt) == shown


def test_docx_soft_line_break_gives_two_lines_and_empty_paragraphs_are_skipped(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("第一句话写完了。")
    paragraph.add_run().add_break()
    paragraph.add_run("第二句话在同一段里。")
    document.add_paragraph("")
    document.add_paragraph("\u3000\u3000")
    document.add_paragraph("最后一段。")
    path = tmp_path / "breaks.docx"
    document.save(path)
    assert _read(path).text.split("\n") == [
        "第一句话写完了。",
        "第二句话在同一段里。",
        "最后一段。",
    ]


def test_docx_one_cell_table_gives_its_paragraphs_and_empty_cells_keep_their_place(tmp_path):
    document = docx.Document()
    box = document.add_table(rows=1, cols=1).cell(0, 0)
    box.text = "青禾镇人民政府"
    box.add_paragraph("关于2024年法治政府建设情况的报告")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("村名", "人口", "调解员"), strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("东岭村", "", "5"), strict=True):
        cell.text = text
    path = tmp_path / "tables.docx"
    document.save(path)
    assert _read(path).text.split("\n") == [
        "青禾镇人民政府",
        "关于2024年法治政府建设情况的报告",
        "村名\u3000人口\u3000调解员",
        "东岭村\u3000\u30005",
    ]


def test_docx_text_in_a_content_control_is_read(tmp_path):
    document = docx.Document()
    document.add_paragraph("正文第一段。")
    paragraph = document.add_paragraph("控件里的标题")
    sdt = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtContent/></w:sdt>")
    paragraph._p.addprevious(sdt)
    sdt[0].append(copy.deepcopy(paragraph._p))
    paragraph._p.getparent().remove(paragraph._p)
    path = tmp_path / "sdt.docx"
    document.save(path)
    assert _read(path).text.split("\n") == ["正文第一段。", "控件里的标题"]


def _without_body(good: bytes) -> bytes:
    """``good`` with its document part replaced by a document that has no body."""
    empty = (
        '<?xml version="1.0"?><w:document xmlns:w='
        '"http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(buffer, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            out.writestr(name, empty if name == "word/document.xml" else data)
    return buffer.getvalue()


def _zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "这不是 Word 文档")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("case", "make", "says"),
    [
        ("not_a_zip", lambda good: "青禾镇报告".encode() * 20, "not a .docx (not a readable zip"),
        ("cut_short", lambda good: good[: len(good) // 2], "not a .docx (not a readable zip"),
        (
            "doc_renamed",
            lambda good: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            "legacy Word .doc",
        ),
        ("zip_without_document", lambda good: _zip_without_document(), "not a Word document"),
        ("document_without_body", _without_body, "no document body"),
    ],
)
def test_docx_broken_file_gives_one_clear_line(report_docx, tmp_path, case, make, says):
    path = tmp_path / f"{case}.docx"
    path.write_bytes(make(report_docx.read_bytes()))
    with pytest.raises(SourceError) as caught:
        received.extract(path, path.read_bytes())
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert says in message
    assert "save it again as .docx" in message
    assert "\n" not in message


def test_docx_damaged_part_is_refused(report_docx, tmp_path):
    good = report_docx.read_bytes()
    # Flip bytes inside the compressed document part: the zip still opens, its CRC fails.
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 40
    damaged = bytearray(good)
    damaged[start : start + 8] = bytes(b ^ 0xFF for b in damaged[start : start + 8])
    path = tmp_path / "damaged.docx"
    path.write_bytes(bytes(damaged))
    with pytest.raises(SourceError, match=r"damaged|not a .docx|malformed"):
        read_docx(path, path.read_bytes())


def _alt_chunk(document) -> None:
    # Word merges such a chunk (HTML or RTF) when it opens the file; nothing here reads it.
    document.element.body.append(parse_xml(f'<w:altChunk {nsdecls("w", "r")} r:id="rIdChunk1"/>'))


def test_docx_embedded_chunk_is_listed_as_not_read(tmp_path):
    document = docx.Document()
    document.add_paragraph("正文第一段。")
    _alt_chunk(document)
    path = tmp_path / "chunk.docx"
    document.save(path)
    got = _read(path)
    assert got.text == "正文第一段。"
    assert any(item.startswith("嵌入文档块 1 个（altChunk") for item in got.removed)


def test_docx_with_all_its_text_in_an_embedded_chunk_is_refused(tmp_path):
    document = docx.Document()
    _alt_chunk(document)
    path = tmp_path / "chunk_only.docx"
    document.save(path)
    with pytest.raises(SourceError, match=r"all in embedded documents \(altChunk\).*save it again"):
        _read(path)


def test_docx_ruby_pinyin_and_deleted_revisions_are_not_text(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("坚持")
    paragraph._p.append(
        parse_xml(
            f"<w:r {nsdecls('w')}><w:ruby><w:rt><w:r><w:t>fǎ</w:t></w:r></w:rt>"
            "<w:rubyBase><w:r><w:t>法</w:t></w:r></w:rubyBase></w:ruby></w:r>"
        )
    )
    paragraph._p.append(
        parse_xml(
            f"<w:del {nsdecls('w')} w:id='1' w:author='a'><w:r><w:delText>旧词</w:delText>"
            "</w:r></w:del>"
        )
    )
    paragraph._p.append(
        parse_xml(f"<w:ins {nsdecls('w')} w:id='2' w:author='a'><w:r><w:t>治</w:t></w:r></w:ins>")
    )
    path = tmp_path / "ruby.docx"
    document.save(path)
    assert _read(path).text == "坚持法治"


_MC_WPS = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def test_docx_text_box_gives_its_lines_once_after_its_paragraph(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("正文最后一段。")
    box = "<w:txbxContent><w:p><w:r><w:t>青禾镇人民政府</w:t></w:r></w:p></w:txbxContent>"
    # Word writes a text box twice: as DrawingML for itself, as VML for older readers.
    paragraph._p.append(
        parse_xml(
            f"<w:r {nsdecls('w')} {_MC_WPS}><mc:AlternateContent>"
            f"<mc:Choice Requires='wps'><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing>"
            f"</mc:Choice><mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict>"
            "</mc:Fallback></mc:AlternateContent></w:r>"
        )
    )
    path = tmp_path / "textbox.docx"
    document.save(path)
    assert _read(path).text.split("\n") == ["正文最后一段。", "青禾镇人民政府"]
