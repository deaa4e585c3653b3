"""Hostile and careless sidecars: each fails its report with ``seeds/x.yml:LINE: field: message``
(never a traceback, never a value quoted at length), the other reports are built, and a
sidecar's content cannot make the build read, allocate or print without bound."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import sources
from generator.build import convert, gather
from generator.exceptions import SidecarError
from generator.schema import check_value, validate
from generator.sidecar import load_sidecar

from .conftest import SEEDS, TWO_REPORTS

REPORT, OTHER = (SEEDS / name for name in TWO_REPORTS)

#: Under 400 bytes, like the reported one: nine levels of nine aliases each, 9**9 (387 million)
#: "lol"s once expanded.
BILLION_LAUGHS = (
    'title: "报告"\nlocality_evidence: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(f"x{n}: &{chr(98 + n)} [{','.join([f'*{chr(97 + n)}'] * 9)}]\n" for n in range(8))
)


def _sidecar(seeds: Path, text: str, name: str | None = None) -> Path:
    path = seeds / (name or f"{REPORT.stem}.yml")
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path) -> SidecarError:
    with pytest.raises(SidecarError) as caught:
        load_sidecar(path)
    return caught.value


def _only_error_of_the_build(seeds: Path) -> SidecarError:
    """The build's one error; the other report is built all the same."""
    result = gather(seeds, jobs=1)
    assert [r.source.path.name for r in result.reports] == [OTHER.name]
    (error,) = result.errors
    assert isinstance(error, SidecarError)
    return error


def test_billion_laughs_is_refused_at_its_first_anchor(seeds):
    assert len(BILLION_LAUGHS.encode()) < 400
    path = _sidecar(seeds, BILLION_LAUGHS)
    error = _only_error_of_the_build(seeds)
    assert str(error) == f"{path}:2: YAML anchor &a is not allowed"


