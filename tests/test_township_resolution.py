"""Townships named without their county: how generator.places still places them (issue 11).

Every text here is invented; the place names are real gazetteer rows chosen for their shape
(unique, several namesakes, under a city without counties, built on an ordinary word).
"""

from __future__ import annotations

import pytest

from generator import places
from generator.places import Locality, locate


def where(loc: Locality) -> tuple[str | None, ...]:
    return (loc.province, loc.city, loc.county, loc.township)


def names(code: str) -> list[str]:
    return [places.division(c).name for c in places.division(code).chain]


# --- one township of that name in the whole gazetteer ----------------------------------------


def test_unique_township_in_a_title_is_placed_though_its_name_is_an_ordinary_word():
    # 长寿 is a word (long life), but 长寿街道 heading the title names the author, and the
    # gazetteer has one: 河北省石家庄市新乐市.
    title = "长寿街道2023年度法治政府建设工作报告"
    loc = locate(f"{title}\n一年来，街道党工委坚持依法行政。", [title])
    assert where(loc) == ("河北省", "石家庄市", "新乐市", "长寿街道")
    assert loc.code == "130184001"
    assert loc.alternatives == ()
    assert title in loc.evidence


def test_unique_ordinary_word_township_before_its_office_in_the_body_counts():
    loc = locate("一年来，长寿街道党工委坚持依法行政。")
    assert (loc.county, loc.township) == ("新乐市", "长寿街道")
    assert locate("祝愿大家健康长寿街道整洁。").township is None


def test_issuer_that_is_the_township_name_alone_counts():
    loc = locate("本年度街道持续推进依法行政。", ["长寿街道"])
    assert (loc.county, loc.township) == ("新乐市", "长寿街道")


# --- short and colloquial forms --------------------------------------------------------------


def test_office_form_before_its_party_committee_stands_for_the_jiedao():
    # 五桂山街 is how the office calls itself; 五桂山街道 is the gazetteer's name.
    loc = locate("过去一年，五桂山街党工委、办事处坚持依法决策，规范执法行为。")
    assert loc.township == "五桂山街道"
    assert loc.code == "442000006"
    assert "五桂山街党工委" in loc.evidence


def test_office_form_heading_the_title_with_namesakes_keeps_the_alternatives():
    title = "和苑街2022年法治政府建设情况报告"
    loc = locate(f"{title}\n和苑街坚持依法行政。", [title])
    assert where(loc) == (None, None, None, "和苑街道")
    assert loc.alternatives == ("120106012", "230606012")


@pytest.mark.parametrize(
    "text",
    [
        "沿着五桂山街一路向北，道路两旁商铺林立。",  # a street, no office after it
        "五桂山街道路改造工程完工。",  # 街道路: the road works, not the office form
    ],
)
def test_street_name_in_running_text_is_not_the_office(text):
    assert locate(text).township is None


def test_stem_alone_names_a_township_of_the_county_the_text_names():
    text = "根据《灵寿县法治政府建设实施方案》，全力打造法治慈峪，慈峪辖区矛盾纠纷化解率明显提高。"
    loc = locate(text)
    assert where(loc) == ("河北省", "石家庄市", "灵寿县", "慈峪镇")
    assert "全力打造法治慈峪" in loc.evidence


def test_stem_alone_without_its_county_is_nothing():
    assert locate("全力打造法治慈峪，慈峪辖区矛盾纠纷化解率明显提高。").township is None


# --- the county, city or province named elsewhere decides ------------------------------------


def test_county_named_only_in_a_document_title_decides_between_namesakes():
    # 和苑街道 is in 天津市红桥区 and in 黑龙江省大庆市大同区.
    title = "和苑街道2022年法治政府建设年度报告"
    body = f"{title}\n街道认真落实《红桥区法治政府建设实施方案》，推进依法行政。"
    loc = locate(body, [title])
    assert where(loc) == ("天津市", "天津市", "红桥区", "和苑街道")
    assert loc.alternatives == ()
    assert "《红桥区法治政府建设实施方案》" in loc.evidence


