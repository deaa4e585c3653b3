"""Render one report as a page: YAML front matter, then the report as readable Markdown.

The Markdown holds the text and its structure only: the title line (carrying the report's
id), headings and paragraphs with their anchors as attribute lists, the sign-off, the table
of figures and the lists around them. Report text is data, never markup: every string from a
report goes through :func:`generator.escape.markdown_text`, so ``*``, ``_``, ``[`` or
``<script>`` stay literal. What the reader sees on top of the text (figure marks, glossary
terms, law links, editors' note markers) is not written into it: :func:`annotations` keeps
it as data, offsets into each paragraph's text, in ``reports/<id>.annotations.json``, and
``generator.mdx`` (a Python-Markdown extension configured in ``mkdocs.yml``) applies it when
the page is rendered.

Two blocks are HTML, because Markdown has no form for them (see :data:`HTML_BLOCKS`): the
checklist box and the citation box. Neither holds report text.
"""

from __future__ import annotations

import bisect
import io
import json
import tarfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .cite import DATE_PLACEHOLDER, gb7714
from .escape import front_matter as dump_front_matter
from .escape import html_attr, html_text, json_in_html, markdown_code, markdown_text, url_part
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
#: Report pages no longer use it (the side-by-side original still does).
HTML_BODY_MARKER = "<!-- archive:html -->"

#: The only HTML blocks a report's Markdown may hold (tag and class), each because Markdown
#: has no form for it: the checklist (a collapsible box whose items carry ✓/✗ marks with
#: tooltips) and the citation box (a code block whose text cite.js rewrites from a template
#: attribute). Neither holds report text; tests/test_markdown_body.py checks the list.
HTML_BLOCKS = (("details", "report-checklist"), ("div", "report-cite"))

#: ``reports/<id>`` + this: the annotations of one report, read by ``generator.mdx``.
ANNOTATIONS_SUFFIX = ".annotations.json"
#: ``reports/<id>`` + this: the report's Markdown as a download (``.md`` would be a page).
MARKDOWN_DOWNLOAD_SUFFIX = ".md.txt"
#: Every report's Markdown in one file (``<id>.md`` each), documented in docs/data.md.
MARKDOWN_ARCHIVE = "data/reports-markdown.tar.xz"
#: xz preset of the Markdown archive: 1 is a quarter of zip's size for one second at 1,000
#: reports (preset 3 gains a quarter more for three times the time).
MARKDOWN_XZ_PRESET = 1


def md_heading(level: int, anchor: str, text: str) -> str:
    """A Markdown heading with its anchor as an attribute list (``## 一、… {#s1}``)."""
    return f"{'#' * level} {markdown_text(text)} {{#{anchor}}}\n\n"


@dataclass(frozen=True)
class PageParts:
    """A report page around its related-reports list, which needs the whole collection: the
    rest is rendered as soon as the report is converted (in a worker process)."""

    head: bytes  # UTF-8: half the memory of a str of Chinese text, 10,000 pages at once
    tail: bytes
    annotations: bytes  # the JSON of :func:`annotations`
    #: ``head[furniture[0]:furniture[1]]`` is what the page adds above the text (checklist,
    #: topics and laws, the note on the original): left out of :meth:`markdown`.
    furniture: tuple[int, int] = (0, 0)

    def markdown(self) -> bytes:
        """The report's own Markdown, the download: front matter, title, headings and
        paragraphs, sign-off, figure table and editors' notes, without the archive's
        furniture around them (checklist, topic and law links, related reports, citation
        box), whose relative links lead nowhere outside the site."""
        start, end = self.furniture
        return self.head[:start] + self.head[end:]


@dataclass(frozen=True)
class Mark:
    """An annotation over ``text[start:end]`` of one paragraph; overlapping marks of lower
    priority are dropped (a figure inside a glossary term stays a figure)."""

    paragraph: str
    start: int
    end: int
    data: dict  # the annotation record without its offsets (see :func:`annotations`)
    priority: int


@dataclass(frozen=True)
class Insert:
    """An annotation at one offset of a paragraph (an editors' note marker)."""

    paragraph: str
    offset: int
    data: dict


def render_report(report: Report) -> str:
    """The page of one report (front matter and Markdown body).

    Figures are tabled at the end; editors' notes are listed at the end; the checklist of the
    regulation opens the page. The marks in the text are :func:`annotations`.
    """
    return assemble(report, render_parts(report)).decode("utf-8")


def assemble(report: Report, parts: PageParts, after_related: str = "") -> bytes:
    """The page (UTF-8) from its parts and the report's related reports.

    ``after_related``: more Markdown that needs the whole collection, put after the related
    reports (the year-over-year links and the text found in other reports,
    reuse_pages.report_section); like them it is furniture, not in :meth:`PageParts.markdown`.
    """
    related = _related_list(report).encode("utf-8") if report.related else b""
    return parts.head + related + after_related.encode("utf-8") + parts.tail


