"""Render one report as a page: YAML front matter, then the body as finished HTML.

Report text is data, never markup: every string from a report is HTML-escaped, so ``*``,
``_``, ``[`` or ``<script>`` in a report stay literal. The body is HTML that needs no Markdown
pass: it starts with :data:`HTML_BODY_MARKER`, and ``hooks/archive.py`` hands it to MkDocs as
the page's content (with its table of contents read from the headings) instead of running
Python-Markdown over it. That pass cost about 40 ms per report page and is the difference
between a build that scales and one that does not.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .cite import DATE_PLACEHOLDER, gb7714
from .escape import front_matter as dump_front_matter
from .escape import html_attr, html_text, json_in_html, url_part
from .glossary import load_glossary
from .indicators import UNCLASSIFIED, load_taxonomy
from .laws import KIND_LABELS as LAW_KIND_LABELS
from .metrics import KIND_LABELS, Metric
from .structure import Paragraph, Section
from .topics import load_topics

if TYPE_CHECKING:
    from .report import Report

#: Site path of the glossary's tooltip data, written by :func:`glossary_script`.
GLOSSARY_SCRIPT = "javascripts/glossary-terms.js"

#: First line of a page body that is already HTML; ``hooks/archive.py`` skips Markdown for it.
HTML_BODY_MARKER = "<!-- archive:html -->"


def heading(level: int, anchor: str, text: str) -> str:
    """A heading as the toc extension writes one: an id and a ¶ permalink (text is escaped)."""
    return (
        f'<h{level} id="{anchor}">{html_text(text)}'
        f'<a class="headerlink" href="#{anchor}" title="Permanent link">¶</a></h{level}>\n'
    )


@dataclass(frozen=True)
class PageParts:
    """A report page around its related-reports list, which needs the whole collection: the
    rest is rendered as soon as the report is converted (in a worker process)."""

    head: bytes  # UTF-8: half the memory of a str of Chinese text, 10,000 pages at once
    tail: bytes


@dataclass(frozen=True)
class Mark:
    """Markup around ``text[start:end]`` of one paragraph; overlapping marks of lower
    priority are dropped (a figure inside a glossary term stays a figure)."""

    paragraph: str
    start: int
    end: int
    open: str
    close: str
    priority: int


@dataclass(frozen=True)
class Insert:
    """Markup placed at one offset of a paragraph (an annotation marker)."""

    paragraph: str
    offset: int
    html: str


def render_report(report: Report) -> str:
    """The page of one report (front matter and HTML body).

    Figures are marked in the text and tabled at the end; editors' notes are numbered markers
    with the notes listed at the end; the checklist of the regulation opens the page.
    """
    return assemble(report, render_parts(report)).decode("utf-8")


def assemble(report: Report, parts: PageParts) -> bytes:
    """The page (UTF-8) from its parts and the report's related reports."""
    related = _related_list(report).encode("utf-8") if report.related else b""
    return parts.head + related + parts.tail


def render_parts(report: Report) -> PageParts:
    """Everything of the page that depends on this report alone."""
    doc = report.document
    marks: dict[str, list[Mark]] = {}
    inserts: dict[str, list[Insert]] = {}
    for mark in _metric_marks(report.metrics):
        marks.setdefault(mark.paragraph, []).append(mark)
    for mark in _law_marks(report):
        marks.setdefault(mark.paragraph, []).append(mark)
    for mark in _term_marks(report):
        marks.setdefault(mark.paragraph, []).append(mark)
    for insert in _note_markers(report):
        inserts.setdefault(insert.paragraph, []).append(insert)
    parts = [dump_front_matter(report.front_matter()), HTML_BODY_MARKER + "\n"]
    if report.checklist:
        parts.append(_checklist_box(report))
    parts.append(_threads(report))
    parts.append(_original_note(report))
    parts.extend(_paragraphs(doc.intro, marks, inserts))
    for section in doc.sections:
        parts.extend(_section(section, marks, inserts))
    if doc.signoff:
        lines = "".join(f"<p>{html_text(line.text)}</p>" for line in doc.signoff.lines)
        parts.append(f'<div class="report-signoff" id="signoff">{lines}</div>\n')
    if report.metrics:
        parts.append(_metric_table(report.metrics))
    if report.annotations:
        parts.append(_notes_list(report))
    return PageParts("".join(parts).encode("utf-8"), _citation(report).encode("utf-8"))