def test_county_named_in_passing_in_the_body_decides_for_a_body_only_township():
    # No title and no issuer: 新街口街道 names its own office in the body, and the other
    # place the text names (西城区, in passing) fits one of the two namesakes.
    text = "新街口街道办事处坚持依法行政。街道及时宣传西城区营商环境新政策。"
    loc = locate(text)
    assert where(loc) == ("北京市", "北京市", "西城区", "新街口街道")


def test_county_code_in_an_index_number_decides_between_namesakes():
    title = "新街口街道2022年法治政府建设年度报告"
    text = f"索引号：XC320102-05/2023-00031\n{title}\n街道坚持依法行政。"
    loc = locate(text, [title])
    assert where(loc) == ("江苏省", "南京市", "玄武区", "新街口街道")
    assert any("320102" in clause for clause in loc.evidence)


def test_namesakes_in_one_municipality_give_the_shared_levels():
    # Both 八里庄街道 are in 北京市 (朝阳区 and 海淀区): the province and city are known.
    loc = locate("街道坚持依法行政。", ["八里庄街道"])
    assert where(loc) == ("北京市", "北京市", None, "八里庄街道")
    assert loc.code == "11"
    assert loc.alternatives == ("110105015", "110108005")


# --- nothing decides ------------------------------------------------------------------------


def test_ambiguous_township_lists_alternatives_and_sets_no_higher_level():
    title = "东四街道2021年法治政府建设情况报告"
    loc = locate(f"{title}\n在区委、区政府领导下，街道依法履职。", [title])
    assert where(loc) == (None, None, None, "东四街道")
    assert loc.code is None
    assert loc.alternatives == ("110101006", "210381004")
    assert [names(c)[0] for c in loc.alternatives] == ["北京市", "辽宁省"]
    assert loc.evidence == (title,)


def test_ambiguous_township_only_in_the_body_is_not_the_report_s():
    # Without an author string naming it, a namesake township is as likely a visitor.
    assert locate("东四街道代表团来我街道交流。").township is None


# --- a city without counties ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "code"),
    [
        (
            "中共儋州市委：那大镇人民政府坚持依法行政。",
            ("海南省", "儋州市", None, "那大镇"),
            "460400100",
        ),
        ("石岐街道办事处坚持依法行政。", ("广东省", "中山市", None, "石岐街道"), "442000001"),
        ("东莞市人民政府", ("广东省", "东莞市", None, None), "4419"),
    ],
)
def test_township_of_a_city_without_counties_sits_under_the_city(text, expected, code):
    loc = locate(text)
    assert (where(loc), loc.code) == (expected, code)


# --- names the gazetteer does not list ------------------------------------------------------


def test_township_the_gazetteer_lacks_is_given_as_written():
    title = "青禾街道办事处2024年法治政府建设年度报告"
    loc = locate(f"{title}\n街道坚持依法行政。", [title])
    assert where(loc) == (None, None, None, "青禾街道")
    assert (loc.code, loc.alternatives) == (None, ())


@pytest.mark.parametrize(
    "priority",
    [["2024年青禾镇法治政府建设情况报告"], ["中共青禾镇委员会"], ["青禾镇人民政府"]],
)
def test_township_the_gazetteer_lacks_after_a_year_or_party_prefix(priority):
    assert locate("镇党委坚持依法行政。", priority).township == "青禾镇"


def test_township_the_gazetteer_lacks_goes_under_the_county_its_author_names():
    loc = locate("镇党委坚持依法行政。", ["灵寿县青禾镇人民政府"])
    assert where(loc) == ("河北省", "石家庄市", "灵寿县", "青禾镇")
    assert loc.code == "130126"


def test_namesakes_all_elsewhere_than_the_author_s_county_give_way_to_it():
    # The author strings name 灵寿县; neither 东四街道 is there (the gazetteer may lag a
    # renaming), so the name stands under the county the author gives.
    title = "东四街道2021年法治政府建设情况报告"
    loc = locate(f"{title}\n街道依法履职。", [title, "灵寿县人民政府"])
    assert where(loc) == ("河北省", "石家庄市", "灵寿县", "东四街道")
    assert (loc.code, loc.alternatives) == ("130126", ())


def test_old_name_in_a_panel_takes_the_renamed_form_the_text_gives():
    # The page's panel still says 南牛乡; the gazetteer and the text say 南牛镇.
    loc = locate("南牛镇人民政府坚持依法行政。", ["南牛乡"])
    assert where(loc) == ("河北省", "石家庄市", "正定县", "南牛镇")


