"""One invented town report, written as the archive receives reports: as .docx and as PDF.

The report (青禾镇, an invented town; every sentence and figure is made up for the
tests) is kept as blocks, so each format lays it out its own way and the tests compare
what a reader extracts with :func:`report_lines`, the report as a ``.txt`` would give it:
title, headings and paragraphs one per line, table rows with cells parted by an
ideographic space (U+3000).

The PDFs are printed by headless Chromium (which embeds the CJK font it used), in three layouts
of Chinese government documents: justified text with a first-line indent, a running header
and ``第 1 页 共 3 页`` footers; paragraphs set apart by spacing with ``- 2 -`` page
numbers; a letter-spaced title wrapped over two lines and ``第 2 页`` footers. A "scanned"
PDF is a screenshot of the report printed as an image. Used by
tests/test_docx_input.py, tests/test_pdf_input.py and scripts/compare_pdf_extractors.py.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from pathlib import Path

TITLE = "青禾镇2024年法治政府建设工作报告"
ISSUER = "青禾镇人民政府"
SIGN_DATE = "2025年1月10日"
#: The running header of the first PDF layout and of the .docx.
RUNNING_HEADER = "青禾镇人民政府办公室"


@dataclass(frozen=True)
class Block:
    """One block of the report: ``title``, ``h2``, ``h3``, ``p``, ``caption``, ``table`` or
    ``signoff``; a table's rows are in ``rows``."""

    kind: str
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


REPORT: tuple[Block, ...] = (
    Block("title", TITLE),
    Block(
        "p",
        "2024年，青禾镇在县委、县政府的领导下，围绕建设法治镇的目标，把依法行政贯穿于乡村振兴"
        "和基层治理的各个环节，全年召开党委会专题研究法治工作6次，各项任务按计划完成。现将"
        "有关情况报告如下。",
    ),
    Block("h2", "一、主要工作和成效"),
    Block("h3", "（一）健全依法决策机制"),
    Block(
        "p",
        "镇党委把重大行政决策程序写进议事规则，凡涉及群众切身利益的事项，一律经过公众参与、"
        "专家论证、风险评估、合法性审查和集体讨论五个环节。全年提交合法性审查的规范性文件和"
        "合同共43件，法律顾问提出修改意见58条，采纳率达到93.1%。对村集体资产发包、宅基地"
        "审批等群众关注的事项，我们在决定前张榜公示不少于7天，收到并答复群众意见121条。",
    ),
    Block("h3", "（二）推进严格规范公正文明执法"),
    Block(
        "p",
        "镇综合行政执法队现有执法人员17名，全部持证上岗。我们全面推行行政执法公示、执法全"
        "过程记录和重大执法决定法制审核三项制度，为执法车辆和人员配备记录仪24台。全年办理"
        "行政处罚案件89件，其中适用简易程序52件，没有发生行政复议被撤销或者行政诉讼败诉的"
        "情况。针对小微违法行为，我们坚持教育与处罚相结合，对首次轻微违法的38家经营户依法不予"
        "处罚，并当场讲解相关规定。",
    ),
    Block("h3", "（三）深化矛盾纠纷多元化解"),
    Block(
        "p",
        "镇里建成综治中心一处，在14个村和2个社区设立调解室，聘请专职调解员9名、兼职调解员"
        "64名。我们坚持小事不出村、大事不出镇，把矛盾化解在萌芽状态，两年来的对比情况见下表。",
    ),
    Block("caption", "表1 青禾镇矛盾纠纷化解情况"),
    Block(
        "table",
        rows=(
            ("项目", "2023年", "2024年"),
            ("受理纠纷（件）", "286", "312"),
            ("调解成功（件）", "271", "301"),
            ("调解成功率", "94.8%", "96.5%"),
        ),
    ),
    Block(
        "p",
        "在此基础上，我们还组织普法志愿者走村入户开展宣讲，全年举办法治讲座36场，发放宣传"
        "资料一万余份，群众对法治建设的满意度调查得分为92.4分，比上年提高1.7分。",
    ),
    Block("h2", "二、存在的问题"),
    Block(
        "p",
        "一是部分村干部运用法治思维解决问题的能力还不够强，遇到复杂纠纷时习惯于凭经验办事；"
        "二是执法队伍中具有法律专业背景的人员只有3名，案卷制作还不够规范；三是法治宣传的形式"
        "比较单一，对外出务工人员和留守老人的覆盖面仍然不足。",
    ),
    Block("h2", "三、2025年工作安排"),
    Block(
        "p",
        "1.加强法治队伍建设。计划选派执法人员参加专业培训不少于40学时，推动每个村至少培养"
        "2名法律明白人，年底前实现全镇覆盖。",
    ),
    Block(
        "p",
        "2.提升执法规范化水平。每季度开展一次案卷评查，评查结果纳入年度考核，对发现的问题"
        "限期整改，并在镇政府网站公开整改情况。",
    ),
    Block(
        "p",
        "3.创新普法宣传方式。借助村广播、微信群和农村集市，围绕土地承包、婚姻家庭和劳动"
        "报酬等群众关心的问题，每月推出一期以案说法节目。",
    ),
    Block("signoff", ISSUER),
    Block("signoff", SIGN_DATE),
)