def _citation(report: Report) -> str:
    """How to cite: GB/T 7714 on the page (cite.js fills in the URL and the date), BibTeX and
    CSL-JSON as downloads (shown on the page too, they were a tenth of its weight)."""
    relative = f"reports/{report.id}.html"
    default = gb7714(report, relative)
    template = gb7714(report, "{URL}", "{DATE}")
    blocks = [
        f'<p><strong>GB/T 7714</strong> · <a href="{report.id}.bib" download>BibTeX</a>'
        f' · <a href="{report.id}.csl.json" download>CSL-JSON</a></p>'
        f'<pre><code data-cite-template="{html_attr(template)}">'
        f"{html_text(default)}</code></pre>"
    ]
    return (
        heading(2, "cite", "如何引用") + '<div class="report-cite">'
        f"<p>引用时请写明发布机关、标题、日期、本档案网址和访问日期（“{DATE_PLACEHOLDER}”"
        "处由浏览器填入今天的日期）。引用段落时可在网址后加段落锚点，如 <code>#s1-2-p3</code>。"
        '更多说明见<a href="../data.html#cite">数据与引用</a>。</p>'
        f"{''.join(blocks)}</div>\n"
    )


def _threads(report: Report) -> str:
    """The threads out of this report: its topics (laws and terms join them)."""
    names = {t.id: t.name for t in load_topics()}
    topics = report.topics.report if report.topics else []
    links = "、".join(
        f'<a href="../topics/{url_part(t)}.html">{html_text(names.get(t, t))}</a>' for t in topics
    )
    laws = "、".join(
        f'<a href="../laws/{url_part(law["id"])}.html">《{html_text(law["title"])}》</a>'
        for law in report.law_records()
        if law["kind"] != "local-document"
    )
    # The definitions behind the terms' tooltips, shared by every report page (the browser
    # caches it): written on each page they were a fifth of its weight.
    script = f'<script src="../{GLOSSARY_SCRIPT}"></script>' if report.terms else ""
    return (
        f'<p class="report-threads"><strong>主题</strong>：{links or "—"}<br>'
        f"<strong>引用的法律法规</strong>：{laws or '—'}</p>{script}\n"
    )


def glossary_script() -> str:
    """``javascripts/glossary-terms.js``: entry id → "term：definition", for the tooltips."""
    tips = {t.id: f"{t.term}：{t.definition}" for t in load_glossary()}
    data = json_in_html(dict(sorted(tips.items())))
    return f"// Generated from generator/data/glossary.yml.\nwindow.ARCHIVE_GLOSSARY = {data};\n"


def has_original_view(report: Report) -> bool:
    """Whether the text as received differs from the page's (Traditional, say)."""
    doc = report.document
    return any(p.received != p.text for p in doc.iter_paragraphs()) or any(
        s.received_title != s.title for s in doc.iter_sections()
    )


def _original_note(report: Report) -> str:
    fm = report.front_matter()
    removed = len(fm["processing"]["chrome_removed"])
    if has_original_view(report):
        script = "繁体" if fm["script"] == "traditional" else "原文写法"
        return (
            f'<p class="report-original"><a href="{report.id}.original.html">原文对照</a>：'
            f"收到的{script}文本（已去掉拼音注音）与本页简体正文逐段并排对照。</p>\n"
        )
    extra = f"，只移除了 {removed} 行网页杂项（见元数据卡片的处理记录）" if removed else ""
    return (
        f'<p class="report-original">原文对照：收到的原文为简体，与本页正文逐字相同{extra}。</p>\n'
    )


def render_original(report: Report) -> str:
    """The side-by-side page: the text as received next to the Simplified text, by paragraph."""
    fm = report.front_matter()
    rows = []
    doc = report.document
    if doc.title:
        rows.append(("title", doc.title.received, doc.title.text, ""))
    for paragraph in doc.intro:
        rows.append((paragraph.anchor, paragraph.received, paragraph.text, paragraph.anchor))
    for section in doc.iter_sections():
        rows.append((section.anchor, section.received_title, section.title, section.anchor))
        for paragraph in section.paragraphs:
            rows.append((paragraph.anchor, paragraph.received, paragraph.text, paragraph.anchor))
    for line in doc.signoff.lines if doc.signoff else []:
        rows.append(("signoff", line.received, line.text, "signoff"))
    body = "\n".join(
        f'<tr id="o-{key}"><td lang="zh-Hant">{html_text(received)}</td>'
        f"<td>{html_text(text)}"
        + (f' <a href="{report.id}.html#{target}" title="回到正文">↩</a>' if target else "")
        + "</td></tr>"
        for key, received, text, target in rows
    )
    title = html_text(f"原文对照：{fm['title']}")
    return (
        dump_front_matter({"title": f"原文对照：{fm['title']}"})
        + f"{HTML_BODY_MARKER}\n<h1>{title}</h1>\n"
        f"<p>左栏是收到的文本（编码 {html_text(fm['encoding'])}，"
        f"已去掉 {fm['processing']['pinyin_glosses_removed']} 处拼音注音，断行已接回），"
        "右栏是本档案的简体正文，逐段对照。"
        f'<a href="{report.id}.html">返回报告</a></p>\n'
        '<table class="original-table">\n<thead><tr><th>原文（收到的文本）</th><th>简体正文</th>'
        f"</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n"
    )


