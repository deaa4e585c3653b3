"""One report as it is published: the same text received as .txt, as a saved web page, as a
Word document and as a PDF gives the same clean text (Han characters and paragraphs), and the
web page's metadata give title, publish date and issuer."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from generator.build import convert
from generator.chars import count_han

TITLE = "青石镇2023年法治政府建设情况报告"
HEADINGS = {
    1: "一、强化组织领导，压实第一责任人职责",
    3: "二、推进严格规范公正文明执法",
    5: "三、存在的不足和下一步打算",
}
PARAGRAPHS = [
    "2023年，青石镇在县委、县政府的领导下，围绕法治政府建设目标，把依法行政贯穿到基层治理的各个环节，现将全年工作情况报告如下。",
    "镇党委书记、镇长分别召开专题会议4次，研究部署法治建设重点任务，全年组织领导干部集中学法6次，参学人员达到210人次。",
    "全镇持证执法人员38名，开展联合执法检查52次，办理行政处罚案件17件，执法案卷评查合格率100%。",
    "深化矛盾纠纷排查化解，镇村两级调解组织共受理纠纷126件，调解成功121件，涉及金额约85万元。",
    "个别村干部学法用法的主动性还不够强，执法人员专业力量相对薄弱，普法宣传的针对性有待提高。",
    "下一步，青石镇将继续完善重大行政决策程序，加强执法队伍培训，力争年内开展普法活动不少于30场。",
]
SIGNOFF = ["青石镇人民政府", "2024年3月12日"]


def _lines() -> list[str]:
    out = [TITLE]
    for i, paragraph in enumerate(PARAGRAPHS):
        if i in HEADINGS:
            out.append(HEADINGS[i])
        out.append(paragraph)
    return [*out, *SIGNOFF]


def _txt(path: Path) -> Path:
    path.write_text("\n".join(_lines()) + "\n", encoding="utf-8")
    return path


def _html(path: Path, encoding: str = "utf-8") -> Path:
    body = []
    for i, paragraph in enumerate(PARAGRAPHS):
        if i in HEADINGS:
            body.append(f"<h3>{html.escape(HEADINGS[i])}</h3>")
        body.append(f"<p>{html.escape(paragraph)}</p>")
    body += [f'<p style="text-align:right">{html.escape(line)}</p>' for line in SIGNOFF]
    charset = "gb2312" if encoding == "gb18030" else encoding
    page = f"""<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{TITLE}_青石镇人民政府门户网站</title>
