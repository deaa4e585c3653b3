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

from .structure import Document, Section

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


def render_report(front_matter: dict[str, Any], doc: Document) -> str:
    """The Markdown page of one report."""
    parts = [dump_front_matter(front_matter)]
    parts.extend(_paragraphs(doc.intro))
    for section in doc.sections:
        parts.extend(_section(section))
    if doc.signoff:
        lines = "".join(f"<p>{html.escape(line.text)}</p>" for line in doc.signoff.lines)
        parts.append(f'<div class="report-signoff" id="signoff">{lines}</div>\n')
    return "\n".join(parts)


def _section(section: Section) -> list[str]:
    hashes = "#" * section.level
    out = [f"{hashes} {escape_inline(section.title)} {{#{section.anchor}}}\n"]
    out.extend(_paragraphs(section.paragraphs))
    for child in section.children:
        out.extend(_section(child))
    return out


def _paragraphs(paragraphs) -> list[str]:
    return [
        f'<p id="{p.anchor}" class="report-para">{html.escape(p.text, quote=False)}</p>\n'
        for p in paragraphs
    ]
