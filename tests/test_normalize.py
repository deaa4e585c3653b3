"""Normalisation: glosses out, Simplified text, rejoined lines, chrome kept as metadata."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from generator import normalize as normalize_module
from generator.chars import count_han
from generator.normalize import PINYIN_GLOSS, detect_script, normalize
from generator.sources import read_source

from .conftest import FIXTURES, SEEDS

SEED_000 = SEEDS / "000_fd4662651861cbed.txt"


def _seed_000():
    return normalize(read_source(SEED_000).text)


def test_pinyin_glosses_are_removed_and_real_parentheses_kept():
    received = read_source(SEED_000).text
    result = _seed_000()
    text = "\n".join(line.text for line in result.lines)
    assert result.glosses_removed == 236
    assert not PINYIN_GLOSS.search(text)
    assert not re.search(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]", text)
    # Every real bracket group of the received text is still there.
    for group in ("(一)", "(七)", "(法治政府)", "网格长(员)", "楼(门)栋", "(物流枢纽港)"):
        assert group in text, group
    real_groups = len(re.findall(r"\((?![a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])", received))
    assert text.count("(") == real_groups


def test_traditional_report_becomes_simplified_with_no_traditional_left():
    import opencc

    result = _seed_000()
    assert result.script == "traditional"
    text = "\n".join(line.text for line in result.lines)
    assert opencc.OpenCC("t2s").convert(text) == text
    assert "建设" in text and "區" not in text


def test_received_text_is_kept_in_its_own_script():
    first = _seed_000().lines[0]
    assert first.received == "2020年依法治區建設工作進展情況和2021年工作思路"
    assert first.text == "2020年依法治区建设工作进展情况和2021年工作思路"


def test_tw2s_converts_zhuoli_but_keeps_zhuzuo():
    result = normalize("政府著力推進依法行政，成效顯著，著作權保護加強。著名的楓橋經驗。")
    assert (
        result.lines[0].text == "政府着力推进依法行政，成效显著，著作权保护加强。著名的枫桥经验。"
    )


def test_simplified_text_is_not_reconverted():
    # tw2s would turn 显著 into 显着 in a text that is already Simplified.
    result = normalize("平安李堡建设成效显著。")
    assert result.script == "simplified"
    assert result.lines[0].text == "平安李堡建设成效显著。"


def test_book_title_broken_across_lines_is_rejoined():
    result = _seed_000()
    text = "\n".join(line.text for line in result.lines)
    assert "《2020年法治镇海建设工作要点》《2020年法治镇海建设重点工作任务清单》" in text
    assert result.lines_joined == 3


def test_line_ending_with_a_comma_continues():
    result = normalize("街道深入开展普法宣传，\n发放资料2000余份。\n二、存在问题")
    assert [line.text for line in result.lines] == [
        "街道深入开展普法宣传，发放资料2000余份。",
        "二、存在问题",
    ]


def test_heading_after_unfinished_line_is_not_joined():
    result = normalize("主要工作情况如下，\n一、加强领导")
    assert len(result.lines) == 2


def test_odd_spaces_are_collapsed():
    result = normalize("开展\u00a0\u00a0普法\u2002宣传 ,发放资料。\u3000\n")
    assert result.lines[0].text == "开展 普法 宣传,发放资料。"


def test_page_chrome_is_removed_and_kept_as_metadata():
    text = (FIXTURES / "chrome" / "page_chrome_and_stale_banner.txt").read_text()
    result = normalize(text)
    assert result.publish_date == date(2021, 3, 25)
    assert result.source == "城关镇人民政府"
    kinds = {kind for chrome in result.chrome for kind in chrome.kinds}
    assert {"banner", "breadcrumb", "publish_date", "source", "counter", "font", "share"} <= kinds
    lines = [line.text for line in result.lines]
    assert lines[0] == "城关镇2020年法治政府建设工作报告"
    assert not any("今天是" in line or "浏览次数" in line or "分享" in line for line in lines)


def test_stale_date_banner_is_not_the_publish_date():
    result = normalize("今天是:2019年10月31日 星期三\n2020年工作总结\n全年调解纠纷5件。\n")
    assert result.publish_date is None
    assert result.chrome[0].kinds == ("banner",)


def test_seed_001_chrome_gives_source_and_publish_date():
    result = normalize(read_source(SEEDS / "001_aad3a219ed66e48e.txt").text)
    assert result.source == "李堡镇人民政府"
    assert result.publish_date == date(2021, 1, 15)
    assert result.chrome[0].text.startswith("来源: 李堡镇人民政府 发布时间:2021-01-15 15:02")


def test_sentence_mentioning_a_source_is_not_chrome():
    line = "信息来源:本镇各村居上报数据，全年共排查矛盾纠纷120件，化解118件。"
    assert normalize(line).lines[0].text == line


def test_script_of_simplified_seeds_is_simplified():
    for path in sorted(SEEDS.glob("00[1-4]*.txt")):
        assert detect_script(read_source(path).text) == "simplified", path.name


_body_text = st.lists(
    st.one_of(
        st.text(alphabet="依法治理街道社区矫正调解纠纷著力显著區建設", min_size=1, max_size=30),
        st.sampled_from(
            ["一、", "(一)", "1、", "。", "，", "\n", " ", "\u00a0", "《", "》", "2020", "年"]
        ),
        st.sampled_from(["區(qū)", "設(shè)", "(法治政府)", "長(員)"]),
    ),
    max_size=40,
).map("".join)
# Page chrome as mirror sites print it: above and below the report, where normalisation
# looks for it (and reports what it removed).
_chrome = st.lists(
    st.sampled_from(
        [
            "【打印本页】【关闭窗口】",
            "来源：某区人民政府 发布时间：2021-01-15 浏览次数：1234",
            "首页 > 政务公开 > 法治政府建设",
            "今天是2023年5月6日 星期六",
        ]
    ),
    max_size=2,
).map("\n".join)
_report_text = st.tuples(_chrome, _body_text, _chrome).map(lambda t: "\n".join(t))


@given(_report_text)
def test_normalize_is_idempotent(text):
    once = "\n".join(line.text for line in normalize(text).lines)
    twice = "\n".join(line.text for line in normalize(once).lines)
    assert once == twice


@given(_report_text)
def test_normalize_never_drops_han_or_digits(text):
    result = normalize(text)
    removed = result.glosses_removed
    kept = "".join(line.received for line in result.lines) + "".join(c.text for c in result.chrome)
    without_glosses = PINYIN_GLOSS.sub("", text)
    assert count_han(kept) == count_han(without_glosses)
    assert sum(ch.isdigit() for ch in kept) == sum(ch.isdigit() for ch in without_glosses)
    assert removed == len(PINYIN_GLOSS.findall(text))


def _join_by_rescanning(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], int]:
    """The line joiner as first written: it re-reads the whole growing line at every join
    (quadratic), which makes it an oracle for the linear one."""
    out: list[tuple[int, str]] = []
    joins = 0
    for number, line in lines:
        previous = out[-1][1] if out else ""
        if out and _continues_by_rescanning(previous, line):
            pieces = [
                p
                for p in map(
                    normalize_module._clean_spaces,
                    normalize_module._split_glued_headings(previous + line),
                )
                if p
            ]
            out[-1] = (out[-1][0], pieces[0])
            out.extend((out[-1][0], piece) for piece in pieces[1:])
            joins += 1
        else:
            out.append((number, line))
    return out, joins


def _continues_by_rescanning(previous: str, line: str) -> bool:
    if re.search(r"[。！？!?：:]$", previous) or normalize_module.HEADING_START.match(line):
        return False
    depth = 0
    for char in previous:
        if char in "《“（(【「『〈":
            depth += 1
        elif char in "》”）)】」』〉" and depth:
            depth -= 1
    if depth > 0 or re.search(r"[，,、]$", previous):
        return True
    return bool(re.search(r"\d$", previous) and normalize_module._UNIT_START.match(line))


_broken_lines = st.lists(
    st.lists(
        st.sampled_from(
            [
                "依法",
                "治理",
                "，",
                "、",
                "。",
                "：",
                "《",
                "》",
                "“",
                "”",
                "（",
                "）",
                "2020",
                "年",
                "12",
                "件",
                " ",
                "一、",
                "（二）",
                "1、",
                "3.",
                "１",
            ]
        ),
        max_size=8,
    ).map("".join),
    max_size=30,
).map("\n".join)


@given(_broken_lines)
def test_linear_line_joiner_joins_as_rescanning_the_whole_line_did(text):
    linear = normalize(text)
    original = normalize_module._join_broken_lines
    normalize_module._join_broken_lines = _join_by_rescanning
    try:
        rescanned = normalize(text)
    finally:
        normalize_module._join_broken_lines = original
    assert [(line.number, line.text) for line in linear.lines] == [
        (line.number, line.text) for line in rescanned.lines
    ]
    assert linear.lines_joined == rescanned.lines_joined


def test_docx_extraction_with_a_space_after_every_character_is_rejoined():
    result = normalize("法 治 政 府 建 设 工 作 报 告\n全 年 调 解 纠 纷 5 件 。")
    assert [line.text for line in result.lines] == ["法治政府建设工作报告", "全年调解纠纷5件。"]


def test_single_space_between_two_phrases_is_kept():
    line = "深入学习宣传习近平法治思想 大力弘扬宪法精神"
    assert normalize(line).lines[0].text == line


def test_docx_lines_glued_with_spaces_are_split_at_headings():
    result = normalize(
        "现将情况报告如下。 一、主要工作 （一）加强领导。成立小组。 1、组织保障。 二、存在问题"
    )
    assert [line.text for line in result.lines] == [
        "现将情况报告如下。",
        "一、主要工作",
        "（一）加强领导。成立小组。",
        "1、组织保障。",
        "二、存在问题",
    ]


def test_numbers_after_a_space_are_not_headings():
    assert len(normalize("全年共 1、2 号线改造完成").lines) == 1


def test_footer_and_pager_chrome_is_removed():
    text = (
        "城关镇2020年工作总结\n全年调解纠纷5件。\n上一篇：城关镇2019年工作总结\n"
        "主办单位：城关镇人民政府 浙ICP备12345678号-1\n"
    )
    result = normalize(text)
    assert [line.text for line in result.lines] == ["城关镇2020年工作总结", "全年调解纠纷5件。"]
    assert {k for c in result.chrome for k in c.kinds} == {"pager", "footer"}