#: How table cells are joined on the report's text line.
CELL_SEPARATOR = "\u3000"


def report_lines() -> list[str]:
    """The report as a ``.txt`` gives it: one title, heading, paragraph or table row a line."""
    lines: list[str] = []
    for block in REPORT:
        if block.kind == "table":
            lines.extend(CELL_SEPARATOR.join(row) for row in block.rows)
        else:
            lines.append(block.text)
    return lines


# --- .docx -----------------------------------------------------------------------------------


def write_docx(path: Path) -> Path:
    """The report as Word writes it: styled title and headings, a table, empty paragraphs
    between blocks, a header and a footer with the page number field's text."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = RUNNING_HEADER
    section.footer.paragraphs[0].text = "第 1 页"
    for block in REPORT:
        if block.kind == "title":
            document.add_paragraph(block.text, style="Title")
            document.add_paragraph("")
        elif block.kind == "h2":
            document.add_heading(block.text, level=1)
        elif block.kind == "h3":
            document.add_heading(block.text, level=2)
        elif block.kind == "table":
            table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
            table.style = "Table Grid"
            for row, cells in zip(table.rows, block.rows, strict=True):
                for cell, text in zip(row.cells, cells, strict=True):
                    cell.text = text
            document.add_paragraph("   ")
        else:
            paragraph = document.add_paragraph(block.text)
            if block.kind == "signoff":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(path)
    return path


# --- PDF ---------------------------------------------------------------------------------------

_BASE_CSS = """
@page { size: A4; margin: 30mm 26mm 28mm 28mm; }
body { font-family: "Noto Serif CJK SC", serif; font-size: %(size)s; line-height: %(leading)s;
       margin: 0; color: #000; }
h1 { font-size: 22pt; text-align: center; margin: 0 0 1em; font-weight: bold; }
h2, h3 { font-size: inherit; margin: 0; font-weight: bold; }
h2, h3, p { text-indent: %(indent)s; }
p { text-align: justify; margin: 0 0 %(gap)s; }
p.caption { text-align: center; text-indent: 0; margin-top: 0.5em; }
p.signoff { text-align: right; text-indent: 0; margin: 0; }
p.signoff.first { margin-top: 2em; }
table { border-collapse: collapse; margin: 0.3em auto 0.8em; }
td { border: 1px solid #000; padding: 2pt 12pt; text-indent: 0; }
"""

_HEADER_FOOTER_CSS = "font-family: 'Noto Serif CJK SC', serif; font-size: 10pt; width: 100%;"


@dataclass(frozen=True)
class PdfLayout:
    """A way of laying the report out on A4, with its running header and page numbers."""

    name: str
    size: str
    leading: str
    indent: str
    gap: str
    header: str  # HTML for Chromium's header template ("" for none)
    footer: str
    extra_css: str = ""

    def css(self) -> str:
        values = {"size": self.size, "leading": self.leading, "indent": self.indent}
        return _BASE_CSS % {**values, "gap": self.gap} + self.extra_css


LAYOUTS = (
    # 公文 style: 三号 text, first-line indent, no space between paragraphs.
    PdfLayout(
        name="indented",
        size="16pt",
        leading="1.75",
        indent="2em",
        gap="0",
        header=(
            f'<div style="{_HEADER_FOOTER_CSS} text-align:center; '
            f'border-bottom: 0.5pt solid #000; margin: 0 26mm;">{RUNNING_HEADER}</div>'
        ),
        footer=(
            f'<div style="{_HEADER_FOOTER_CSS} text-align:center;">第 <span class="pageNumber">'
            '</span> 页 共 <span class="totalPages"></span> 页</div>'
        ),
    ),
    # Paragraphs set apart by space rather than indent; "- 2 -" page numbers only.
    PdfLayout(
        name="spaced",
        size="15pt",
        leading="1.6",
        indent="0",
        gap="0.9em",
        header="",
        footer=(
            f'<div style="{_HEADER_FOOTER_CSS} text-align:center;">- <span class="pageNumber">'
            "</span> -</div>"
        ),
    ),
    # A letter-spaced title that wraps to two centred lines and a letter-spaced sign-off
    # (PDFium puts a space between every character there); ``第 2 页`` footers.
    PdfLayout(
        name="letterspaced",
        size="16pt",
        leading="1.75",
        indent="2em",
        gap="0",
        header="",
        footer=(
            f'<div style="{_HEADER_FOOTER_CSS} text-align:right; margin-right: 26mm;">第 '
            '<span class="pageNumber"></span> 页</div>'
        ),
        extra_css="h1 { letter-spacing: 0.5em; } p.signoff { letter-spacing: 0.3em; }",
    ),
)


def report_html(layout: PdfLayout) -> str:
    """The report as a printable HTML page in ``layout``."""
    body: list[str] = []
    first_signoff = True
    for block in REPORT:
        text = html.escape(block.text)
        if block.kind == "title":
            body.append(f"<h1>{text}</h1>")
        elif block.kind in ("h2", "h3"):
            body.append(f"<{block.kind}>{text}</{block.kind}>")
        elif block.kind == "table":
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                for row in block.rows
            )
            body.append(f"<table>{rows}</table>")
        elif block.kind == "signoff":
            extra = " first" if first_signoff else ""
            first_signoff = False
            body.append(f'<p class="signoff{extra}">{text}</p>')
        elif block.kind == "caption":
            body.append(f'<p class="caption">{text}</p>')
        else:
            body.append(f"<p>{text}</p>")
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<style>{layout.css()}</style></head><body>{''.join(body)}</body></html>"
    )


def print_pdf(page, layout: PdfLayout) -> bytes:
    """``layout`` printed to PDF by the browser ``page`` (a Playwright page)."""
    page.set_content(report_html(layout))
    chrome = bool(layout.header or layout.footer)
    return page.pdf(
        format="A4",
        prefer_css_page_size=True,
        display_header_footer=chrome,
        header_template=layout.header or "<span></span>",
        footer_template=layout.footer or "<span></span>",
    )


def print_scanned_pdf(page) -> bytes:
    """A PDF whose only content is a picture of the report's first page, as a scanner makes."""
    page.set_viewport_size({"width": 794, "height": 1123})
    page.set_content(report_html(LAYOUTS[0]))
    picture = base64.b64encode(page.screenshot(type="png")).decode("ascii")
    page.set_content(
        "<!doctype html><html><head><style>@page { size: A4; margin: 0; } body { margin: 0; }"
        "img { width: 210mm; display: block; }</style></head>"
        f'<body><img src="data:image/png;base64,{picture}"></body></html>'
    )
    return page.pdf(format="A4", prefer_css_page_size=True)


def print_all(browser, folder: Path) -> dict[str, Path]:
    """Every layout and the scanned page printed into ``folder`` in one browser context;
    name → path (``indented.pdf``, ``spaced.pdf``, ``letterspaced.pdf``, ``scanned.pdf``)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        made = {layout.name: print_pdf(page, layout) for layout in LAYOUTS}
        made["scanned"] = print_scanned_pdf(page)
    finally:
        context.close()
    paths = {}
    for name, data in made.items():
        paths[name] = folder / f"{name}.pdf"
        paths[name].write_bytes(data)
    return paths


def encrypted_pdf() -> bytes:
    """A one-page PDF locked with a user password (the standard security handler, RC4 40-bit):
    the /O and /U entries are made up, so no empty password opens it."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> /P -44 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1,
        b"ab" * 16,
        b"ab" * 16,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