def render_parts(report: Report) -> PageParts:
    """Everything of the page that depends on this report alone."""
    doc = report.document
    parts = [dump_front_matter(report.front_matter()), "\n"]
    title = report.front_matter()["title"] or report.id
    # The title line names the report, so generator.mdx finds its annotations; the theme
    # draws the page's <h1> from the front matter (with the editors' mark), not from it.
    parts.append(f'# {markdown_text(title)} {{: data-report="{report.id}" }}\n\n')
    before = "".join(parts)
    furniture = [_checklist_box(report)] if report.checklist else []
    furniture += [_threads(report), _original_note(report)]
    parts.extend(furniture)
    start = len(before.encode("utf-8"))
    furniture_span = (start, start + len("".join(furniture).encode("utf-8")))
    parts.extend(_paragraphs(doc.intro))
    for section in doc.sections:
        parts.extend(_section(section))
    if doc.signoff:
        lines = "  \n".join(markdown_text(line.text) for line in doc.signoff.lines)
        parts.append(f"{lines}\n{{: #signoff .report-signoff }}\n\n")
    if report.metrics:
        parts.append(_metric_table(report.metrics))
    if report.annotations:
        parts.append(_notes_list(report))
    data = json.dumps(annotations(report), ensure_ascii=False, separators=(",", ":"))
    return PageParts(
        "".join(parts).encode("utf-8"),
        _citation(report).encode("utf-8"),
        data.encode("utf-8"),
        furniture_span,
    )


def markdown_archive(texts: dict[str, bytes]) -> bytes:
    """``data/reports-markdown.tar.xz``: each report's Markdown (:meth:`PageParts.markdown`)
    as ``<id>.md``, in id order, with a fixed date, so the same reports give the same bytes.

    One xz stream over all files (a tar, not a zip, whose members are compressed one by
    one): the reports share their front matter's keys and much of their wording.
    """
    buffer = io.BytesIO()
    with tarfile.open(
        fileobj=buffer, mode="w:xz", format=tarfile.PAX_FORMAT, preset=MARKDOWN_XZ_PRESET
    ) as archive:
        for report_id in sorted(texts):
            info = tarfile.TarInfo(f"{report_id}.md")
            info.size = len(texts[report_id])
            info.mtime = 1577836800  # 2020-01-01
            info.mode = 0o644
            archive.addfile(info, io.BytesIO(texts[report_id]))
    return buffer.getvalue()


def annotations(report: Report) -> dict:
    """What the page shows on top of the text, as data: for each paragraph anchor, the
    annotations in it with their offsets into the paragraph's text, in reading order.

    ``{"kind": "figure", "start": 3, "end": 9, "id": "m1"}``, ``"law"`` (``law``, ``title``,
    ``label``, ``local``), ``"term"`` (``term``) over a span; ``"note"`` (``number``,
    ``text``) at ``start == end``. Marks never overlap: of two that would, the figure wins
    over the law and the law over the term (:func:`choose_marks`).
    """
    marks: dict[str, list[Mark]] = {}
    for mark in [*_metric_marks(report.metrics), *_law_marks(report), *_term_marks(report)]:
        marks.setdefault(mark.paragraph, []).append(mark)
    records: dict[str, list[dict]] = {}
    for anchor, group in marks.items():
        for mark in choose_marks(group):
            record = {"kind": "", "start": mark.start, "end": mark.end, **mark.data}
            records.setdefault(anchor, []).append(record)
    for insert in _note_markers(report):
        record = {"kind": "", "start": insert.offset, "end": insert.offset, **insert.data}
        records.setdefault(insert.paragraph, []).append(record)
    order = {p.anchor: i for i, p in enumerate(report.document.iter_paragraphs())}
    paragraphs = {
        anchor: sorted(items, key=lambda r: (r["start"], r["end"] != r["start"], r["end"]))
        for anchor, items in sorted(records.items(), key=lambda item: order.get(item[0], -1))
    }
    lengths = {anchor: len(p.text) for anchor, p in _paragraph_map(report).items()}
    return {
        "report": report.id,
        # The definitions behind the terms' tooltips, shared by every report page (the
        # browser caches it): written on each page they were a fifth of its weight.
        "scripts": [f"../{GLOSSARY_SCRIPT}"] if report.terms else [],
        # Each annotated paragraph's length: generator.mdx checks that the text it renders is
        # the text the offsets count in.
        "lengths": {anchor: lengths[anchor] for anchor in paragraphs},
        "paragraphs": paragraphs,
    }


def _paragraph_map(report: Report) -> dict[str, Paragraph]:
    return {p.anchor: p for p in report.document.iter_paragraphs()}


