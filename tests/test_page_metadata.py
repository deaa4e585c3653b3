"""What a saved web page says about the document (its meta tags, title bar and publication
line) reconciled with what the text says, each value with the evidence that decided it."""

from __future__ import annotations

from datetime import date

from generator.metadata import extract_metadata
from generator.normalize import normalize
from generator.received import PageMeta
from generator.structure import structure

BODY = (
    "2020年，城关镇坚持依法行政，全年调解矛盾纠纷45件。\n"
    "一、主要工作\n"
    "开展普法宣传活动12场，发放资料3000份。\n"
)
TITLED = "城关镇2020年法治政府建设工作报告\n" + BODY


def _metadata(text: str, page: PageMeta | None = None):
    normalized = normalize(text)
    return extract_metadata(structure(normalized), normalized, page)


def test_text_without_a_title_line_takes_the_article_title_meta():
    page = PageMeta(article_title="城关镇2020年法治政府建设工作报告")
    meta = _metadata(BODY, page)
    assert meta.title == "城关镇2020年法治政府建设工作报告"
    assert meta.title_derived is False
    assert meta.evidence["title"].rule == "page_meta_title"
    assert meta.evidence["title"].phrase == "ArticleTitle: 城关镇2020年法治政府建设工作报告"


def test_traditional_article_title_is_published_in_simplified():
    page = PageMeta(article_title="城關鎮2020年法治政府建設工作報告")
    assert _metadata(BODY, page).title == "城关镇2020年法治政府建设工作报告"


def test_title_bar_gives_the_title_without_the_site_name():
    page = PageMeta(html_title="城关镇2020年法治政府建设工作报告_某某县人民政府网站")
    meta = _metadata(BODY, page)
    assert meta.title == "城关镇2020年法治政府建设工作报告"
    assert meta.evidence["title"].rule == "page_html_title"


def test_the_documents_own_title_line_wins_over_the_page_title():
    page = PageMeta(article_title="政务公开-工作报告")
    meta = _metadata(TITLED, page)
    assert meta.title == "城关镇2020年法治政府建设工作报告"
    assert meta.evidence["title"].rule != "page_meta_title"


def test_pubdate_meta_gives_the_publish_date_and_the_year_follows_it():
    page = PageMeta(
        publish_date="2021-03-30", publish_phrase="PubDate: 2021-03-30 09:18", publish_from="meta"
    )
    meta = _metadata("城关镇法治政府建设工作报告\n城关镇坚持依法行政，调解纠纷45件。\n", page)
    assert meta.publish_date == date(2021, 3, 30)
    assert meta.evidence["publish_date"].rule == "page_meta_date"
    assert meta.evidence["publish_date"].phrase == "PubDate: 2021-03-30 09:18"
    # Published January to April: the report covers the year before.
    assert meta.report_year == 2020
    assert meta.evidence["report_year"].rule == "year_from_publish_date"


def test_pubdate_meta_wins_over_the_publication_line_in_the_text():
    text = "城关镇2020年法治政府建设工作报告\n发布时间：2021-03-29 来源：城关镇\n" + BODY
    page = PageMeta(
        publish_date="2021-03-31", publish_phrase="PubDate: 2021-03-31", publish_from="meta"
    )
    assert _metadata(text).publish_date == date(2021, 3, 29)
    assert _metadata(text, page).publish_date == date(2021, 3, 31)


def test_publication_line_of_the_page_counts_only_where_the_text_has_none():
    line = PageMeta(
        publish_date="2021-04-02", publish_phrase="发布日期：2021-04-02", publish_from="line"
    )
    meta = _metadata(TITLED, line)
    assert meta.publish_date == date(2021, 4, 2)
    assert meta.evidence["publish_date"].rule == "publish_line"
    text = "城关镇2020年法治政府建设工作报告\n发布时间：2021-03-29\n" + BODY
    assert _metadata(text, line).publish_date == date(2021, 3, 29)


def test_content_source_meta_names_the_issuer_with_its_evidence():
    page = PageMeta(source="城关镇人民政府", source_phrase="ContentSource: 城关镇人民政府")
    meta = _metadata(TITLED, page)
    assert meta.issuer == "城关镇人民政府"
    assert meta.evidence["issuer"].rule == "page_meta_source"
    assert meta.evidence["issuer"].phrase == "ContentSource: 城关镇人民政府"


def test_signature_in_the_text_outranks_the_content_source():
    text = TITLED + "城关镇人民政府办公室\n2021年3月1日\n"
    page = PageMeta(source="某某县司法局")
    assert _metadata(text, page).issuer == "城关镇人民政府办公室"


def test_site_name_places_a_township_the_text_names_alone():
    assert _metadata(TITLED).locality.province is None
    page = PageMeta(site_name="河南省新安县人民政府")
    assert _metadata(TITLED, page).locality.province == "河南省"


def test_no_page_leaves_the_text_metadata_as_it_was():
    assert _metadata(TITLED, None) == _metadata(TITLED, PageMeta())
