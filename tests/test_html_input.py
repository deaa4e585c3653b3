"""Saved web pages: the report's text without the page around it, the page's metadata, and
what was left out; hostile pages fail with one line naming the file."""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest

from generator.build import convert
from generator.chars import count_han
from generator.exceptions import SourceError
from generator.html_input import (
    assemble,
    decode_page,
    drop_code,
    find_publish_line,
    main_text_lines,
    read_html,
    visible_lines,
)

from .conftest import FIXTURES

PAGES = FIXTURES / "html"


def read(name: str):
    path = PAGES / name
    return read_html(path, path.read_bytes())


def expected_lines(name: str) -> list[str]:
    return (PAGES / name).with_suffix(".expected.txt").read_text("utf-8").splitlines()


def page_bytes(body: str, head: str = '<meta charset="utf-8">') -> bytes:
    return f"<html><head>{head}</head><body>{body}</body></html>".encode()


REPORT_BODY = (
    "<div class='nav'><a href='/'>首页</a> <a href='/zwgk/'>政务公开</a></div>"
    "<h1>石桥社区2021年法治建设工作报告</h1>"
    "<div class='article-content'>"
    "<p>2021年，石桥社区围绕法治社区建设，开展普法讲座8场，调解邻里纠纷21件。</p>"
    "<p>一、主要做法</p><p>社区设立法律服务点，律师每周坐班一天，全年接待居民咨询96人次。</p>"
    "<p>二、下步打算</p><p>社区将继续办好法律服务点，计划新增两名调解志愿者。</p>"
    "</div><div class='footer'>网站标识码：1100000001</div>"
)


# --- (a) a government page in UTF-8 ---------------------------------------------------------


def test_government_page_text_is_title_then_body_then_signoff():
    got = read("gov_page_utf8.html")
    lines = got.text.splitlines()
    assert lines == expected_lines("gov_page_utf8.html")
    assert lines[0] == "青石街道2023年法治政府建设工作报告"
    assert lines[-2:] == ["青石区青石街道办事处", "2024年3月25日"]
    # headings, numbered paragraphs and table rows each on their own line
    assert "一、2023年主要工作及成效" in lines
    assert "（二）规范行政执法，提升执法质效。" in lines
    assert "受理纠纷 389件 417件" in lines
    assert got.format == "html"
    assert got.encoding == "utf-8"
    assert got.extractor.startswith("trafilatura ")


@pytest.mark.parametrize(
    "chrome",
    [
        "今天是",  # banner
        "无障碍",
        "走进青石",  # navigation
        "当前位置",  # breadcrumbs
        "政务公开",
        "索引号",  # metadata panel
        "发布机构",
        "发布时间",  # publication line
        "字体",
        "打印",
        "分享到",
        "上一篇",
        "相关文章",  # sidebar
        "青石区司法局举办基层调解员培训班",
        "网站标识码",  # footer
        "ICP备",
        "版权所有",
        "主办单位",
    ],
)
def test_government_page_text_holds_none_of_the_page_around_it(chrome):
    assert chrome not in read("gov_page_utf8.html").text


def test_government_page_metadata_comes_from_its_meta_tags():
    page = read("gov_page_utf8.html").page
    assert page.article_title == "青石街道2023年法治政府建设工作报告"
    assert page.html_title == "青石街道2023年法治政府建设工作报告_法治政府建设_青石区人民政府"
    assert page.publish_date == "2024-03-28"
    assert page.publish_phrase == "PubDate: 2024-03-28 09:18"
    assert page.publish_from == "meta"
    assert page.source == "青石区青石街道办事处"
    assert page.source_phrase == "ContentSource: 青石区青石街道办事处"
    assert page.site_name == "青石区人民政府"
    assert page.column == "法治政府建设"
    assert page.url == "https://www.qingshi.gov.cn/zwgk/fzzfjs/202403/t20240328_1001.html"
    assert page.meta["ColumnType"] == "政务公开"
    assert page.meta["og:title"] == "青石街道2023年法治政府建设工作报告"


