"""Glossary: the curated file loads, terms are found by characters in the real reports."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.build import convert
from generator.exceptions import ConfigError
from generator.glossary import (
    BOOK_TITLE,
    candidate_terms,
    find_in_document,
    find_terms,
    form_key,
    load_glossary,
    report_phrases,
)

from .conftest import SEEDS


def _ids(text: str) -> list[str]:
    return [hit.term.id for hit in find_terms(text)]


@pytest.fixture(scope="module")
def seed_hits() -> dict[str, list]:
    found = {}
    for path in sorted(SEEDS.glob("*.txt")):
        hits = find_in_document(convert(path).document)
        found[path.name[:3]] = hits
        print(path.name, dict(Counter(hit.term.term for hit in hits).most_common()))
    return found


# --- the file ----------------------------------------------------------------------------


def test_glossary_file_is_valid_and_sized_for_readers():
    terms = load_glossary()
    assert 45 <= len(terms) <= 70
    for term in terms:
        assert term.definition.endswith("。"), term.id
        # Folded YAML lines must not leave spaces inside Chinese sentences.
        assert " " not in term.definition, term.id


@pytest.mark.parametrize(
    "word",
    [
        "枫桥经验",
        "七五普法",
        "八五普法",
        "扫黑除恶专项斗争",
        "最多跑一次",
        "网格化管理",
        "网格员",
        "矛调中心",
        "矛盾纠纷调处化解中心",
        "社区矫正",
        "安置帮教",
        "信访",
        "谁执法谁普法",
        "三重一大",
        "一村(社区)一法律顾问",
        "三源治理",
        "人民调解",
        "行政调解",
        "司法调解",
        "大调解",
        "法律援助",
        "公共法律服务",
        "法律顾问",
        "合法性审查",
        "重大行政决策",
        "规范性文件",
        "行政执法三项制度",
        "行政复议",
        "行政应诉",
        "政务公开",
        "民主法治示范村(社区)",
        "平安建设",
        "综治",
        "诉源治理",
        "警源",
        "访源",
        "第一责任人",
        "法治政府建设",
        "依法行政",
        "四个平台",
        "街乡吹哨、部门报到",
        "三社联动",
        "民转刑",
        "双随机一公开",
        "放管服",
        "营商环境",
        "接诉即办",
        "12345热线",
        "邪教",
        "严重精神障碍患者",
        "肇事肇祸精神病人",
        "刑满释放人员",
        "涉黑涉恶",
        "套路贷",
        "学法用法",
        "述法",
        "法治宣传教育",
    ],
)
def test_expected_jargon_has_an_entry(word):
    hits = find_terms(word)
    assert [(h.start, h.end) for h in hits] == [(0, len(word))]


def test_generic_words_are_not_headwords():
    keys = {form_key(form) for term in load_glossary() for form in term.forms}
    assert not keys & {"法治", "工作", "建设", "治理", "调解", "纠纷", "矛盾"}


# --- the seeds ---------------------------------------------------------------------------


def test_seed_000_street_report_links_its_jargon(seed_hits):
    ids = Counter(hit.term.id for hit in seed_hits["000"])
    for expected in (
        "community-correction",
        "fengqiao-experience",
        "eighth-five-year-plan",
        "at-most-one-visit",
        "mediation-center",
        "four-platforms",
        "whistle-and-report",
        "three-social-linkage",
        "resettlement-assistance",
    ):
        assert ids[expected], expected
    assert ids["community-correction"] >= 5
    written = {hit.written for hit in seed_hits["000"]}
    # The quoted plan name links whole, the long and short names of the centre both link.
    assert {"“八五”普法", "矛调中心", "矛盾纠纷调处化解中心"} <= written


def test_seed_001_town_report_links_sweep_black_and_grid(seed_hits):
    ids = Counter(hit.term.id for hit in seed_hits["001"])
    for expected in (
        "sweep-black",
        "gang-related",
        "routine-loan",
        "grid-worker",
        "grid-management",
        "civil-to-criminal",
        "severe-mental-disorder",
        "seventh-five-year-plan",
        "who-enforces-educates",
        "hotline-12345",
    ):
        assert ids[expected], expected
    written = {hit.written for hit in seed_hits["001"]}
    assert {"扫黑除恶专项斗争", "扫黑除恶", "肇事肇祸精神病人", "12345政府服务热线"} <= written


def test_seed_001_law_cited_by_name_is_not_marked(seed_hits):
    # 《党政主要负责人履行推进法治建设第一责任人职责规定》 is a title, not the duty itself.
    assert not [hit for hit in seed_hits["001"] if hit.term.id == "first-responsible"]


def test_seed_002_legal_adviser_variants_share_one_entry(seed_hits):
    variants = {hit.written for hit in seed_hits["002"] if hit.term.id == "village-legal-adviser"}
    assert {"一社区一法律顾问", "一村(社区)一法律顾问"} <= variants
    ids = Counter(hit.term.id for hit in seed_hits["002"])
    for expected in ("petition", "litigation-related-petition", "legal-aid", "grand-mediation"):
        assert ids[expected], expected


def test_seed_003_three_sources(seed_hits):
    ids = Counter(hit.term.id for hit in seed_hits["003"])
    for expected in (
        "three-sources",
        "police-source",
        "litigation-source-governance",
        "petition-source",
        "one-visit-one-place",
        "first-responsible",
    ):
        assert ids[expected], expected


def test_seed_004_district_street_report(seed_hits):
    ids = Counter(hit.term.id for hit in seed_hits["004"])
    for expected in (
        "three-important-one-large",
        "administrative-litigation",
        "first-responsible",
        "legal-adviser",
        "fengqiao-experience",
        "civil-to-criminal",
    ):
        assert ids[expected], expected
    assert ids["three-important-one-large"] == 2


def test_seed_hits_carry_their_paragraph_span():
    path = next(SEEDS.glob("004_*.txt"))
    document = convert(path).document
    paragraphs = {p.anchor: p.text for p in document.iter_paragraphs()}
    for hit in find_in_document(document):
        assert paragraphs[hit.paragraph][hit.start : hit.end] == hit.written


# --- matching rules ----------------------------------------------------------------------


def test_longest_match_prefers_the_longer_entry():
    assert _ids("人民调解委员会") == ["mediation-committee"]
    assert _ids("开展人民调解工作") == ["people-mediation"]
    assert _ids("推进一社区一法律顾问工作") == ["village-legal-adviser"]
    assert _ids("聘请法律顾问") == ["legal-adviser"]
    hits = find_terms("社区矫正对象24名")
    assert [(h.written, h.term.id) for h in hits] == [("社区矫正对象", "community-correction")]


def test_terms_inside_book_titles_are_not_marked():
    assert find_terms("严格执行《社区矫正法》和《社区矫正管理办法》规定") == []
    text = "贯彻《社区矫正法》，加强社区矫正"
    hits = find_terms(text)
    assert [(h.written, h.start) for h in hits] == [("社区矫正", text.rindex("社区矫正"))]


@pytest.mark.parametrize(
    "text", ["一村(社区)一法律顾问", "一村（社区）一法律顾问", "一村(社区）一法律顾问"]
)
def test_ascii_and_fullwidth_parentheses_match(text):
    hits = find_terms(text)
    assert [(h.term.id, h.written) for h in hits] == [("village-legal-adviser", text)]


def test_parenthesised_headword_matches_both_widths():
    assert _ids("民主法治示范村（社区）") == _ids("民主法治示范村(社区)") == ["democratic-village"]


@pytest.mark.parametrize("text", ["谁执法谁普法", "谁执法、谁普法", "谁执法，谁普法"])
def test_enumeration_comma_in_a_form_is_optional(text):
    assert [h.written for h in find_terms(text)] == [text]


def test_numeral_terms_do_not_match_inside_numbers():
    assert find_terms("成立于一九八五年") == []
    assert find_terms("编号112345热线") == []
    assert [h.written for h in find_terms("做好“八五”普法启动")] == ["“八五”普法"]
    assert _ids("区级“八五”工作规划") == ["eighth-five-year-plan"]


def test_paragraph_anchor_is_passed_through():
    (hit,) = find_terms("坚持发展枫桥经验", "s1-2-p3")
    assert (hit.paragraph, hit.start, hit.end, hit.written) == ("s1-2-p3", 4, 8, "枫桥经验")


# --- validation --------------------------------------------------------------------------


def test_malformed_glossary_lists_every_problem(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text(
        """