def _related_list(report: Report) -> str:
    items = []
    for item in report.related:
        reasons = "；".join(_short(reason, 60) for reason in item.reasons)
        items.append(
            f'<li><a href="{url_part(item.report_id)}.html">{html_text(item.title)}</a>'
            f"<br><small>{html_text(reasons)}</small></li>"
        )
    return (
        heading(2, "related", "相关报告")
        + "<p>与本报告主题、指标、引用的法规、地区或年度相同最多的报告（计分规则见"
        '<a href="../about.html#related">关于与方法</a>）。</p>\n'
        f'<ul class="related-reports">\n{chr(10).join(items)}\n</ul>\n'
    )


def format_value(metric: Metric) -> str:
    """``2,510,000 元``, ``99.89 %``: the value with thousands separators and its unit."""
    value = f"{metric.value:,}" if isinstance(metric.value, int) else f"{metric.value:,.6g}"
    return f"{value} {metric.unit}"


def _section(section: Section, marks, inserts) -> list[str]:
    out = [heading(section.level, section.anchor, section.title)]
    out.extend(_paragraphs(section.paragraphs, marks, inserts))
    for child in section.children:
        out.extend(_section(child, marks, inserts))
    return out


def _paragraphs(paragraphs: list[Paragraph], marks, inserts) -> list[str]:
    out = []
    for paragraph in paragraphs:
        text = marked(
            paragraph.text, marks.get(paragraph.anchor, []), inserts.get(paragraph.anchor, [])
        )
        out.append(f'<p id="{paragraph.anchor}" class="report-para">{text}</p>\n')
    return out


def marked(text: str, marks: list[Mark], inserts: list[Insert] = ()) -> str:
    """``text`` HTML-escaped, with non-overlapping marks wrapped and inserts placed."""
    # The chosen marks never overlap, so sorted by start they are sorted by end too: a new
    # mark is checked against one of them (checking it against all was quadratic).
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (-m.priority, m.start, -m.end)):
        # The last chosen mark starting before this one ends has the largest end of those.
        before = bisect.bisect_left(starts, mark.end) - 1
        if before >= 0 and ends[before] > mark.start:
            continue
        at = bisect.bisect_right(starts, mark.start)
        starts.insert(at, mark.start)
        ends.insert(at, mark.end)
        chosen.append(mark)
    events: list[tuple[int, int, str]] = []  # (offset, order, html): closes before inserts
    for mark in chosen:
        events.append((mark.start, 2, mark.open))
        events.append((mark.end, 0, mark.close))
    for insert in inserts:
        events.append((insert.offset, 1, insert.html))
    out, cursor = [], 0
    for offset, _, piece in sorted(events, key=lambda e: (e[0], e[1])):
        out.append(html_text(text[cursor:offset]))
        out.append(piece)
        cursor = offset
    out.append(html_text(text[cursor:]))
    return "".join(out)


def _metric_marks(metrics: list[Metric]) -> list[Mark]:
    return [
        Mark(
            m.paragraph,
            m.start,
            m.end,
            # The tooltip (label · value · kind) is set by report-tooltips.js from the
            # table row this links to: a title on every figure would repeat the table.
            f'<a class="metric" id="{m.anchor}" href="#metric-{m.anchor}">',
            "</a>",
            priority=3,
        )
        for m in metrics
    ]


def _law_marks(report: Report) -> list[Mark]:
    """Cited documents: laws and regulations link to their page; local documents only say so."""
    marks = []
    for citation in report.citations:
        law = citation.law
        label = f"{LAW_KIND_LABELS[law.kind]}：{law.title}"
        if law.kind == "local-document":
            open_, close = (
                f'<span class="citation citation--local" title="{html_attr(label)}">',
                "</span>",
            )
        else:
            href = f"../laws/{url_part(law.id)}.html"
            open_ = f'<a class="citation" href="{href}" title="{html_attr(label)}">'
            close = "</a>"
        marks.append(Mark(citation.paragraph, citation.start, citation.end, open_, close, 2))
    return marks


def _term_marks(report: Report) -> list[Mark]:
    """Glossary terms: a tooltip with the definition, a link to the entry (below figures).

    Only a term's first occurrence in each top-level section is marked, as encyclopaedias
    link a term once per section: marking all of them was a tenth of a page's weight.
    """
    seen: set[tuple[str, str]] = set()
    hits = []
    for hit in report.terms:
        key = (hit.paragraph.split("-", 1)[0], hit.term.id)
        if key not in seen:
            seen.add(key)
            hits.append(hit)
    return [
        Mark(
            hit.paragraph,
            hit.start,
            hit.end,
            # report-tooltips.js sets the tooltip from glossary-terms.js.
            f'<a class="term" href="../glossary.html#{url_part(hit.term.id)}">',
            "</a>",
            priority=1,
        )
        for hit in hits
    ]


