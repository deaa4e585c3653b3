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