- id: good
  term: 枫桥经验
  definition: 一句话。
- id: good
  term: 重复的编号
  definition: 一句话。
- id: Bad_Id
  term: 三重一大
  definition: 一句话。
  colour: red
- id: no-definition
  term: 缺少定义
- id: claims-alias
  term: 另一个词
  aliases: [枫桥经验]
  definition: 一句话。
  see_also: [nowhere]
- id: too-long
  term: 很长的定义
  definition: 一。二。三。四。
""",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_glossary(path)
    message = str(caught.value)
    assert "duplicate id 'good'" in message
    assert "id 'Bad_Id'" in message
    assert "unknown keys ['colour']" in message
    assert "allowed: ['aliases', 'definition', 'id', 'see_also', 'term']" in message
    assert "missing keys ['definition']" in message
    assert "'枫桥经验' is already claimed by 'good'" in message
    assert "unknown id 'nowhere'" in message
    assert "4 sentences" in message
    assert len(message.splitlines()) == 7


def test_alias_collision_ignores_parenthesis_width(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text(
        "- {id: a, term: 一村(社区)一法律顾问, definition: 甲。}\n"
        "- {id: b, term: 乙方, aliases: [一村（社区）一法律顾问], definition: 乙。}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="already claimed by 'a'"):
        load_glossary(path)


def test_malformed_yaml_names_the_line(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text("- id: a\n  term: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"glossary\.yml:\d+:\d+: malformed YAML"):
        load_glossary(path)


# --- candidates --------------------------------------------------------------------------


def test_candidate_terms_counts_reports_not_occurrences():
    texts = {
        "a": ["推进“红色物业”建设，落实“三重一大”，完成四大任务。", "再谈“红色物业”。"],
        "b": ["“红色物业”全覆盖，紧扣四大任务。"],
        "c": ["“红色物业”试点。", "印发《关于“绿色通道”的通知》。"],
        "d": ["开辟“绿色通道”。"],
    }
    assert candidate_terms(texts) == [("红色物业", 3), ("四大任务", 2)]
    assert candidate_terms(texts, min_reports=1) == [
        ("红色物业", 3),
        ("四大任务", 2),
        ("绿色通道", 1),
    ]


def test_candidate_terms_skip_glossary_forms_and_their_pieces():
    texts = {
        "a": ["坚持“枫桥经验”，推进一村一法律顾问，“一社一阵地”，“三无”"],
        "b": ["发展“枫桥经验”，落实一村一法律顾问，“一社一阵地”，“三无”"],
    }
    # 一村一法 is a piece of a glossary term, 一社一阵 a piece of a quoted phrase.
    assert candidate_terms(texts) == [("一社一阵地", 2), ("三无", 2)]


def test_candidate_terms_numbered_slogans_need_not_be_quoted():
    texts = {"a": ["落实三改一拆和四个台账"], "b": ["推进三改一拆，建立四个台账"]}
    assert candidate_terms(texts) == [("三改一拆", 2), ("四个台账", 2)]
    # Numbers are not slogans: 十九届二中 is a count of sessions.
    assert candidate_terms({"a": ["十九届二中全会"], "b": ["十九届二中全会"]}) == []


def test_candidate_terms_empty_input():
    assert candidate_terms({}) == []
    assert candidate_terms({"a": []}) == []


def test_report_phrases_are_those_of_each_paragraph_apart():
    # The paragraphs are searched joined by line breaks; a title left open in one paragraph
    # must not swallow the next one's phrases up to a 》 further on.
    texts = ["印发《关于“红色物业”", "推进“绿色通道”建设》和“三无”小区。", "落实四大任务"]
    assert report_phrases(texts) == {"红色物业", "绿色通道", "三无", "四大任务"}
    assert report_phrases(["《“红色物业”建设方案》"]) == set()


def test_candidate_terms_count_phrases_computed_beforehand():
    texts = {"a": ["推进“红色物业”建设，完成四大任务。"], "b": ["“红色物业”全覆盖，紧扣四大任务。"]}
    found = {report: report_phrases(paragraphs) for report, paragraphs in texts.items()}
    assert candidate_terms(texts, phrases=found) == candidate_terms(texts)
    # With the phrases given, the texts are not read again.
    assert candidate_terms({"a": [], "b": []}, phrases=found) == candidate_terms(texts)


# --- properties --------------------------------------------------------------------------

_GLOSSARY_CHARS = "".join(
    sorted({char for term in load_glossary() for form in term.forms for char in form})
)
_TEXT = st.text(
    alphabet=st.sampled_from(_GLOSSARY_CHARS + '《》“”"()（）、，。一九八五 abc0123'),
    max_size=200,
)
_FORMS = st.sampled_from([form for term in load_glossary() for form in term.forms])


@given(st.one_of(_TEXT, st.lists(st.one_of(_FORMS, _TEXT), max_size=12).map("".join)))
def test_find_terms_hits_are_sorted_disjoint_and_inside_the_text(text):
    hits = find_terms(text, "p")
    titles = [m.span() for m in BOOK_TITLE.finditer(text)]
    previous_end = 0
    for hit in hits:
        assert previous_end <= hit.start < hit.end <= len(text)
        assert text[hit.start : hit.end] == hit.written
        assert form_key(hit.written) in {form_key(f) for f in hit.term.forms}
        assert not any(s <= hit.start and hit.end <= e for s, e in titles)
        previous_end = hit.end
