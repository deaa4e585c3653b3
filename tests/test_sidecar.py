"""Editors' sidecars: corrections win, are marked as edited, and bad sidecars fail loudly."""

from __future__ import annotations

import shutil

import pytest

from generator.build import convert
from generator.exceptions import SidecarError
from generator.schema import EDITABLE_FIELDS
from generator.sidecar import load_sidecar

from .conftest import SEEDS

SEED = SEEDS / "004_7980e3df0de4e6bc.txt"


@pytest.fixture
def seed_copy(tmp_path):
    target = tmp_path / SEED.name
    shutil.copyfile(SEED, target)
    return target


def test_correction_wins_and_is_marked_edited(seed_copy):
    seed_copy.with_suffix(".yml").write_text(
        "publish_date: 2022-02-18\nissuer: 重庆市九龙坡区人民政府谢家湾街道办事处\n"
    )
    fm = convert(seed_copy).front_matter()
    assert fm["publish_date"] == "2022-02-18"
    assert fm["issuer"] == "重庆市九龙坡区人民政府谢家湾街道办事处"
    assert fm["edited_fields"] == ["publish_date", "issuer"]


def test_correction_equal_to_derived_value_is_not_marked(seed_copy):
    seed_copy.with_suffix(".yml").write_text("township: 谢家湾街道\n")
    assert convert(seed_copy).front_matter()["edited_fields"] == []


def test_malformed_yaml_names_file_line_and_column(tmp_path):
    sidecar = tmp_path / "x.yml"
    sidecar.write_text("title: ok\nissuer: [unclosed\nprovince: 浙江省\n")
    with pytest.raises(SidecarError) as caught:
        load_sidecar(sidecar)
    assert caught.value.line is not None and caught.value.column is not None
    assert str(caught.value).startswith(
        f"{sidecar}:{caught.value.line}:{caught.value.column}: malformed YAML"
    )


def test_unknown_field_lists_the_allowed_ones(tmp_path):
    sidecar = tmp_path / "x.yml"
    sidecar.write_text("publisher: 某单位\n")
    with pytest.raises(SidecarError) as caught:
        load_sidecar(sidecar)
    assert "unknown field 'publisher'" in str(caught.value)
    for name in EDITABLE_FIELDS:
        assert name in str(caught.value)


def test_wrong_value_type_is_reported_with_every_problem(tmp_path):
    sidecar = tmp_path / "x.yml"
    sidecar.write_text("report_year: 二〇二〇\ndoc_type: 随便\n")
    with pytest.raises(SidecarError) as caught:
        load_sidecar(sidecar)
    assert "report_year" in str(caught.value) and "doc_type" in str(caught.value)


def test_provenance_fields_cannot_be_edited(tmp_path):
    sidecar = tmp_path / "x.yml"
    sidecar.write_text("sha256: abc\n")
    with pytest.raises(SidecarError, match="unknown field 'sha256'"):
        load_sidecar(sidecar)


def test_paragraph_and_metric_notes_render_as_numbered_markers(seed_copy):
    from .markdown_page import report_html

    seed_copy.with_suffix(".yml").write_text(
        "notes:\n"
        "  - anchor: s3-p1\n"
        "    note: 市场主体数为街道自报。\n"
        "  - metric: 5800㎡\n"
        "    note: 面积为规划面积。\n"
        "  - phrase: 盛美居车库纠纷\n"
        "    note: 该积案已于2021年化解。\n",
        encoding="utf-8",
    )
    report = convert(seed_copy)
    page = report_html(report)
    assert [a.note.text for a in report.annotations] == [
        "面积为规划面积。",
        "市场主体数为街道自报。",
        "该积案已于2021年化解。",
    ]
    marker = (
        '<sup class="annotation" id="note-1"><a href="#notes-1" title="编者注：面积为规划面积。">'
    )
    assert marker + "[1]</a></sup>" in page
    # The metric note sits right after the marked figure; the paragraph note at its end.
    assert '5800㎡</a><sup class="annotation" id="note-1">' in page
    assert (
        'id="note-2"' in page.split('<p class="report-para" id="s3-p1"', 1)[1].split("</p>", 1)[0]
    )
    assert '<li id="notes-3">该积案已于2021年化解。 <a href="#note-3"' in page


def test_stale_note_fails_naming_sidecar_note_and_target(seed_copy):
    sidecar = seed_copy.with_suffix(".yml")
    sidecar.write_text(
        "notes:\n"
        "  - phrase: 这句话不在报告里\n"
        "    note: 过时的注释\n"
        "  - anchor: s9-p9\n"
        "    note: 另一条\n"
        "  - metric: m999\n"
        "    note: 第三条\n",
        encoding="utf-8",
    )
    with pytest.raises(SidecarError) as caught:
        convert(seed_copy)
    message = str(caught.value)
    assert message.startswith(f"{sidecar}: stale notes: ")
    assert "note 1 (过时的注释): phrase '这句话不在报告里' not found" in message
    assert "note 2 (另一条): no paragraph with anchor 's9-p9'" in message
    assert "note 3 (第三条): no figure 'm999'" in message


def test_note_without_a_target_is_rejected(tmp_path):
    sidecar = tmp_path / "x.yml"
    sidecar.write_text(
        "notes:\n  - note: 没有目标\n  - anchor: s1-p1\n    phrase: 两个\n    note: x\n"
    )
    with pytest.raises(SidecarError, match="note 1: give exactly one of anchor, phrase, metric"):
        load_sidecar(sidecar)