def test_government_page_removed_names_what_was_left_out_with_its_han_count():
    got = read("gov_page_utf8.html")
    assert got.removed == (
        "正文前的网页内容（页眉、导航、位置栏、信息栏等）：12 行，110 个字",
        "正文后的网页内容（页脚、相关链接、分享等）：9 行，144 个字",
    )
    # Every Han character of the visible page is in the text or counted as left out.
    root = lxml.html.document_fromstring((PAGES / "gov_page_utf8.html").read_text("utf-8"))
    drop_code(root)
    body = root.find("body")
    assert count_han(body.text_content()) == count_han(got.text) + 110 + 144


# --- (b) the same kind of page in GB2312/GBK bytes -------------------------------------------


def test_gbk_page_declared_gb2312_is_decoded_as_gb18030_with_its_gbk_characters():
    raw = (PAGES / "gbk_table_layout.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("gb2312")  # 镕 and 堃 are GBK, outside GB2312
    got = read("gbk_table_layout.html")
    assert got.encoding == "gb18030"
    assert "退休法官张镕" in got.text
    assert "调解员李堃" in got.text


def test_table_layout_page_keeps_its_br_paragraphs_and_leaves_the_layout_out():
    got = read("gbk_table_layout.html")
    assert got.text.splitlines() == expected_lines("gbk_table_layout.html")
    for chrome in ("网站首页", "您现在的位置", "发布日期", "浏览次数", "打印本页", "备案号"):
        assert chrome not in got.text
    assert got.removed[:2] == (
        "正文前的网页内容（页眉、导航、位置栏、信息栏等）：3 行，53 个字",
        "正文后的网页内容（页脚、相关链接、分享等）：3 行，32 个字",
    )


def test_gbk_page_metadata_from_lowercase_tags_og_url_and_its_source_line():
    page = read("gbk_table_layout.html").page
    assert page.article_title is None
    assert page.publish_date == "2023-01-16"
    assert page.publish_phrase == "publishdate: 2023-01-16"
    assert page.publish_from == "meta"
    assert page.column == "通知公告"
    # The page has no ContentSource: the 来源 of its publication line is the source.
    assert page.source == "兰溪镇党政办"
    assert page.source_phrase == "信息来源：兰溪镇党政办"
    # The canonical link is relative, so not the page's address; og:url is.
    assert page.url == "http://www.lanxizhen.gov.cn/art/2023/1/16/art_55_789.html"


# --- (c) a mirror page without meta tags -----------------------------------------------------


def test_mirror_page_date_and_source_come_from_its_publication_line_not_the_banner():
    got = read("mirror_publish_line.html")
    page = got.page
    assert page.meta == {}
    assert page.article_title is None
    assert page.publish_date == "2021-03-29"  # never the 今天是2021年3月31日 banner
    assert page.publish_from == "line"
    assert page.publish_phrase == "发布时间：2021-03-29"
    assert page.source == "柳塘镇"
    assert page.source_phrase == "来源：柳塘镇"
    assert page.url is None


def test_mirror_page_text_is_the_report_without_the_content_farm_around_it():
    text = read("mirror_publish_line.html").text
    assert text.splitlines() == expected_lines("mirror_publish_line.html")
    for chrome in (
        "公文文库网",
        "开通会员",
        "今天是",
        "阅读",
        "仅供学习参考",
        "下载本文",
        "猜你喜欢",
    ):
        assert chrome not in text


# --- (d) scripts, styles and event handlers ----------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "脚本里的标题文字",
        "脚本写入的段落",
        "document.write",
        "样式里的文字",
        "样式注释文字",
        "text-indent",
        "编辑留下的注释文字",
        "点击事件里的文字",
        "alert",
        "您的浏览器不支持脚本",  # <noscript>
        "图片错误时的文字",
        "统计脚本里的文字",
    ],
)
def test_script_style_and_event_handler_content_never_reaches_the_text(code):
    got = read("script_in_article.html")
    assert code not in got.text
    assert got.text.splitlines() == expected_lines("script_in_article.html")


