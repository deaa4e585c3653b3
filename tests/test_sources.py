"""Reading: encodings are detected and recorded; bad bytes stop the report with a located error."""

from __future__ import annotations

import pytest

from generator.exceptions import SourceError
from generator.sources import find_reports, read_source

from .conftest import FIXTURES, SEEDS

SOURCES = FIXTURES / "sources"
OPENING = "城关镇2020年法治政府建设工作报告\n2020年，城关镇坚持"


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("gbk_encoded.txt", "gb18030"),
        ("gb18030_encoded.txt", "gb18030"),
        ("utf8_with_bom.txt", "utf-8-sig"),
        ("crlf_line_endings.txt", "utf-8"),
        ("utf16_with_bom.txt", "utf-16-le"),
        ("utf16le_no_bom.txt", "utf-16-le"),
        ("utf16be_no_bom.txt", "utf-16-be"),
    ],
)
def test_encoding_is_detected_and_text_decoded(name, encoding):
    source = read_source(SOURCES / name)
    assert source.encoding == encoding
    assert source.text.startswith(OPENING)
    assert "\r" not in source.text and "\ufeff" not in source.text


def test_big5_traditional_report_is_decoded_as_big5():
    source = read_source(SOURCES / "big5_encoded.txt")
    assert source.encoding == "big5"
    assert source.text.startswith("仁愛鄉2020年法治政府建設工作報告")


def test_gb18030_four_byte_character_survives():
    assert "𠀀" in read_source(SOURCES / "gb18030_encoded.txt").text


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "empty file"),
        ("whitespace_only.txt", "empty file"),
        ("binary_file.txt", "binary"),
        ("png_header.txt", "binary"),
    ],
)
def test_unreadable_file_is_an_error_naming_it(name, message):
    with pytest.raises(SourceError) as caught:
        read_source(SOURCES / name)
    assert str(caught.value).startswith(str(SOURCES / name))
    assert message in str(caught.value)


def test_undecodable_bytes_stop_the_report_with_file_and_line():
    path = SOURCES / "gbk_with_invalid_bytes.txt"
    with pytest.raises(SourceError) as caught:
        read_source(path)
    assert caught.value.line == 10
    assert str(caught.value).startswith(f"{path}:10: ")
    assert "0x80" in str(caught.value)


def test_sha256_is_of_the_received_bytes():
    import hashlib

    path = SEEDS / "001_aad3a219ed66e48e.txt"
    assert read_source(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_find_reports_is_sorted_and_skips_sidecars(tmp_path):
    for name in ("b.txt", "a.txt", "a.yml", "notes.xls"):
        (tmp_path / name).write_text("x")
    assert [p.name for p in find_reports(tmp_path)] == ["a.txt", "b.txt"]


def test_missing_seeds_folder_is_an_error(tmp_path):
    with pytest.raises(SourceError, match="not a folder"):
        find_reports(tmp_path / "nope")
