"""Metric extraction: the number forms of the reports, and what only looks like a number."""

from __future__ import annotations

import pytest

from generator.metrics import extract_metrics
from generator.normalize import normalize
from generator.structure import structure


def _metrics(text: str):
    return extract_metrics(structure(normalize(text)))


def _one(text: str):
    (metric,) = _metrics(text)
    return metric


@pytest.mark.parametrize(
    ("text", "value", "unit", "approx"),
    [
        ("全年共受理矛盾纠纷891件。", 891, "件", False),
        ("涉案金额251余万元。", 2510000, "元", True),
        ("开展宣传活动涉及7万余人次。", 70000, "人次", True),
        ("累计贴发通告46000余份。", 46000, "份", True),
        ("现有十三名社区矫正人员。", 13, "名", False),
        ("宣传覆盖两万余人次。", 20000, "人次", True),
        ("群众满意率均达百分之百。", 100, "%", False),
        ("挽回损失10.69万元。", 106900, "元", False),
        ("建设面积约5800㎡。", 5800, "㎡", True),
        ("调解成功率99.89%。", 99.89, "%", False),
        ("审核了５３份规范性文件。", 53, "份", False),
        ("满意度超过93%。", 93, "%", True),
    ],
)
def test_number_forms_become_metrics(text, value, unit, approx):
    metric = _one(text)
    assert (metric.value, metric.unit, metric.approx) == (value, unit, approx)


@pytest.mark.parametrize(
    "text",
    [
        "2020年，街道召开会议。",
        "6月9日在海安召开推进会。",
        "截至5月底，工作全面完成。",
        "深入开展七五普法，学习十九届五中全会精神。",
        "规范办理12345热线和110警情。",
        "保留2号线的路线设置。",
        "构建“1+23+X”大调解网络，健全“3+1”机制。",
        "根据〔2016〕23号文件精神。",
        "利用“3·15”宣传日开展活动。",
        "坚持一把手负总责，第一时间化解，打通最后一公里。",
        "开展“三大系列活动”，通过“四个平台”管控。",
        "坚持每月召开一次工作例会。",
        "印发《法治社会建设实施方案(2021-2025年)》。",
        "(一)三个保障到位,依法行政有深度。",
        "201X年初召开推进会。",
        "会议于14:30召开。",
    ],
)
def test_not_metrics(text):
    assert _metrics(text) == []


def test_year_on_year_changes_are_signed():
    metrics = _metrics("全镇共接报警情2213起，比去年同期上升1.7%，火灾55起，比去年下降13起。")
    assert [(m.value, m.unit, m.kind) for m in metrics] == [
        (2213, "起", "count"),
        (1.7, "%", "change"),
        (55, "起", "count"),
        (-13, "起", "change"),
    ]
    assert metrics[3].label == "火灾"


def test_list_values_share_unit_and_map_to_subjects():
    metrics = _metrics("限上批发、限上零售、限上住宿分别达95501.5万元、71894.1、1998.4万元。")
    assert [(m.label, m.value, m.unit) for m in metrics] == [
        ("限上批发", 955015000, "元"),
        ("限上零售", 718941000, "元"),
        ("限上住宿", 19984000, "元"),
    ]


def test_two_figures_of_one_thing():
    metrics = _metrics("今年以来来电、来访、来信共计809件933人次。")
    assert [(m.value, m.unit) for m in metrics] == [(809, "件"), (933, "人次")]
    assert metrics[0].label == metrics[1].label


def test_from_to_gives_two_levels_with_one_label():
    metrics = _metrics("烟火报警数从原先的2例增加到25例。")
    assert [(m.value, m.kind, m.label) for m in metrics] == [
        (2, "count", "烟火报警数"),
        (25, "count", "烟火报警数"),
    ]


def test_subject_after_the_number():
    assert _one("迄今为止，审核了53份规范性文件。").label == "审核规范性文件"


def test_subject_in_another_clause():
    metrics = _metrics("开展宣传活动共计30余次,涉及7万余人次。")
    assert metrics[0].label == "开展宣传活动"
    assert metrics[1].label == "宣传活动涉及人次"


def test_metric_keeps_section_context_and_anchor():
    metrics = _metrics("一、主要工作\n（一）化解纠纷\n全年受理矛盾纠纷891件，调解成功890件。")
    first = metrics[0]
    assert first.section == ["一、主要工作", "（一）化解纠纷"]
    assert first.section_anchor == "s1-1"
    assert first.paragraph == "s1-1-p1"
    assert first.context == "全年受理矛盾纠纷891件，调解成功890件。"
    assert [m.anchor for m in metrics] == ["m1", "m2"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("开展“八五”普法宣传进村入户活动120余场次。", [(120, "场次", "count", True)]),
        (
            "出庭应诉率达95.6%，较上年提高8个百分点。",
            [(95.6, "%", "rate", False), (8, "个百分点", "change", False)],
        ),
        (
            "调解纠纷1,236件，涉及金额3,560万元。",
            [(1236, "件", "count", False), (35600000, "元", "money", False)],
        ),
        (
            "共接待来访群众312批867人次。",
            [(312, "批", "count", False), (867, "人次", "count", False)],
        ),
        (
            "建成法治长廊5条，面积共计1.2万平方米。",
            [(5, "条", "count", False), (12000, "平方米", "area", False)],
        ),
        ("共接到110警情56起，制作发放110到场处置联系卡。", [(56, "起", "count", False)]),
        ("撤销3件，同比下降12.5%。", [(3, "件", "count", False), (-12.5, "%", "change", False)]),
    ],
)
def test_forms_not_in_the_seeds(text, expected):
    assert [(m.value, m.unit, m.kind, m.approx) for m in _metrics(text)] == expected