def choose_marks(marks: list[Mark]) -> list[Mark]:
    """The marks of one paragraph that do not overlap, higher priority first, by start."""
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
        chosen.insert(at, mark)
    return chosen


def _citation(report: Report) -> str:
    """How to cite: GB/T 7714 on the page (cite.js fills in the URL and the date), BibTeX and
    CSL-JSON as downloads (shown on the page too, they were a tenth of its weight), and the
    page's own Markdown. An HTML block (see :data:`HTML_BLOCKS`): the code element carries
    the template cite.js fills in."""
    relative = f"reports/{report.id}.html"
    default = gb7714(report, relative)
    template = gb7714(report, "{URL}", "{DATE}")
    markdown = f"{report.id}{MARKDOWN_DOWNLOAD_SUFFIX}"
    received = ""
    served = received_file_path(report)
    if served:
        what = RECEIVED_LABELS.get(report.source.format, report.source.format)
        received = (
            f' · <a href="{html_attr(served.removeprefix("reports/"))}" '
            f'download="{html_attr(report.source.name)}">收到的文件（{what}）</a>'
        )
    url = report.front_matter()["source_url"]
    page = f'<p>原网页：<a href="{html_attr(url)}">{html_text(url)}</a></p>' if url else ""
    blocks = [
        f'<p><strong>GB/T 7714</strong> · <a href="{report.id}.bib" download>BibTeX</a>'
        f' · <a href="{report.id}.csl.json" download>CSL-JSON</a>'
        f' · <a href="{markdown}" download="{report.id}.md" type="text/markdown">Markdown</a>'
        f"{received}</p>{page}"
        f'<pre><code data-cite-template="{html_attr(template)}">'
        f"{html_text(default)}</code></pre>"
    ]
    return (
        md_heading(2, "cite", "如何引用") + '<div class="report-cite">'
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
        f"[{markdown_text(names.get(t, t))}](../topics/{url_part(t)}.md)" for t in topics
    )
    laws = "、".join(
        f"[《{markdown_text(law['title'])}》](../laws/{url_part(law['id'])}.md)"
        for law in report.law_records()
        if law["kind"] != "local-document"
    )
    return (
        f"**主题**：{links or '—'}  \n**引用的法律法规**：{laws or '—'}\n{{: .report-threads }}\n\n"
    )


def glossary_script() -> str:
    """``javascripts/glossary-terms.js``: entry id → "term：definition", for the tooltips."""
    tips = {t.id: f"{t.term}：{t.definition}" for t in load_glossary()}
    data = json_in_html(dict(sorted(tips.items())))
    return f"// Generated from generator/data/glossary.yml.\nwindow.ARCHIVE_GLOSSARY = {data};\n"


#: How the citation box names a received file's format.
RECEIVED_LABELS = {"html": "网页", "docx": "Word 文档", "pdf": "PDF"}


def received_file_path(report: Report) -> str | None:
    """Where the site serves the file as received, for a report that came as a web page,
    Word document or PDF (a plain-text report's text is its page's). A saved web page is
    served as ``.html.txt``, as text: opened on this site's origin as HTML, a third party's
    page would run its scripts here."""
    if report.source.format == "text":
        return None
    suffix = report.source.path.suffix.lower()
    served = ".html.txt" if report.source.format == "html" else suffix
    return f"reports/{report.id}.source{served}"


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
            f"[原文对照]({report.id}.original.md)：收到的{script}文本（已去掉拼音注音）"
            "与本页简体正文逐段并排对照。\n{: .report-original }\n\n"
        )
    extra = f"，只移除了 {removed} 行网页杂项（见元数据卡片的处理记录）" if removed else ""
    return f"原文对照：收到的原文为简体，与本页正文逐字相同{extra}。\n{{: .report-original }}\n\n"


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
    """``## 相关报告``: each a link and, on its second line, why (generator.mdx sets that line
    in small type)."""
    items = []
    for item in report.related:
        reasons = "；".join(_short(reason, 60) for reason in item.reasons)
        items.append(
            f"- [{markdown_text(item.title)}]({url_part(item.report_id)}.md)  \n"
            f"  {markdown_text(reasons)}\n"
        )
    return (
        md_heading(2, "related", "相关报告")
        + "与本报告主题、指标、引用的法规、地区或年度相同最多的报告（计分规则见"
        "[关于与方法](../about.md#related)）。\n\n"
        f"{''.join(items)}\n"
    )


def format_value(metric: Metric) -> str:
    """``2,510,000 元``, ``99.89 %``: the value with thousands separators and its unit."""
    value = f"{metric.value:,}" if isinstance(metric.value, int) else f"{metric.value:,.6g}"
    return f"{value} {metric.unit}"


def _section(section: Section) -> list[str]:
    out = [md_heading(section.level, section.anchor, section.title)]
    out.extend(_paragraphs(section.paragraphs))
    for child in section.children:
        out.extend(_section(child))
    return out


