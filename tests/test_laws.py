"""Cited laws: every 《…》 of the seeds, normalisation, the rules, and the curated list."""

from __future__ import annotations

import re
import zlib
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.exceptions import ConfigError
from generator.laws import (
    KIND_LABELS,
    LAW_KINDS,
    MAX_TITLE,
    Law,
    classify_title,
    find_citations,
    load_laws,
    looks_like_title,
    normalize_title,
    resolve,
)
from generator.normalize import normalize
from generator.sources import read_source
from generator.structure import Document, structure

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
LOCAL = "local-document"


@cache
def seed(prefix: str) -> Document:
    """The Simplified document of a seed, built by the same stages as ``build.convert``."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return structure(normalize(read_source(path).text))


def cited(prefix: str) -> list[tuple[str, str, str | None]]:
    """``(written, kind, curated id or None)`` of each citation, in reading order."""
    return [
        (c.written, c.law.kind, c.law.id if c.law.curated else None)
        for c in find_citations(seed(prefix))
    ]


def doc_of(text: str) -> Document:
    return structure(normalize(text))


# --- the five seeds ------------------------------------------------------------------------


def test_every_book_title_of_each_seed_is_cited():
    for prefix in ("000", "001", "002", "003", "004"):
        doc = seed(prefix)
        texts = [p.text for p in doc.iter_paragraphs()] + [s.title for s in doc.iter_sections()]
        assert len(find_citations(doc)) == sum(t.count("《") for t in texts) > 0


def test_seed_000_national_laws_and_a_zhejiang_regulation_among_zhenhai_plans():
    assert cited("000") == [
        ("2020年法治镇海建设工作要点", LOCAL, None),
        ("2020年法治镇海建设重点工作任务清单", LOCAL, None),
        ("2020年法治XX(法治政府)建设考核评价细则责任分解", LOCAL, None),
        ("民法典", "law", "civil-code"),
        ("浙江省民营企业发展促进条例", "regulation", None),
        ("社区矫正法", "law", "community-corrections-law"),
        ("民法典", "law", "civil-code"),
        ("宪法", "law", "constitution"),
        ("民法典", "law", "civil-code"),
    ]


def test_seed_001_central_party_rule_and_township_plans():
    assert cited("001") == [
        (
            "党政主要负责人履行推进法治建设第一责任人职责规定",
            "party-document",
            "rule-of-law-first-responsibility-provisions",
        ),
        ("李堡镇2020年度社会治安综合治理工作要点", LOCAL, None),
        ("李堡镇2020年度法治建设工作要点", LOCAL, None),
        ("南通市法治政府建设实施方案", LOCAL, None),
    ]


def test_seed_002_own_rules_are_local_and_the_petition_regulation_is_national():
    assert cited("002") == [
        ("党工委议事规则", LOCAL, None),
        ("重大问题议事记录规范", LOCAL, None),
        # No law has this title; it ends in 法, so it is a national law cited by a short name
        # (安全生产法 or 国家安全法, the report does not say which): derived, not guessed.
        ("安全法", "law", None),
        ("矫正人员考核及分类管理规定", LOCAL, None),
        ("信访条例", "regulation", "petition-regulations"),
    ]


def test_seed_003_district_rule_is_a_local_document():
    assert cited("003") == [
        ("余杭街道2020年法治街道(依法行政、法治余杭)建设要点及任务分解", LOCAL, None),
        ("杭州市余杭区行政决策程序规定", LOCAL, None),
    ]


def test_seed_004_state_council_regulation_law_and_street_plans():
    assert cited("004") == [
        ("2021年重庆市九龙坡区法治政府建设工作要点", LOCAL, None),
        ("2021年谢家湾街道干部教育培训方案", LOCAL, None),
        ("谢家湾全面依法治街2021年工作方案", LOCAL, None),
        ("谢家湾街道法治社会建设实施方案(2021年—2025年)", LOCAL, None),
        ("谢家湾街道法治宣传教育的第八个五年规划(2021-2025年)", LOCAL, None),
        ("谢家湾街道走访服务企业长效方案", LOCAL, None),
        ("重大行政决策程序暂行条例", "regulation", "major-decision-procedure-regulations"),
        ("社区矫正法", "law", "community-corrections-law"),
        # Not curated: no national rule of this title could be verified (the national ones
        # are 社区矫正实施办法, 2012, and 社区矫正法实施办法, 2020), so the rule for an
        # unmarked 办法 applies.
        ("社区矫正管理办法", LOCAL, None),
    ]


def test_a_law_cited_by_two_reports_has_one_id():
    laws_000 = {c.law for c in find_citations(seed("000"))}
    laws_004 = {c.law for c in find_citations(seed("004"))}
    (shared,) = laws_000 & laws_004
    assert shared == Law(
        "community-corrections-law", "中华人民共和国社区矫正法", "社区矫正法", "law", True
    )


def test_seed_citations_carry_anchor_span_and_sentence():
    doc = seed("004")
    paragraphs = {p.anchor: p.text for p in doc.iter_paragraphs()}
    citation = next(c for c in find_citations(doc) if c.written == "重大行政决策程序暂行条例")
    text = paragraphs[citation.paragraph]
    assert text[citation.start : citation.end] == "《重大行政决策程序暂行条例》"
    assert citation.context.startswith("严格落实《重大行政决策程序暂行条例》")
    assert citation.context.endswith("。")
    assert citation.context in text


# --- normalisation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variant", "law_id"),
    [
        ("中华人民共和国民法典", "civil-code"),
        ("民法典", "civil-code"),
        (" 民法典 ", "civil-code"),
        ("《民法典》", "civil-code"),
        ("中华人民共和国宪法", "constitution"),
        ("宪法", "constitution"),
        ("政府信息公开条例", "government-information-disclosure-regulations"),
        ("中华人民共和国社区矫正法实施办法", "community-corrections-law-implementing-measures"),
        ("社区矫正法实施办法", "community-corrections-law-implementing-measures"),
        ("关于全面推进依法治国若干重大问题的决定", "rule-of-law-decision-2014"),
    ],
)
def test_variants_of_a_curated_title_share_its_id(variant, law_id):
    law = resolve(variant)
    assert (law.id, law.curated) == (law_id, True)


@pytest.mark.parametrize(
    ("written", "law_id"),
    [
        ("中华人民共和国行政处罚法(2021年修订)", "administrative-penalty-law"),
        ("行政处罚法（2021修订）", "administrative-penalty-law"),
        ("安全生产法(2021年修正)", "work-safety-law"),
        ("民法典(2020年)", "civil-code"),
        ("中国共产党支部工作条例(试行)", "party-branch-regulations"),
        ("中国共产党支部工作条例", "party-branch-regulations"),
        ("法治政府建设实施纲要(2021-2025年)", "rule-of-law-government-outline-2021"),
        ("法治政府建设实施纲要（2021年—2025年）", "rule-of-law-government-outline-2021"),
        ("法治政府建设实施纲要(2015—2020年)", "rule-of-law-government-outline-2015"),
    ],
)
def test_edition_notes_and_period_spellings_are_ignored_for_matching(written, law_id):
    assert resolve(written).id == law_id


def test_periods_and_bare_years_keep_derived_documents_apart():
    assert resolve("法治政府建设实施纲要").id not in {
        resolve("法治政府建设实施纲要(2021-2025年)").id,
        resolve("法治政府建设实施纲要(2015-2020年)").id,
    }
    assert resolve("法治建设工作要点(2020年)").id != resolve("法治建设工作要点(2021年)").id


def test_written_keeps_the_reports_spelling():
    (citation,) = find_citations(doc_of("全面贯彻《中华人民共和国民法典（2020年）》。"))
    assert citation.written == "中华人民共和国民法典（2020年）"
    assert citation.law.title == "中华人民共和国民法典"


def test_normalised_key():
    assert normalize_title(" 《中华人民共和国 行政复议法（２０２３年修订）》 ") == "行政复议法"
    assert normalize_title("中华人民共和国") == "中华人民共和国"
    assert normalize_title("(试行)") == "(试行)"


# --- derived laws and the rules ------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("2021年谢家湾街道干部教育培训方案", LOCAL),
        ("2020年法治镇海建设工作要点", LOCAL),
        ("党工委议事规则", LOCAL),
        ("余杭街道2020年法治街道(依法行政、法治余杭)建设要点及任务分解", LOCAL),
        ("中共宁波市镇海区委关于加强法治建设的意见", LOCAL),
        ("某某社区居委会工作制度", LOCAL),
        ("浙江省民营企业发展促进条例", "regulation"),
        ("温州市民营经济促进条例", "regulation"),
        ("浙江省行政程序办法", LOCAL),
        ("城镇燃气管理条例", "regulation"),
        ("行政区划管理条例", "regulation"),
        ("土地管理法实施条例", "regulation"),
        ("专利法实施细则", "regulation"),
        ("安全法", "law"),
        ("刑法修正案(十一)", "law"),
        ("中华人民共和国刑法修正案（十一）", "law"),
        ("全国人民代表大会常务委员会关于全面禁止非法野生动物交易的决定", "law"),
        ("城乡社区服务体系建设规划", "plan"),
        ("法治政府建设实施纲要", "plan"),
        ("中央宣传部、司法部关于开展法治宣传教育的第九个五年规划", "plan"),
        ("中共中央办公厅 国务院办公厅关于加强某项工作的意见", "party-document"),
        ("党支部关于加强学习的决定", "party-document"),
        ("国务院办公厅关于印发某方案的通知", "government-document"),
        ("司法部关于进一步加强某项工作的通知", "government-document"),
        ("最高人民法院关于适用某法的若干规定", "regulation"),
        ("关于加强社区矫正工作的意见", "government-document"),
        ("新时代文明实践中心建设方案", "government-document"),
        # Not laws although they end in 法; not plans although they end in 纲要.
        ("“枫桥经验”工作法", LOCAL),
        ("谁执法谁普法", LOCAL),
        ("习近平法治思想学习纲要", LOCAL),
    ],
)
def test_rules_classify_uncurated_titles(title, kind):
    law = resolve(title)
    assert (law.kind, law.curated) == (kind, False)


def test_derived_ids_are_stable_slugs_of_the_normalised_title():
    law = resolve("《浙江省民营企业发展促进条例》")
    key = "浙江省民营企业发展促进条例"
    assert law == Law(f"doc-{zlib.crc32(key.encode()):08x}", key, key, "regulation", False)
    # Pinned: a changed id breaks published URLs.
    assert law.id == "doc-5591e684"
    assert resolve("刑法修正案(十一)").id == resolve("中华人民共和国刑法修正案（十一）").id


def test_curated_titles_the_rules_would_get_wrong_are_the_reason_for_the_list():
    # Joint rules and central documents named like local rules or State Council opinions.
    assert classify_title("法治政府建设与责任落实督察工作规定") == LOCAL
    assert resolve("法治政府建设与责任落实督察工作规定").kind == "party-document"
    assert classify_title("信访工作条例") == "regulation"
    assert resolve("信访工作条例").kind == "party-document"
    assert resolve("信访条例").id != resolve("信访工作条例").id


# --- what is not a title, spans and context ----------------------------------------------


def test_book_titles_that_are_not_documents_are_not_cited():
    long_title = "法" * (MAX_TITLE + 1)
    text = f"阅读《1984》和《XXX》以及《{long_title}》,学习《民法典》。"
    (citation,) = find_citations(doc_of(text))
    assert citation.written == "民法典"
    assert not looks_like_title("1984")
    assert resolve("1984").kind in LAW_KINDS  # resolve itself stays total


def test_an_unclosed_title_running_into_the_next_sentence_is_not_cited():
    assert find_citations(doc_of("学习《民法典。宣传宪法》等内容。")) == []


def test_nested_titles_yield_the_inner_one():
    text = "印发《关于学习《民法典》的通知》。"
    (citation,) = find_citations(doc_of(text))
    assert citation.law.id == "civil-code"
    paragraph = next(doc_of(text).iter_paragraphs())
    assert paragraph.text[citation.start : citation.end] == "《民法典》"


def test_headings_are_cited_with_the_section_anchor_in_reading_order():
    doc = doc_of("前言《宪法》。\n一、学习《民法典》情况\n组织学习《社区矫正法》。")
    citations = find_citations(doc)
    assert [(c.written, c.paragraph) for c in citations] == [
        ("宪法", "s0-p1"),
        ("民法典", "s1"),
        ("社区矫正法", "s1-p1"),
    ]
    (section,) = doc.sections
    heading = citations[1]
    assert section.title[heading.start : heading.end] == "《民法典》"


def test_context_is_the_sentence_around_the_title():
    doc = doc_of("第一句话。第二句学习《民法典》和《宪法》；第三句！")
    first, second = find_citations(doc)
    assert first.context == second.context == "第二句学习《民法典》和《宪法》；"


def test_spans_in_every_seed_are_book_titles():
    for prefix in ("000", "001", "002", "003", "004"):
        doc = seed(prefix)
        texts = {p.anchor: p.text for p in doc.iter_paragraphs()}
        texts |= {s.anchor: s.title for s in doc.iter_sections()}
        for c in find_citations(doc):
            span = texts[c.paragraph][c.start : c.end]
            assert span == f"《{c.written}》"
            assert c.context in texts[c.paragraph]


_PIECES = st.one_of(
    st.sampled_from(
        ["《", "》", "。", "；", "！", "？", "民法典", "中华人民共和国", "(试行)", "\n"]
    ),
    st.sampled_from(["一、", "(二)", "3.", "2020年", "条例", "办法", "街道", "法", " "]),
    st.text(max_size=8),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_find_citations_never_raises_and_spans_lie_in_the_text(text):
    doc = doc_of(text)
    texts = {p.anchor: p.text for p in doc.iter_paragraphs()}
    texts |= {s.anchor: s.title for s in doc.iter_sections()}
    for c in find_citations(doc):
        owner = texts[c.paragraph]
        assert 0 <= c.start < c.end <= len(owner)
        span = owner[c.start : c.end]
        assert span.startswith("《") and span.endswith("》")
        assert span[1:-1] == c.written
        assert c.law.kind in LAW_KINDS
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", c.law.id)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_resolve_is_total_and_deterministic(title):
    law = resolve(title)
    assert law.kind in LAW_KINDS
    assert resolve(title) == law


# --- the curated list ----------------------------------------------------------------------


def test_curated_list_is_valid_and_every_title_resolves_to_itself():
    laws = load_laws()
    assert 40 <= len(laws) <= 80
    assert len({law.id for law in laws}) == len(laws)
    assert {law.kind for law in laws} <= set(LAW_KINDS)
    for law in laws:
        assert resolve(law.title) is law
        assert not law.id.startswith("doc-")
    assert set(KIND_LABELS) == set(LAW_KINDS)


def test_malformed_laws_file_lists_every_problem(tmp_path):
    path = tmp_path / "laws.yml"
    path.write_text(
        """