def test_alias_and_merge_key_are_refused(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("title: 标题\nissuer: *nowhere\n", encoding="utf-8")
    assert str(_error(path)) == f"{path}:2: YAML alias *nowhere is not allowed"
    path.write_text("title: 标题\n<<: {issuer: 某单位}\n", encoding="utf-8")
    assert str(_error(path)).startswith(f"{path}:2: unknown field '<<'")


@pytest.mark.parametrize(
    "text",
    [
        "title: !!python/object:os.system ls\n",
        "title: !!binary aGVsbG8=\n",
        "issuer: !custom 某单位\n",
    ],
)
def test_explicit_yaml_tag_is_refused(tmp_path, text):
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    error = _error(path)
    assert error.line == 1 and "YAML tag" in str(error) and "is not allowed" in str(error)


def test_deeply_nested_sidecar_is_refused_not_a_recursion_error(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("notes: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    error = _error(path)
    assert str(error) == f"{path}:1: nested too deeply for a sidecar"


def test_fifty_megabyte_issuer_is_refused_by_the_size_cap(seeds):
    path = _sidecar(seeds, "issuer: " + "某" * 50_000_000 + "\n")
    error = _only_error_of_the_build(seeds)
    size = path.stat().st_size
    assert str(error) == (
        f"{path}: sidecar of {size:,} bytes is larger than the limit of 65,536 bytes; "
        f"not read ({REPORT.name} not converted)"
    )


def test_impossible_publish_date_names_sidecar_line_and_field(seeds):
    path = _sidecar(seeds, "title: 标题\nissuer: 某单位\npublish_date: 2021-13-40\n")
    error = _only_error_of_the_build(seeds)
    assert str(error) == f"{path}:3: publish_date: '2021-13-40' is not a date (no such day)"


@pytest.mark.parametrize("value", ["2021-3-4", "2021/03/04", "二〇二一年三月四日", "'2021-03-04 '"])
def test_date_not_written_yyyy_mm_dd_is_not_a_date(tmp_path, value):
    path = tmp_path / "x.yml"
    path.write_text(f"signed_date: {value}\n", encoding="utf-8")
    error = _error(path)
    assert error.line == 1 and "signed_date:" in str(error) and "is not a date" in str(error)


def test_correct_date_is_kept_as_iso_text(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("publish_date: 2021-03-30\n", encoding="utf-8")
    assert load_sidecar(path).corrections == {"publish_date": "2021-03-30"}


@pytest.mark.parametrize(
    "value", ['"٥٠٠١٠٧"', '"５００１０７"', '"500107\\n"', '"50010"', '"990000"', '" 500107"']
)
def test_division_code_that_is_not_a_gazetteer_code_is_refused(tmp_path, value):
    path = tmp_path / "x.yml"
    path.write_text(f"division_code: {value}\n", encoding="utf-8")
    error = _error(path)
    assert error.line == 1 and str(error).startswith(f"{path}:1: division_code: ")


def test_division_code_written_as_a_number_asks_for_quotes(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("division_code: 500107\n", encoding="utf-8")
    assert 'write it in quotes: division_code: "500107"' in str(_error(path))


def test_gazetteer_division_code_is_accepted(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text('division_code: "500107"\n', encoding="utf-8")
    assert load_sidecar(path).corrections == {"division_code": "500107"}


@pytest.mark.parametrize("value", ['""', '"   "', '"\u3000"', "null"])
def test_empty_or_blank_title_is_refused(tmp_path, value):
    path = tmp_path / "x.yml"
    path.write_text(f"title: {value}\n", encoding="utf-8")
    error = _error(path)
    assert str(error) in (
        f"{path}:1: title: must not be blank",
        f"{path}:1: title: must not be empty",
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", '"报告\\n!!! warning \\"系统通知\\""'),
        ("title", '"报告\\u2028第二行"'),
        ("issuer", '"某单位\\u202e反转"'),
        ("province", '"浙江省\\x1b[31m"'),
    ],
)
def test_line_break_or_control_character_in_a_name_is_refused(tmp_path, field, value):
    path = tmp_path / "x.yml"
    path.write_text(f"{field}: {value}\n", encoding="utf-8")
    error = _error(path)
    assert str(error).startswith(f"{path}:1: {field}: a ")
    assert "is not allowed" in str(error)


@pytest.mark.parametrize(("field", "limit"), [("title", 200), ("issuer", 100), ("county", 100)])
def test_overlong_value_is_refused_and_not_quoted_in_full(tmp_path, field, limit):
    path = tmp_path / "x.yml"
    path.write_text(f"{field}: {'长' * (limit + 1)}\n", encoding="utf-8")
    error = _error(path)
    assert str(error).startswith(f"{path}:1: {field}: {limit + 1} characters, more than {limit}")
    assert len(str(error)) < len(str(path)) + 150


def test_title_of_exactly_200_characters_is_accepted(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text(f"title: {'题' * 200}\n", encoding="utf-8")
    assert load_sidecar(path).corrections == {"title": "题" * 200}


def test_duplicate_key_inside_a_note_is_an_error_with_its_line(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text(
        "notes:\n  - phrase: 普法\n    note: 第一种说法\n    note: 第二种说法\n", encoding="utf-8"
    )
    assert str(_error(path)) == f"{path}:4: note: given twice (first on line 3); keep one"


def test_duplicate_field_is_an_error_with_its_line(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("issuer: 甲\ntitle: 标题\nissuer: 乙\n", encoding="utf-8")
    assert str(_error(path)) == f"{path}:3: issuer: given twice (first on line 1); keep one"


def test_huge_report_year_fails_its_report_not_the_build(seeds):
    path = _sidecar(seeds, "report_year: 99999999999999999999999999\n")
    error = _only_error_of_the_build(seeds)
    assert str(error) == (
        f"{path}:1: report_year: 99999999999999999999999999 is not a year from 1949 to 2100"
    )


@pytest.mark.parametrize("year", [1948, 2101, 0, -2020])
def test_year_outside_1949_to_2100_is_refused(tmp_path, year):
    path = tmp_path / "x.yml"
    path.write_text(f"plan_year: {year}\n", encoding="utf-8")
    assert str(_error(path)) == f"{path}:1: plan_year: {year} is not a year from 1949 to 2100"


def test_number_of_thousands_of_digits_is_a_located_error(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("title: 标题\nreport_year: " + "9" * 5000 + "\n", encoding="utf-8")
    error = _error(path)
    assert error.line == 2 and "a number of 5,000 digits" in str(error)


@pytest.mark.parametrize("name", ["x.yaml", "x.YML", "x.Yaml"])
def test_yaml_and_upper_case_sidecars_apply(tmp_path, name):
    report = tmp_path / "x.txt"
    shutil.copy(REPORT, report)
    (tmp_path / name).write_text("publish_date: 2022-02-18\n", encoding="utf-8")
    fm = convert(report).front_matter()
    assert fm["publish_date"] == "2022-02-18" and fm["edited_fields"] == ["publish_date"]


def test_two_sidecars_for_one_report_fail_it_naming_both(seeds):
    _sidecar(seeds, "title: 甲\n")
    second = _sidecar(seeds, "title: 乙\n", name=f"{REPORT.stem}.yaml")
    error = _only_error_of_the_build(seeds)
    assert str(error) == (
        f"{second}: two sidecars for one report: {REPORT.stem}.yaml and {REPORT.stem}.yml; "
        f"keep one ({REPORT.name} not converted)"
    )


def test_two_sidecars_fail_a_report_converted_on_its_own(tmp_path):
    report = tmp_path / "x.txt"
    shutil.copy(REPORT, report)
    (tmp_path / "x.yml").write_text("title: 甲\n", encoding="utf-8")
    (tmp_path / "x.YAML").write_text("title: 乙\n", encoding="utf-8")
    with pytest.raises(SidecarError) as caught:
        convert(report)
    assert str(caught.value) == (
        f"{tmp_path}/x.YAML: two sidecars for one report: x.YAML and x.yml; keep one"
    )


def test_place_names_not_in_the_gazetteer_warn_with_line_and_field(seeds):
    path = _sidecar(seeds, "province: 浙江\ncity: 重庆市\ncounty: 九龙坡区\ntownship: 谢家湾街\n")
    result = gather(seeds, jobs=1)
    assert result.errors == [] and len(result.reports) == 2
    assert [w for w in result.warnings if str(path) in w] == [
        f"{path}:1: province: '浙江' is not a province name in the gazetteer",
        f"{path}:4: township: '谢家湾街' is not a township name in the gazetteer",
    ]


def test_every_problem_is_reported_each_on_its_own_located_line(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text(
        'title: "  "\nreport_year: 1800\ndivision_code: "٥٠"\npublisher: 某\n', encoding="utf-8"
    )
    lines = str(_error(path)).splitlines()
    assert [line.split(": ", 2)[:2] for line in lines] == [
        [f"{path}:1", "title"],
        [f"{path}:2", "report_year"],
        [f"{path}:3", "division_code"],
        [f"{path}:4", "unknown field 'publisher'; allowed"],
    ]


def test_note_with_control_characters_or_too_long_is_refused(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text(
        'notes:\n  - phrase: 普法\n    note: "坏\\x07字符"\n'
        f"  - anchor: s1-p1\n    note: {'注' * 2001}\n"
        "  - phrase: |\n      两行\n      短语\n    note: 好\n",
        encoding="utf-8",
    )
    lines = str(_error(path)).splitlines()
    assert lines[0].startswith(f"{path}:3: notes: note 1: note: a control character (U+0007)")
    assert lines[1].startswith(f"{path}:5: notes: note 2: note: 2,001 characters")
    assert lines[2].startswith(f"{path}:6: notes: note 3: phrase: a line break")


def test_note_may_have_several_lines_and_a_metric_written_as_a_number(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text(
        "notes:\n  - metric: 5800\n    note: |\n      第一行。\n      第二行。\n", encoding="utf-8"
    )
    (note,) = load_sidecar(path).notes
    assert (note.target, note.value, note.text) == ("metric", "5800", "第一行。\n第二行。")


def test_sidecar_that_is_not_utf8_names_its_line(tmp_path):
    path = tmp_path / "x.yml"
    path.write_bytes("title: 标题\nissuer: ".encode() + "某单位".encode("gbk") + b"\n")
    error = _error(path)
    assert error.line == 2 and "not UTF-8 text" in str(error)


def test_error_message_never_carries_more_than_a_short_quote_of_a_value(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text(f"doc_type: {'随' * 60_000}\n", encoding="utf-8")
    assert len(str(_error(path))) < len(str(path)) + 300


def test_size_cap_applies_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "SIDECAR_MAX_BYTES", 10)
    path = tmp_path / "x.yml"
    path.write_text("title: 一个不短的标题\n", encoding="utf-8")
    assert "larger than the limit of 10 bytes" in str(_error(path))


def test_derived_front_matter_of_every_seed_passes_the_stricter_schema(seed_paths):
    for path in seed_paths:
        assert validate(convert(path).front_matter()) == [], path


def test_schema_checks_apply_to_derived_values_too():
    (problem,) = check_value("issuer", "来源" * 200)
    assert (
        problem.startswith("issuer: 400 characters, more than 100 ('来源来源")
        and len(problem) < 120
    )
    assert check_value("report_year", 1900) == ["report_year: 1900 is not a year from 1949 to 2100"]


def test_list_used_as_a_key_is_an_unknown_field_not_a_crash(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("? [title, issuer]\n: 标题\n", encoding="utf-8")
    assert str(_error(path)).startswith(f"{path}:1: unknown field '(a list or mapping as key)'")


@pytest.mark.parametrize("text", ["- title: 标题\n", "标题\n", "title: a\n---\ntitle: b\n"])
def test_sidecar_that_is_not_one_mapping_is_a_located_error(tmp_path, text):
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    assert _error(path).line is not None


def test_sidecar_added_after_a_build_applies_to_the_next_conversion(seeds):
    assert gather(seeds, jobs=1).errors == []
    _sidecar(seeds, "publish_date: 2022-02-18\n", name=f"{REPORT.stem}.YAML")
    assert convert(seeds / REPORT.name).front_matter()["publish_date"] == "2022-02-18"


@pytest.mark.parametrize(
    ("sidecar", "code"),
    [
        ("province: 浙江省\ncity: 杭州市\ncounty: 余杭区\ntownship: 余杭街道\n", "330110013"),
        ("township: 不存在的镇\n", "320685"),
        ('province: "<script>x</script>"\ncity: null\ncounty: null\ntownship: null\n', None),
    ],
    ids=["another-real-place", "unknown-township-keeps-the-county", "name-not-a-place"],
)
def test_corrected_place_files_the_report_under_the_code_its_names_give(tmp_path, sidecar, code):
    # 001 is 李堡镇 (320685103) by its text; a code left from the text would list the report
    # under a place its corrected names no longer say.
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEEDS / "001_aad3a219ed66e48e.txt", folder)
    (folder / "001_aad3a219ed66e48e.yml").write_text(sidecar, encoding="utf-8")
    result = gather(folder)
    assert not result.errors
    (report,) = result.reports
    assert report.front_matter()["division_code"] == code