def test_removed_counts_the_scripts_and_styles_dropped():
    assert "脚本、样式和注释 7 段（不是页面上的文字）" in read("script_in_article.html").removed


# --- (f) the page's address --------------------------------------------------------------------


def test_javascript_canonical_and_data_og_url_are_ignored():
    page = read("script_in_article.html").page
    assert page.url is None
    assert page.meta["og:url"].startswith("data:")  # recorded as given, never used as address


@pytest.mark.parametrize(
    ("links", "url"),
    [
        ('<link rel="canonical" href="https://a.gov.cn/x.html">', "https://a.gov.cn/x.html"),
        ('<link rel="Canonical" href=" http://a.gov.cn/y.html ">', "http://a.gov.cn/y.html"),
        ('<link rel="canonical" href="/x.html">', None),
        ('<link rel="canonical" href="JavaScript:alert(1)">', None),
        ('<link rel="canonical" href="//a.gov.cn/x.html">', None),
        ('<link rel="canonical" href="ftp://a.gov.cn/x.html">', None),
        ('<link rel="canonical" href="https://a.gov.cn/\u202ex.html">', None),
        (f'<link rel="canonical" href="https://a.gov.cn/{"x" * 3000}">', None),
        (
            '<link rel="canonical" href="javascript:void(0)">'
            '<meta property="og:url" content="https://b.gov.cn/z.html">',
            "https://b.gov.cn/z.html",
        ),
    ],
)
def test_page_address_is_an_absolute_http_link_or_none(links, url):
    raw = page_bytes(REPORT_BODY, '<meta charset="utf-8">' + links)
    assert read_html(Path("p.html"), raw).page.url == url


def test_visible_lines_keep_text_after_comments_and_leave_code_out():
    root = lxml.html.document_fromstring(
        "<html><head><title>标题</title></head><body><p>前面<svg><text>图形</text></svg>后面"
        "<script>var a='脚本';</script>结尾</p><div>下一行<!-- 注释 -->续<br>新行</div>"
        "<table><tr><td>项目</td><td>数量</td></tr></table></body></html>"
    )
    assert visible_lines(root) == ["前面后面结尾", "下一行续", "新行", "项目 数量"]


# --- putting back what trafilatura leaves out --------------------------------------------------


def test_signoff_outside_the_article_block_is_put_back_after_the_text():
    path = PAGES / "signoff_outside_article.html"
    root = lxml.html.document_fromstring(path.read_text("utf-8"))
    drop_code(root)
    alone = main_text_lines(root)
    assert "白沙乡人民政府" not in alone  # what the extractor gives by itself
    lines = read("signoff_outside_article.html").text.splitlines()
    assert lines == expected_lines("signoff_outside_article.html")
    assert lines[-2:] == ["白沙乡人民政府", "二〇二二年十二月三十日"]
    assert "日期：2023-01-05 浏览量：356" not in lines


def test_wechat_sections_are_paragraphs_with_their_headings_and_signoff():
    path = PAGES / "wechat_sections.html"
    root = lxml.html.document_fromstring(path.read_text("utf-8"))
    drop_code(root)
    for section in root.iter("section"):
        assert section.tag == "section"
    got = read("wechat_sections.html")
    lines = got.text.splitlines()
    assert lines == expected_lines("wechat_sections.html")
    assert lines[2::2][:3] == ["一、人民调解", "二、社区矫正", "三、法治宣传"]
    assert "相关文章" not in got.text and "县司法局召开" not in got.text
    assert (got.page.publish_date, got.page.source) == ("2024-01-08", "河口镇司法所")


