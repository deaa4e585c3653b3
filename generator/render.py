"""Render one report as a Markdown page: YAML front matter, then headings and paragraphs.

Report text is data, never markup: paragraphs are written as raw HTML blocks with the text
HTML-escaped (Python-Markdown passes raw HTML blocks through untouched, so ``*``, ``_``,
``[`` or ``<script>`` in a report stay literal), and headings escape every character
Markdown would interpret.
"""

from __future__ import annotations

import html
import re
from typing import Any

import yaml

from .indicators import UNCLASSIFIED, load_taxonomy
from .metrics import KIND_LABELS, Metric
from .structure import Document, Paragraph, Section

#: The characters that are syntax inside a heading or list item: emphasis, code, links and
#: images (a bracket is needed for either, so ``(``, ``)`` and ``!`` stay plain), attr_list
#: braces and closing hashes. ``1.`` or ``-`` are lists only at the start of a line, which a
#: heading's text never is. Each is backslash-escapable in Python-Markdown.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#])")


def dump_front_matter(data: dict[str, Any]) -> str:
    """YAML front matter, Chinese kept readable; the only way front matter is written."""
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{body}---\n"


def escape_inline(text: str) -> str:
    """Text that Markdown shows exactly as given inside a heading or list item."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def render_report(
    front_matter: dict[str, Any], doc: Document, metrics: list[Metric] | None = None
) -> str:
    """The Markdown page of one report; each metric is marked in the text and tabled at the end."""
    metrics = metrics or []
    by_paragraph: dict[str, list[Metric]] = {}
    for metric in metrics:
        by_paragraph.setdefault(metric.paragraph, []).append(metric)
    parts = [dump_front_matter(front_matter)]
    parts.extend(_paragraphs(doc.intro, by_paragraph))
    for section in doc.sections:
        parts.extend(_section(section, by_paragraph))
    if doc.signoff:
        lines = "".join(f"<p>{html.escape(line.text)}</p>" for line in doc.signoff.lines)
        parts.append(f'<div class="report-signoff" id="signoff">{lines}</div>\n')
    if metrics:
        parts.append(_metric_table(metrics))
    return "\n".join(parts)


def format_value(metric: Metric) -> str:
    """``2,510,000 元``, ``99.89 %``: the value with thousands separators and its unit."""
    value = f"{metric.value:,}" if isinstance(metric.value, int) else f"{metric.value:,.6g}"
    return f"{value} {metric.unit}"


def _title(metric: Metric) -> str:
    approx = "约" if metric.approx else ""
    return f"{metric.label} · {approx}{format_value(metric)} · {KIND_LABELS[metric.kind]}"


def _section(section: Section, by_paragraph: dict[str, list[Metric]]) -> list[str]:
    hashes = "#" * section.level
    out = [f"{hashes} {escape_inline(section.title)} {{#{section.anchor}}}\n"]
    out.extend(_paragraphs(section.paragraphs, by_paragraph))
    for child in section.children:
        out.extend(_section(child, by_paragraph))
    return out


def _paragraphs(paragraphs: list[Paragraph], by_paragraph: dict[str, list[Metric]]) -> list[str]:
    out = []
    for paragraph in paragraphs:
        text = _marked(paragraph.text, by_paragraph.get(paragraph.anchor, []))
        out.append(f'<p id="{paragraph.anchor}" class="report-para">{text}</p>\n')
    return out


def _marked(text: str, metrics: list[Metric]) -> str:
    """The paragraph's text, escaped, with each figure a link to its row in the metric table."""
    out, cursor = [], 0
    for metric in sorted(metrics, key=lambda m: m.start):
        out.append(html.escape(text[cursor : metric.start], quote=False))
        out.append(
            f'<a class="metric" id="{metric.anchor}" href="#metric-{metric.anchor}" '
            f'title="{html.escape(_title(metric))}">'
            f"{html.escape(text[metric.start : metric.end], quote=False)}</a>"
        )
        cursor = metric.end
    out.append(html.escape(text[cursor:], quote=False))
    return "".join(out)


def _metric_table(metrics: list[Metric]) -> str:
    """``## 报告中的数字``: every metric grouped by section, each row linking back to the text."""
    names = {indicator.id: indicator.name for indicator in load_taxonomy()}
    rows = []
    current = None
    for metric in metrics:
        if metric.section_anchor != current:
            current = metric.section_anchor
            heading = metric.section[-1] if metric.section else "开头"
            target = f"#{current}" if current else "#s0-p1"
            rows.append(
                f'<tr class="metric-table__section"><th colspan="4">'
                f'<a href="{target}">{html.escape(heading)}</a></th></tr>'
            )
        indicator = ""
        if metric.indicator != UNCLASSIFIED:
            name = html.escape(names.get(metric.indicator, metric.indicator))
            indicator = (
                '<br><small class="metric-indicator">'
                f'<a href="../indicators/{metric.indicator}.html">{name}</a></small>'
            )
        approx = (
            '<span class="metric-approx" title="约数（原文有“余、多、近、约、以上”等）">≈</span> '
            if metric.approx
            else ""
        )
        rows.append(
            f'<tr id="metric-{metric.anchor}"><td>{html.escape(metric.label)}{indicator}</td>'
            f'<td class="metric-value">{approx}{html.escape(format_value(metric))}</td>'
            f"<td>{KIND_LABELS[metric.kind]}</td>"
            f'<td><a href="#{metric.anchor}" title="{html.escape(metric.context)}">↩ 原文</a>'
            "</td></tr>"
        )
    body = "\n".join(rows)
    return (
        "## 报告中的数字 {#metrics}\n\n"
        f"本报告正文中共标出 {len(metrics)} 个数字。"
        "点击“原文”回到句子；原文中标出的数字也链接到这里。\n\n"
        '<table class="metric-table">\n<thead><tr><th>指标</th><th>数值</th><th>类型</th>'
        "<th>原文</th></tr></thead>\n<tbody>\n"
        f"{body}\n</tbody>\n</table>\n"
    )
