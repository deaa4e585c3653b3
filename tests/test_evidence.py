"""The evidence of inferred metadata: where title, report_year, publish_date and issuer came
from, in the front matter, reports.json, the metadata card and docs/data.md."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from generator.build import convert
from generator.evidence import RULES, Evidence
from generator.schema import EVIDENCE_FIELDS, EVIDENCE_PHRASE_MAX, FIELD_NAMES, check_value

from .conftest import ROOT, SEEDS
from .site_build import build_site

#: 004 has a title with its year and issuing body in it, and no publication date.
SEED_004 = SEEDS / "004_7980e3df0de4e6bc.txt"
#: 001 gives all four: a title line, a year in the opening, a 发布时间 line and a 来源.
SEED_001 = SEEDS / "001_aad3a219ed66e48e.txt"


def _entry(rule: str = "signoff", phrase: str = "某某镇人民政府") -> dict[str, str]:
    return Evidence(phrase, rule).record()


@pytest.fixture
def seed_004(tmp_path):
    target = tmp_path / SEED_004.name
    shutil.copyfile(SEED_004, target)
    return target


# --- schema ---------------------------------------------------------------------------------


def test_evidence_follows_locality_evidence_in_field_order():
    assert FIELD_NAMES.index("evidence") == FIELD_NAMES.index("locality_evidence") + 1


def test_schema_accepts_an_entry_for_each_of_the_four_fields():
    value = {name: _entry() for name in EVIDENCE_FIELDS}
    assert check_value("evidence", value) == []
    assert check_value("evidence", {}) == []


def test_schema_refuses_an_unknown_rule():
    entry = {**_entry(), "rule": "guessed"}
    assert check_value("evidence", {"issuer": entry}) == [
        "evidence: issuer: rule 'guessed' is not a known rule"
    ]


def test_schema_refuses_a_field_that_has_no_evidence():
    (problem,) = check_value("evidence", {"province": _entry()})
    assert problem.startswith("evidence: 'province' is not a field with evidence")


def test_schema_refuses_a_missing_or_extra_key_in_an_entry():
    (missing,) = check_value("evidence", {"title": {"rule": "signoff", "phrase": "标题"}})
    assert missing.startswith("evidence: title: keys ['phrase', 'rule']")
    (extra,) = check_value("evidence", {"title": {**_entry(), "line": 3}})
    assert extra.startswith("evidence: title: keys ") and "'line'" in extra


def test_schema_refuses_an_over_long_or_multiline_phrase():
    (long,) = check_value("evidence", {"issuer": _entry(phrase="镇" * (EVIDENCE_PHRASE_MAX + 1))})
    assert long.startswith(f"evidence: issuer: phrase: {EVIDENCE_PHRASE_MAX + 1} characters")
    (broken,) = check_value("evidence", {"issuer": _entry(phrase="第一行\n第二行")})
    assert broken.startswith("evidence: issuer: phrase: a line break")


def test_schema_refuses_an_entry_that_is_not_a_mapping_or_text_that_is_not_text():
    assert check_value("evidence", {"title": "正文首行"}) == [
        "evidence: title: expected a mapping of rule, phrase, explanation"
    ]
    assert check_value("evidence", {"title": {**_entry(), "phrase": 2021}}) == [
        "evidence: title: phrase is int, not text"
    ]
    (rule,) = check_value("evidence", {"title": {**_entry(), "rule": ["signoff"]}})
    assert rule.startswith("evidence: title: rule ['signoff'] is not a known rule")


def test_evidence_is_not_editable_in_a_sidecar(seed_004):
    from generator.exceptions import SidecarError

    seed_004.with_suffix(".yml").write_text("evidence: {}\n", encoding="utf-8")
    with pytest.raises(SidecarError) as caught:
        convert(seed_004)
    assert "unknown field 'evidence'" in str(caught.value)


# --- front matter ---------------------------------------------------------------------------


def test_seed_front_matter_has_evidence_of_every_field_it_found():
    fm = convert(SEED_001).front_matter()
    assert list(fm["evidence"]) == ["title", "report_year", "publish_date", "issuer"]
    for name, entry in fm["evidence"].items():
        assert entry["explanation"] == RULES[entry["rule"]], name
        assert entry["phrase"].strip(), name
    # The phrase is words of the page that hold the value.
    assert "2021-01-15" in fm["evidence"]["publish_date"]["phrase"]
    assert "2020" in fm["evidence"]["report_year"]["phrase"]
    assert fm["issuer"] in fm["evidence"]["issuer"]["phrase"]


def test_a_field_without_a_value_has_no_evidence(seed_004):
    fm = convert(seed_004).front_matter()
    assert fm["publish_date"] is None and "publish_date" not in fm["evidence"]
    seed_004.with_suffix(".yml").write_text("report_year: null\n", encoding="utf-8")
    fm = convert(seed_004).front_matter()
    assert fm["report_year"] is None and "report_year" not in fm["evidence"]
    assert fm["evidence"]["title"]["rule"] == "title_first_line", "the others keep theirs"


def test_sidecar_correction_turns_the_evidence_into_sidecar(seed_004):
    sidecar = seed_004.with_suffix(".yml")
    sidecar.write_text("issuer: 谢家湾街道办事处\npublish_date: 2022-02-18\n", encoding="utf-8")
    fm = convert(seed_004).front_matter()
    assert sorted(fm["edited_fields"]) == ["issuer", "publish_date"]
    assert fm["evidence"]["issuer"] == {
        "rule": "sidecar",
        "phrase": f"{sidecar.name}: issuer: 谢家湾街道办事处",
        "explanation": RULES["sidecar"],
    }
    assert fm["evidence"]["publish_date"]["phrase"] == f"{sidecar.name}: publish_date: 2022-02-18"
    assert fm["evidence"]["report_year"]["rule"] == "year_in_title", "uncorrected: the text's"


def test_sidecar_evidence_names_a_yaml_sidecar_by_its_own_name(seed_004):
    seed_004.with_suffix(".yaml").write_text("report_year: 2020\n", encoding="utf-8")
    entry = convert(seed_004).front_matter()["evidence"]["report_year"]
    assert entry["rule"] == "sidecar"
    assert entry["phrase"] == f"{seed_004.stem}.yaml: report_year: 2020"


def test_sidecar_value_equal_to_the_derived_one_keeps_the_texts_evidence(seed_004):
    derived = convert(seed_004).front_matter()
    seed_004.with_suffix(".yml").write_text(f"report_year: {derived['report_year']}\n")
    assert convert(seed_004).front_matter()["evidence"] == derived["evidence"]


def test_over_long_phrase_from_the_text_is_shortened_with_a_mark(seed_004):
    report = convert(seed_004)
    report.metadata.evidence["issuer"] = Evidence("街" * 500, "opening_subject")
    report._front_matter = None
    phrase = report.front_matter()["evidence"]["issuer"]["phrase"]
    assert len(phrase) == EVIDENCE_PHRASE_MAX and phrase == "街" * (EVIDENCE_PHRASE_MAX - 1) + "…"


def test_blank_phrase_from_the_text_is_left_out_with_a_located_warning(seed_004):
    report = convert(seed_004)
    report.metadata.evidence["issuer"] = Evidence("  ", "opening_subject")
    report._front_matter = None
    fm = report.front_matter()
    assert "issuer" not in fm["evidence"] and fm["issuer"], "the value itself stays"
    (warning,) = [w for w in report.warnings if "evidence" in w]
    assert warning.startswith(f"{seed_004}: evidence: issuer: phrase: must not be blank")


# --- published ------------------------------------------------------------------------------


def test_reports_json_carries_the_evidence_of_each_report(built_site):
    rows = json.loads((built_site / "data" / "reports.json").read_text(encoding="utf-8"))
    for row in rows:
        assert set(row["evidence"]) <= set(EVIDENCE_FIELDS), row["id"]
        for name, entry in row["evidence"].items():
            assert row[name] is not None, (row["id"], name)
            assert entry["explanation"] == RULES[entry["rule"]], (row["id"], name)
    by_id = {row["id"]: row for row in rows}
    assert by_id["001_aad3a219ed66e48e"]["evidence"]["issuer"]["rule"] == "source_line"


def test_card_shows_the_evidence_of_each_field(built_site):
    html = (built_site / "reports" / "001_aad3a219ed66e48e.html").read_text(encoding="utf-8")
    card = html.split('<section class="report-card"', 1)[1].split("</section>", 1)[0]
    shown = dict(re.findall(r'data-evidence="(\w+)" data-rule="(\w+)"', card))
    assert shown == {
        "title": "title_first_line",
        "report_year": "year_in_opening",
        "publish_date": "publish_line",
        "issuer": "source_line",
    }
    assert RULES["year_in_opening"] in card and "“2020年,我镇坚持" in card


def test_card_shows_the_sidecar_not_the_texts_reason_for_a_corrected_value(seeds, tmp_path):
    (seeds / "004_7980e3df0de4e6bc.yml").write_text("issuer: 谢家湾街道办事处\n", encoding="utf-8")
    site = build_site(seeds, tmp_path / "out")
    html = (site / "reports" / "004_7980e3df0de4e6bc.html").read_text(encoding="utf-8")
    assert 'data-evidence="issuer" data-rule="sidecar"' in html
    assert "004_7980e3df0de4e6bc.yml: issuer: 谢家湾街道办事处" in html
    assert RULES["title_body"] not in html, "the text's reason is gone with its value"


def test_data_page_lists_every_rule_with_its_explanation():
    page = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    rows = {
        m["rule"]: m["row"]
        for m in re.finditer(r"^\| `(?P<rule>\w+)` \|(?P<row>.*)$", page, re.MULTILINE)
    }
    for rule, explanation in RULES.items():
        assert rule in rows and explanation in rows[rule], rule