<meta name="SiteName" content="某某县青石镇人民政府">
<meta name="ColumnName" content="法治政府建设年度报告">
<meta name="ArticleTitle" content="{TITLE}">
<meta name="PubDate" content="2024-03-15 10:02">
<meta name="ContentSource" content="青石镇人民政府">
<link rel="canonical" href="https://www.qingshi.example.gov.cn/art/2024/3/15/art_88_1.html">
<script>var visits = "浏览次数统计脚本";</script>
</head><body>
<div class="top-nav"><a href="/">首页</a> <a href="/zwgk/">政务公开</a>
<a href="/hdjl/">互动交流</a></div>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 法治政府建设年度报告</div>
<div class="article">
<h1>{TITLE}</h1>
<div class="info">发布时间：2024-03-15 10:02　来源：青石镇人民政府　浏览次数：315</div>
<div class="content">
{chr(10).join(body)}
</div>
</div>
<div class="related"><h4>相关文章</h4><ul><li><a href="/a.html">青石镇召开安全生产工作会议</a></li>
<li><a href="/b.html">青石镇开展防汛演练</a></li></ul></div>
<div class="footer">主办单位：青石镇人民政府　网站标识码：0000000001
备案号：某ICP备00000000号</div>
</body></html>
"""
    path.write_bytes(page.encode(encoding))
    return path


def _document(path: Path) -> Path:
    """The report as a document to print (a PDF attachment has no site around it)."""
    lines = [f"<h2 style='text-align:center'>{html.escape(TITLE)}</h2>"]
    for i, paragraph in enumerate(PARAGRAPHS):
        if i in HEADINGS:
            lines.append(f"<h3>{html.escape(HEADINGS[i])}</h3>")
        lines.append(f"<p style='text-indent:2em'>{html.escape(paragraph)}</p>")
    lines += [f"<p style='text-align:right'>{html.escape(line)}</p>" for line in SIGNOFF]
    body = "\n".join(lines)
    path.write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{body}</body></html>"
    )
    return path


def _docx(path: Path) -> Path:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading(TITLE, level=0)
    for i, paragraph in enumerate(PARAGRAPHS):
        if i in HEADINGS:
            document.add_heading(HEADINGS[i], level=1)
        document.add_paragraph(paragraph)
    for line in SIGNOFF:
        document.add_paragraph(line)
    document.save(path)
    return path


def _pdf(browser, path: Path, source: Path) -> Path:
    page = browser.new_page()
    try:
        page.goto(source.resolve().as_uri())
        page.pdf(path=str(path), format="A4")
    finally:
        page.close()
    return path


def _clean_paragraphs(report) -> list[str]:
    doc = report.document
    out = [doc.title.text] if doc.title else []
    for paragraph in doc.intro:
        out.append(paragraph.text)
    for section in doc.iter_sections():
        out.append(section.title)
        out.extend(p.text for p in section.paragraphs)
    if doc.signoff:
        out.extend(line.text for line in doc.signoff.lines)
    return out


@pytest.fixture(scope="module")
def from_text(tmp_path_factory):
    return convert(_txt(tmp_path_factory.mktemp("txt") / "qingshi.txt"))


def test_text_report_reads_as_written(from_text):
    assert _clean_paragraphs(from_text) == _lines()


def test_saved_web_page_gives_the_same_text_as_the_txt(tmp_path, from_text):
    report = convert(_html(tmp_path / "qingshi.html"))
    assert _clean_paragraphs(report) == _clean_paragraphs(from_text)
    assert count_han(report.clean_text()) == count_han(from_text.clean_text())


def test_saved_web_page_in_gbk_gives_the_same_text_as_the_txt(tmp_path, from_text):
    report = convert(_html(tmp_path / "qingshi.htm", "gb18030"))
    assert _clean_paragraphs(report) == _clean_paragraphs(from_text)
    assert report.front_matter()["encoding"] == "gb18030"


def test_saved_web_page_metadata_give_title_date_issuer_and_address(tmp_path):
    fm = convert(_html(tmp_path / "qingshi.html")).front_matter()
    assert fm["title"] == TITLE and fm["title_derived"] is False
    assert fm["publish_date"] == "2024-03-15"
    assert fm["evidence"]["publish_date"]["rule"] == "page_meta_date"
    assert fm["issuer"] == "青石镇人民政府"
    assert fm["source_url"] == "https://www.qingshi.example.gov.cn/art/2024/3/15/art_88_1.html"
    assert fm["source_format"] == "html"
    assert fm["processing"]["extractor"].startswith("trafilatura ")
    text = convert(_html(tmp_path / "again.html")).clean_text()
    for chrome in ("网站标识码", "相关文章", "浏览次数", "政务公开", "防汛演练"):
        assert chrome not in text


def test_word_document_gives_the_same_text_as_the_txt(tmp_path, from_text):
    report = convert(_docx(tmp_path / "qingshi.docx"))
    assert _clean_paragraphs(report) == _clean_paragraphs(from_text)
    fm = report.front_matter()
    assert fm["source_format"] == "docx" and fm["encoding"] == "binary"
    assert fm["processing"]["extractor"].startswith("python-docx ")


@pytest.mark.browser
def test_pdf_gives_the_same_text_as_the_txt(browser, tmp_path, from_text):
    report = convert(_pdf(browser, tmp_path / "qingshi.pdf", _document(tmp_path / "print.html")))
    assert count_han(report.clean_text()) == count_han(from_text.clean_text())
    assert _clean_paragraphs(report) == _clean_paragraphs(from_text)
    assert report.front_matter()["source_format"] == "pdf"


def test_docx_that_claims_to_unpack_to_gigabytes_is_refused_before_unpacking(tmp_path):
    import io
    import zipfile

    from generator.docx_input import MAX_UNPACKED_BYTES as DOCX_MAX_UNPACKED
    from generator.exceptions import SourceError
    from generator.received import extract

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (DOCX_MAX_UNPACKED + 1))
    path = tmp_path / "bomb.docx"
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size < DOCX_MAX_UNPACKED // 100  # a bomb: small packed
    with pytest.raises(SourceError) as caught:
        extract(path, path.read_bytes())
    assert "not read" in str(caught.value) and str(caught.value).startswith(str(path))


def test_docx_that_is_not_a_zip_says_how_to_make_one(tmp_path):
    from generator.exceptions import SourceError
    from generator.received import extract

    path = tmp_path / "renamed.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000))
    with pytest.raises(SourceError, match=r"save it again as \.docx"):
        extract(path, path.read_bytes())


def test_received_files_are_published_for_download_and_a_saved_page_only_as_text(tmp_path):
    from .site_build import build_site

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    page = _html(seeds / 'qing"shi<b>.html')
    page.write_bytes(
        page.read_bytes().replace(b"</body>", b"<script>alert('on our origin')</script></body>")
    )
    _docx(seeds / "word.docx")
    site = build_site(seeds, tmp_path, strict=False)
    reports = site / "reports"
    (html_page,) = [p for p in reports.glob("*.html") if "word" not in p.name]
    report_id = html_page.stem
    served = reports / f"{report_id}.source.html.txt"
    # The bytes as received, under a name no browser renders as a page of this site.
    assert served.read_bytes() == page.read_bytes()
    assert not list(reports.glob("*.source.html")) and not list(reports.glob("*.source.htm"))
    assert (reports / "word.source.docx").read_bytes() == (seeds / "word.docx").read_bytes()
    text = html_page.read_text(encoding="utf-8")
    assert f'href="{report_id}.source.html.txt" download="qing&quot;shi&lt;b&gt;.html"' in text
    assert "收到的文件（网页）" in text
    assert "<script>alert" not in text