def test_short_page_the_extractor_glues_into_one_line_is_split_back_into_its_lines():
    path = PAGES / "short_notice_br.html"
    root = lxml.html.document_fromstring(path.read_text("utf-8"))
    drop_code(root)
    assert len(main_text_lines(root)) == 1  # trafilatura's fallback for a short page
    got = read("short_notice_br.html")
    assert got.text.splitlines() == expected_lines("short_notice_br.html")
    assert "发布时间" not in got.text and "网站标识码" not in got.text
    page = got.page
    assert (page.publish_date, page.publish_from, page.source) == ("2023-02-01", "line", "东湖街道")


def test_headings_and_signoff_skipped_by_the_extractor_are_put_back_in_place():
    visible = [
        "首页 > 通知",
        "某街道工作报告",
        "第一段，说明情况。",
        "一、主要做法",
        "第二段，具体做法。",
        "二、下步打算",
        "第三段，下步打算。",
        "某某街道办事处",
        "2021年3月1日",
        "版权所有",
    ]
    body = ["第一段，说明情况。", "第二段，具体做法。", "第三段，下步打算。"]
    got = assemble(body, visible, "某街道工作报告")
    assert got.lines == visible[1:9]
    assert got.restored == ("一、主要做法", "二、下步打算", "某某街道办事处", "2021年3月1日")
    assert (got.start, got.end) == (2, 8)


def test_meta_values_lose_control_and_bidi_characters():
    head = '<meta charset="utf-8"><meta name="ArticleTitle" content="石桥社区\u202e2021年\x01报告">'
    page = read_html(Path("p.html"), page_bytes(REPORT_BODY, head)).page
    assert page.article_title == "石桥社区 2021年 报告"


def test_og_title_stands_in_for_a_missing_article_title():
    head = (
        '<meta charset="utf-8"><meta property="og:title" content="石桥社区2021年法治建设工作报告">'
    )
    page = read_html(Path("p.html"), page_bytes(REPORT_BODY, head)).page
    assert page.article_title == "石桥社区2021年法治建设工作报告"
    assert page.html_title is None


def test_site_logo_in_h1_is_not_taken_for_the_title():
    body = "<h1>某某区人民政府门户</h1>" + REPORT_BODY.replace(
        "<h1>石桥社区2021年法治建设工作报告</h1>",
        "<div class='tit'>石桥社区2021年法治建设工作报告</div>",
    )
    head = '<meta charset="utf-8"><title>石桥社区2021年法治建设工作报告-某某区人民政府</title>'
    lines = read_html(Path("p.html"), page_bytes(body, head)).text.splitlines()
    assert lines[0] == "石桥社区2021年法治建设工作报告"
    assert "某某区人民政府门户" not in lines


def test_title_is_taken_as_the_page_prints_it_when_article_title_words_it_shorter():
    head = '<meta charset="utf-8"><meta name="ArticleTitle" content="2021年法治建设工作报告">'
    lines = read_html(Path("p.html"), page_bytes(REPORT_BODY, head)).text.splitlines()
    assert lines[0] == "石桥社区2021年法治建设工作报告"
    assert "2021年法治建设工作报告" not in lines


def test_title_from_h1_then_title_tag_when_no_meta_names_it():
    from_h1 = read_html(Path("p.html"), page_bytes(REPORT_BODY))
    assert from_h1.text.splitlines()[0] == "石桥社区2021年法治建设工作报告"
    no_h1 = REPORT_BODY.replace("<h1>石桥社区2021年法治建设工作报告</h1>", "")
    head = '<meta charset="utf-8"><title>石桥社区2021年法治建设工作报告_社区动态_某区政府网</title>'
    from_title = read_html(Path("p.html"), page_bytes(no_h1, head))
    assert from_title.text.splitlines()[0] == "石桥社区2021年法治建设工作报告"
    assert from_title.text.count("石桥社区2021年法治建设工作报告") == 1


# --- encodings ---------------------------------------------------------------------------------


