"""Rendering: front matter through yaml.safe_dump, report text shown literally, nothing lost."""

from __future__ import annotations

import re

import pytest
import yaml

from generator.build import convert
from generator.chars import count_han
from generator.normalize import normalize
from generator.render import dump_front_matter
from generator.sources import read_source
from generator.structure import structure

from .conftest import FIXTURES, SEEDS
from .markdown_page import report_html

HOSTILE = (
    "一、<script>alert(1)</script>标题*强调*_下划线_ [链接](http://x) "
    "`代码` {{ x }} {% y %} $z$ |a|\n"
    '正文<img src=x onerror="alert(2)"> # 不是标题 *星号* [方括号] {#id} &amp; '
    "1. 列表\n"
)


def _html(text: str, tmp_path) -> str:
    path = tmp_path / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    rendered = report_html(convert(path))
    rendered = re.sub(
        r'<a class="headerlink" href="#s1" title="Permanent link">¶</a>', "", rendered
    )
    # Only the report's own text: the page adds links of its own (checklist, tables).
    return "\n".join(
        re.findall(
            r'<h2 id="s1">.*?</h2>|<p class="report-para" id="s[\d-]+p\d+">.*?</p>', rendered
        )
    )


def test_markup_in_report_text_is_shown_literally(tmp_path):
    html = _html(HOSTILE, tmp_path)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "*强调*" in html and "_下划线_" in html and "[链接](http://x)" in html
    assert "`代码`" in html and "{{ x }}" in html and "{% y %}" in html
    assert "<em>" not in html and "<a " not in html and "<code>" not in html
    assert "# 不是标题" in html and "{#id}" in html and "&amp;amp;" in html


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_front_matter_is_exactly_what_safe_dump_writes(path):
    data = convert(path).front_matter()
    expected = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    assert dump_front_matter(data) == f"---\n{expected}---\n"


def test_front_matter_title_with_colon_round_trips():
    data = {"title": "关于: 2020年工作的报告", "issuer": "XX街道 # 注释?", "n": None}
    text = dump_front_matter(data)
    assert "\\u" not in text
    assert yaml.safe_load(text.strip("-\n")) == data


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_no_han_character_of_a_seed_is_lost(path):
    report = convert(path)
    received = report.normalized
    removed = sum(count_han(c.text) for c in received.chrome)
    repeated = sum(count_han(line.text) for line in report.document.repeated_titles)
    assert (
        report.front_matter()["char_count"]
        == count_han(read_source(path).text) - removed - repeated
    )


def test_report_on_one_long_line_keeps_every_character():
    path = FIXTURES / "sources" / "one_long_line.txt"
    text = read_source(path).text
    doc = structure(normalize(text))
    kept = (doc.title.text if doc.title else "") + "".join(p.text for p in doc.iter_paragraphs())
    kept += "".join(s.title for s in doc.iter_sections())
    assert count_han(kept) == count_han(text)