- id: civil-code
  title: 中华人民共和国民法典
  short: 民法典
  kind: law
  source: npc.gov.cn
- id: civil-code
  title: 民法典
  short: 民法典
  kind: law
- id: Bad_Id
  title: 宪法
  short: 宪法
  kind: statute
- id: doc-1234abcd
  title: 《刑法》
  short: 刑法
  kind: law
  aliases: [中华人民共和国宪法]
- id: no-title
  short: 无
  kind: law
- just a string
""",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as raised:
        load_laws(path)
    message = str(raised.value)
    expected = [
        ":2: law 1 (civil-code): unknown keys ['source'] (allowed: ",
        ":7: law 2 (civil-code): duplicate id 'civil-code'",
        ":7: law 2 (civil-code): '民法典' is already the title or an alias of 'civil-code'",
        ":11: law 3 (Bad_Id): id 'Bad_Id' must be lowercase",
        ":11: law 3 (Bad_Id): unknown kind 'statute'",
        ":15: law 4 (doc-1234abcd): id 'doc-1234abcd' must not start with 'doc-'",
        ":15: law 4 (doc-1234abcd): title '《刑法》' must be written without 《》",
        ":15: law 4 (doc-1234abcd): '中华人民共和国宪法' is already the title or an alias of"
        " 'Bad_Id'",
        ":20: law 5 (no-title): missing keys ['title']",
        ":23: law 6: expected a mapping",
    ]
    for line in expected:
        assert line in message
    assert len(message.splitlines()) == len(expected)


def test_alias_clashing_with_another_title_is_reported(tmp_path):
    path = tmp_path / "laws.yml"
    path.write_text(
        "- {id: a, title: 宪法, short: 宪法, kind: law}\n"
        "- {id: b, title: 刑法, short: 刑法, kind: law,\n"
        "   aliases: [中华人民共和国宪法, 刑法(试行)]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as raised:
        load_laws(path)
    assert str(raised.value).splitlines() == [
        f"{path}:2: law 2 (b): '中华人民共和国宪法' is already the title or an alias of 'a'",
        f"{path}:2: law 2 (b): alias '刑法(试行)' repeats its title after normalisation",
    ]


def test_unreadable_or_broken_yaml_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_laws(tmp_path / "missing.yml")
    broken = tmp_path / "broken.yml"
    broken.write_text("- id: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken\.yml:\d+:\d+: malformed YAML"):
        load_laws(broken)