def gbk_page(head: str) -> bytes:
    return f"<html><head>{head}</head><body>{REPORT_BODY}</body></html>".encode("gbk")


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (b"\xef\xbb\xbf" + page_bytes(REPORT_BODY, '<meta charset="gbk">'), "utf-8-sig"),
        (gbk_page('<meta charset="GBK">'), "gb18030"),
        (
            gbk_page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'),
            "gb18030",
        ),
        (b'<?xml version="1.0" encoding="gb2312"?>' + gbk_page(""), "gb18030"),
        # A browser re-saved the page as UTF-8 and kept its old declaration.
        (page_bytes(REPORT_BODY, '<meta charset="gb2312">'), "utf-8"),
        # Latin-1 decodes any bytes; a Chinese page declaring it is not believed.
        (gbk_page('<meta charset="iso-8859-1">'), "gb18030"),
        (gbk_page(""), "gb18030"),  # no declaration: the plain-text reader's detector
        (b"\xff\xfe" + page_bytes(REPORT_BODY).decode().encode("utf-16-le"), "utf-16-le"),
        (page_bytes(REPORT_BODY).decode().encode("utf-16-le"), "utf-16-le"),
        (
            "<html><head><meta charset='big5'></head><body><h1>石橋社區2021年法治建設工作報告"
            "</h1><p>社區全年舉辦普法講座8場。</p></body></html>".encode("big5"),
            "big5hkscs",
        ),
    ],
)
def test_encoding_from_bom_then_declaration_then_utf8_then_detector(raw, encoding):
    decoded = decode_page(Path("p.html"), raw)
    assert decoded.encoding == encoding
    assert "石桥社区" in decoded.text or "石橋社區" in decoded.text


def test_undecodable_byte_is_an_error_naming_its_offset():
    raw = gbk_page('<meta charset="gb2312">')
    at = raw.index("主要做法".encode("gbk"))
    damaged = raw[:at] + b"\xff" + raw[at + 1 :]
    with pytest.raises(SourceError) as caught:
        read_html(Path("p.html"), damaged)
    message = str(caught.value)
    assert f"byte {at} (0xff) cannot be decoded as gb18030" in message
    assert "charset=gb2312" in message
    assert "\n" not in message


# --- (e) hostile pages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("石桥社区2021年法治建设工作报告\n社区开展普法讲座8场。\n".encode(), "not an HTML page"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "binary"),
        (page_bytes(""), "no visible text"),
        (page_bytes("<p>   </p><div></div>"), "no visible text"),
        (
            page_bytes("<h1>Annual report</h1><p>The district held eight lectures.</p>"),
            "no Chinese",
        ),
        (
            page_bytes(
                "<div class='nav'>首页 政务公开</div><div class='article-content'>"
                + "<p>The district legal aid office answered questions from residents. </p>" * 8
                + "</div>"
            ),
            "main text holds no Chinese",
        ),
        (page_bytes("<div>" * 3000 + "<p>深处的文字。</p>" + "</div>" * 3000), "read whole"),
    ],
    ids=["plain-text", "png", "empty-body", "blank-body", "english", "english-article", "deep"],
)
def test_hostile_page_is_one_line_error_naming_the_file(raw, says):
    with pytest.raises(SourceError) as caught:
        read_html(Path("seeds/bad.html"), raw)
    message = str(caught.value)
    assert says in message
    assert message.startswith("seeds/bad.html")
    assert "\n" not in message