# --- ordinary words that happen to be township names ----------------------------------------


@pytest.mark.parametrize(
    ("text", "priority"),
    [
        ("全县推进中心镇建设。", ["关于推进中心镇建设的情况报告"]),
        ("加快新城镇化步伐。", ["新城镇化建设工作总结"]),
        ("和平街道路面全部硬化。", []),
        ("深化法治乡村建设。", ["法治乡村建设工作总结"]),
        ("推进美丽乡镇建设。", ["美丽乡镇2022年工作总结"]),
        ("全县各乡镇街道依法履职。", ["全县各乡镇街道2022年法治工作总结"]),
        ("深入开展依法治镇。", ["依法治镇2022年工作总结"]),
        ("培育特色小镇。", ["特色小镇2023年建设情况"]),
        ("深化平安创建。", ["和谐街道2022年创建工作总结"]),  # 和谐街道 is one real 街道
    ],
)
def test_ordinary_word_that_is_a_township_name_is_not_taken(text, priority):
    loc = locate(text, priority)
    assert loc.township is None
    assert loc.alternatives == ()


def test_slogan_township_with_its_office_is_the_author():
    loc = locate("街道党工委坚持依法行政。", ["和谐街道办事处"])
    assert loc.township == "和谐街道"
    assert loc.code is not None


def test_ordinary_word_township_heading_the_title_is_the_author():
    # The same word standing as the author's name is a place, even with many namesakes.
    title = "中心镇2022年法治政府建设工作报告"
    loc = locate(f"{title}\n镇党委坚持依法行政。", [title])
    assert loc.township == "中心镇"
    assert len(loc.alternatives) == len(places.lookup("中心镇"))


def test_alternatives_read_as_addresses():
    loc = locate("街道依法履职。", ["东四街道"])
    assert [places.full_name(c) for c in loc.alternatives] == [
        "北京市东城区东四街道",
        "辽宁省鞍山市海城市东四街道",
    ]
    assert places.full_name("999999") is None


# --- published --------------------------------------------------------------------------------


def _front_matter(tmp_path, text: str, sidecar: str | None = None) -> dict:
    from generator.build import convert
    from generator.schema import validate

    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    if sidecar is not None:
        (tmp_path / "report.yml").write_text(sidecar, encoding="utf-8")
    fm = convert(path).front_matter()
    assert validate(fm) == []
    return fm


SHARED = "八里庄街道2022年法治政府建设工作报告\n2022年，八里庄街道坚持依法行政，办结案件3件。\n"


def test_front_matter_lists_the_namesakes_of_an_undecided_township(tmp_path):
    fm = _front_matter(tmp_path, SHARED)
    assert fm["township"] == "八里庄街道"
    assert fm["county"] is None
    places_listed = [a["place"] for a in fm["township_alternatives"]]
    assert len(places_listed) >= 2
    assert all(p.endswith("八里庄街道") for p in places_listed)


def test_a_decided_township_lists_no_namesakes(tmp_path):
    fm = _front_matter(tmp_path, SHARED.replace("2022年，八里", "2022年，北京市朝阳区八里"))
    assert fm["county"] == "朝阳区"
    assert fm["township_alternatives"] == []


def test_an_editor_choosing_the_county_settles_the_namesakes(tmp_path):
    fm = _front_matter(tmp_path, SHARED, sidecar="county: 海淀区\n")
    assert fm["township_alternatives"] == []
    assert fm["division_code"].startswith("110108")


def test_schema_refuses_an_alternative_that_is_not_a_gazetteer_place():
    from generator.schema import check_value

    assert check_value("township_alternatives", [{"code": "999999999", "place": "某处"}])
    assert check_value("township_alternatives", ["北京市朝阳区八里庄街道"])
    assert not check_value(
        "township_alternatives", [{"code": "110105015", "place": "北京市朝阳区八里庄街道"}]
    )


def test_weak_county_name_placed_by_its_province_named_in_short():
    text = "在区委的领导下，西市区法治建设工作稳步推进。全面落实总书记在辽宁考察时的讲话精神。"
    place = locate(text)
    assert (place.province, place.city, place.county) == ("辽宁省", "营口市", "西市区")