def _note_markers(report: Report) -> list[Insert]:
    return [
        Insert(
            a.paragraph,
            a.offset,
            f'<sup class="annotation" id="{a.anchor}"><a href="#notes-{a.number}" '
            f'title="编者注：{html_attr(a.note.text)}">[{a.number}]</a></sup>',
        )
        for a in report.annotations
    ]


def _notes_list(report: Report) -> str:
    items = "\n".join(
        f'<li id="notes-{a.number}">{html_text(a.note.text)} '
        f'<a href="#{a.anchor}" title="回到正文">↩</a></li>'
        for a in report.annotations
    )
    return (
        heading(2, "notes", "编者注")
        + f"<p>编辑为本报告加了 {len(report.annotations)} 条注释（来自旁注文件 "
        f"<code>seeds/{html_text(report.source.path.stem)}.yml</code>）。</p>\n"
        f'<ol class="annotation-list">\n{items}\n</ol>\n'
    )


def _checklist_box(report: Report) -> str:
    """The five items 厅字〔2019〕28号 asks of an annual report, and the 1 April deadline."""
    checklist = report.checklist
    rows = []
    for item in checklist.items:
        if item.present:
            links = "、".join(
                f'<a href="#{a}">{_anchor_label(report, a)}</a>' for a in item.anchors[:4]
            )
            status = f'<span class="checklist-yes" title="有">✓</span> {links}'
        else:
            status = '<span class="checklist-no" title="没有">✗</span> 未见'
        rows.append(f"<li><strong>{html_text(item.name)}</strong>：{status}</li>")
    if checklist.on_time is None:
        timing = "发布日期或报告年度不详，无法判断是否按时公开。"
    elif checklist.on_time:
        timing = f"已按时公开（不晚于 {checklist.deadline.isoformat()}）。"
    else:
        timing = f"晚于公开期限 {checklist.deadline.isoformat()}。"
    return (
        '<details class="report-checklist">'
        f"<summary>督察规定要求的五项内容：{checklist.covered}/5 · {html_text(timing)}</summary>"
        '<p class="report-checklist__note">'
        "《法治政府建设与责任落实督察工作规定》（厅字〔2019〕28号）要求年度报告包括以下五项内容，并于次年4月1日前公开。"
        '<a href="../checklist.html">各报告对照</a></p>'
        f"<ul>{''.join(rows)}</ul></details>\n"
    )


def _anchor_label(report: Report, anchor: str) -> str:
    for section in report.document.iter_sections():
        if section.anchor == anchor:
            return html_text(_short(section.title, 18))
    return "段落 " + anchor


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


#: Before a value the report gives as about so much (metric.approx).
APPROX_MARK = '<span class="metric-approx" title="约数（原文有“余、多、近、约、以上”等）">≈</span> '


def _metric_table(metrics: list[Metric]) -> str:
    """``## 报告中的数字``: every metric grouped by section, each row linking back to the text."""
    names = {indicator.id: indicator.name for indicator in load_taxonomy()}
    rows = []
    current = None
    for metric in metrics:
        if metric.section_anchor != current:
            current = metric.section_anchor
            section_title = metric.section[-1] if metric.section else "开头"
            target = f"#{current}" if current else "#s0-p1"
            rows.append(
                f'<tr class="metric-table__section"><th colspan="3">'
                f'<a href="{target}">{html_text(section_title)}</a></th></tr>'
            )
        indicator = ""
        if metric.indicator != UNCLASSIFIED:
            name = html_text(names.get(metric.indicator, metric.indicator))
            indicator = (
                '<br><small class="metric-indicator">'
                f'<a href="../indicators/{url_part(metric.indicator)}.html">{name}</a></small>'
            )
        approx = APPROX_MARK if metric.approx else ""
        # The value links back to the figure in the text.
        rows.append(
            f'<tr id="metric-{metric.anchor}"><td>{html_text(metric.label)}{indicator}</td>'
            f'<td>{approx}<a href="#{metric.anchor}">{html_text(format_value(metric))}</a>'
            f"</td><td>{KIND_LABELS[metric.kind]}</td></tr>"
        )
    body = "\n".join(rows)
    return (
        heading(2, "metrics", "报告中的数字") + f"<p>本报告正文中共标出 {len(metrics)} 个数字。"
        "点击数值回到原文的句子；原文中标出的数字也链接到这里。</p>\n"
        '<table class="metric-table">\n<thead><tr><th>指标</th><th>数值（链接到原文）</th>'
        "<th>类型</th></tr></thead>\n<tbody>\n"
        f"{body}\n</tbody>\n</table>\n"
    )