# --- the publication line ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "date", "phrase", "source"),
    [
        (["今天是2021年3月31日 星期三"], None, None, None),
        (
            ["发布日期：2023年5月6日 来源：城南街道 浏览：12"],
            "2023-05-06",
            "发布日期：2023年5月6日",
            "城南街道",
        ),
        # nearest the text first; 成文 and 发布 on one line: the 发布 date
        (["成文日期：2024-03-25 发布日期：2024-03-28"], "2024-03-28", "发布日期：2024-03-28", None),
        (["日期：2021-03-29 浏览量：356"], "2021-03-29", "日期：2021-03-29", None),
        (["发布时间：2021-02-30"], None, None, None),  # no such day
        (["更新时间：2021-05-01 09:00"], None, None, None),  # an update is no publication
    ],
)
def test_publication_line_reader(lines, date, phrase, source):
    found = find_publish_line(lines)
    if date is None:
        assert found is None
    else:
        assert (found.date, found.phrase, found.source) == (date, phrase, source)


def test_publication_line_under_the_text_is_read_when_none_is_above():
    body = REPORT_BODY.replace(
        "<div class='footer'>",
        "<div class='info'>发布日期：2022-01-10 来源：石桥社区</div><div class='footer'>",
    )
    page = read_html(Path("p.html"), page_bytes(body)).page
    assert (page.publish_date, page.publish_from, page.source) == ("2022-01-10", "line", "石桥社区")


def test_pubdate_meta_that_is_no_date_leaves_the_publication_line_to_decide():
    body = REPORT_BODY.replace(
        "<div class='article-content'>",
        "<div>发布时间：2021-06-01</div><div class='article-content'>",
    )
    head = '<meta charset="utf-8"><meta name="PubDate" content="2021-02-30">'
    page = read_html(Path("p.html"), page_bytes(body, head)).page
    assert (page.publish_date, page.publish_from) == ("2021-06-01", "line")
    assert page.meta["PubDate"] == "2021-02-30"


# --- through the whole converter ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "title", "issuer", "signed", "url", "encoding"),
    [
        (
            "gov_page_utf8.html",
            "青石街道2023年法治政府建设工作报告",
            "青石区青石街道办事处",
            "2024-03-25",
            "https://www.qingshi.gov.cn/zwgk/fzzfjs/202403/t20240328_1001.html",
            "utf-8",
        ),
        (
            "gbk_table_layout.html",
            "兰溪镇2022年度法治政府建设情况报告",
            "兰溪镇人民政府",
            "2023-01-12",
            "http://www.lanxizhen.gov.cn/art/2023/1/16/art_55_789.html",
            "gb18030",
        ),
        (
            "mirror_publish_line.html",
            "柳塘镇2020年法治政府建设年度报告",
            "柳塘镇人民政府",
            "2021-03-26",
            None,
            "utf-8",
        ),
    ],
)
def test_saved_page_converts_through_the_whole_pipeline(
    tmp_path, name, title, issuer, signed, url, encoding
):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(PAGES / name, seeds / name)
    fm = convert(seeds / name).front_matter()
    assert fm["title"] == title
    assert fm["issuer"] == issuer
    assert fm["signed_date"] == signed
    assert fm["source_format"] == "html"
    assert fm["source_url"] == url
    assert fm["encoding"] == encoding
    assert fm["processing"]["extractor"].startswith("trafilatura ")
    assert fm["processing"]["extractor_removed"]
    # publish_date: the text pipeline gives the sign-off date today; the page's own date
    # (PubDate, the publication line) comes once page metadata reaches the metadata stage.
    assert fm["publish_date"] is not None


def test_hostile_pages_fail_alone_and_the_good_page_beside_them_builds(tmp_path):
    from generator.build import gather

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(PAGES / "mirror_publish_line.html", seeds / "good.html")
    (seeds / "english.htm").write_bytes(page_bytes("<p>Only English here.</p>"))
    (seeds / "picture.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (seeds / "empty.html").write_bytes(page_bytes(""))
    result = gather(seeds, jobs=1)
    assert {r.source.path.name for r in result.reports} == {"good.html"}
    errors = sorted(str(e) for e in result.errors)
    assert [e.split(":")[0] for e in errors] == [
        f"{seeds}/empty.html",
        f"{seeds}/english.htm",
        f"{seeds}/picture.html",
    ]
    assert all("\n" not in e for e in errors)