def _paragraphs(paragraphs: list[Paragraph]) -> list[str]:
    # The anchor and class as an attribute list on the paragraph's last line.
    return [
        f"{markdown_text(paragraph.text)}\n{{: #{paragraph.anchor} .report-para }}\n\n"
        for paragraph in paragraphs
    ]


def _metric_marks(metrics: list[Metric]) -> list[Mark]:
    # The tooltip (label · value · kind) is set by report-tooltips.js from the table row
    # this links to: a title on every figure would repeat the table.
    return [
        Mark(m.paragraph, m.start, m.end, {"kind": "figure", "id": m.anchor}, priority=3)
        for m in metrics
    ]


def _law_marks(report: Report) -> list[Mark]:
    """Cited documents: laws and regulations link to their page; local documents only say so."""
    marks = []
    for citation in report.citations:
        law = citation.law
        data = {
            "kind": "law",
            "law": law.id,
            "label": f"{LAW_KIND_LABELS[law.kind]}：{law.title}",
            "local": law.kind == "local-document",
        }
        marks.append(Mark(citation.paragraph, citation.start, citation.end, data, 2))
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
    # report-tooltips.js sets the tooltip from glossary-terms.js.
    return [
        Mark(hit.paragraph, hit.start, hit.end, {"kind": "term", "term": hit.term.id}, 1)
        for hit in hits
    ]


def _note_markers(report: Report) -> list[Insert]:
    return [
        Insert(a.paragraph, a.offset, {"kind": "note", "number": a.number, "text": a.note.text})
        for a in report.annotations
    ]


def _notes_list(report: Report) -> str:
    """``## 编者注``: the notes in order, each with its anchor (``notes-1``) and a link back
    to its marker in the text."""
    items = "".join(
        f'1. {markdown_text(a.note.text)} [↩](#{a.anchor} "回到正文")\n'
        f"    {{: #notes-{a.number} }}\n"
        for a in report.annotations
    )
    sidecar = markdown_code(f"seeds/{report.source.path.stem}.yml")
    return (
        md_heading(2, "notes", "编者注")
        + f"编辑为本报告加了 {len(report.annotations)} 条注释（来自旁注文件 {sidecar}）。\n\n"
        f"{items}\n"
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
        f"<ul>{''.join(rows)}</ul></details>\n\n"
    )


def _anchor_label(report: Report, anchor: str) -> str:
    for section in report.document.iter_sections():
        if section.anchor == anchor:
            return html_text(_short(section.title, 18))
    return "段落 " + anchor


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


#: Before a value the report gives as about so much (metric.approx); generator.mdx gives
#: it the tooltip ``APPROX_TITLE``.
APPROX = "≈"
APPROX_TITLE = "约数（原文有“余、多、近、约、以上”等）"
#: The same mark as HTML, for the pages that are still written as HTML (indicator pages).
APPROX_MARK = f'<span class="metric-approx" title="{APPROX_TITLE}">{APPROX}</span> '
#: Between a figure's label and its indicator in the label cell (generator.mdx sets the
#: indicator on a line of its own in small type).
INDICATOR_SEPARATOR = " · "


def _metric_table(metrics: list[Metric]) -> str:
    """``## 报告中的数字``: every metric grouped by section, each row linking back to the text.

    A section starts with a row whose only cell is a link to it; generator.mdx draws that
    row across the table and gives each figure's row the id its mark in the text links to.
    """
    names = {indicator.id: indicator.name for indicator in load_taxonomy()}
    rows = []
    current = None
    for metric in metrics:
        if metric.section_anchor != current:
            current = metric.section_anchor
            section_title = metric.section[-1] if metric.section else "开头"
            target = f"#{current}" if current else "#s0-p1"
            rows.append(f"| [{markdown_text(section_title)}]({target}) | | |")
        label = markdown_text(metric.label)
        if metric.indicator != UNCLASSIFIED:
            name = markdown_text(names.get(metric.indicator, metric.indicator))
            label += f"{INDICATOR_SEPARATOR}[{name}](../indicators/{url_part(metric.indicator)}.md)"
        approx = f"{APPROX} " if metric.approx else ""
        # The value links back to the figure in the text.
        value = f"{approx}[{markdown_text(format_value(metric))}](#{metric.anchor})"
        rows.append(f"| {label} | {value} | {KIND_LABELS[metric.kind]} |")
    body = "\n".join(rows)
    return (
        md_heading(2, "metrics", "报告中的数字") + f"本报告正文中共标出 {len(metrics)} 个数字。"
        "点击数值回到原文的句子；原文中标出的数字也链接到这里。\n\n"
        "| 指标 | 数值（链接到原文） | 类型 |\n| --- | --- | --- |\n"
        f"{body}\n\n"
    )
