"""The Python-Markdown extension that draws a report page's annotations (``generator.mdx``).

A report's Markdown (generator/render.py) holds its text only; what a reader sees on top of
it (figure marks, glossary terms, law links, editors' note markers) is data, offsets into
each paragraph's text, in ``<id>.annotations.json`` next to the page. This extension, listed
in ``mkdocs.yml``'s ``markdown_extensions``, applies it when MkDocs renders the page:

- the page's title line (``# 标题 {: data-report="<id>" }``) names the report; it is taken
  out of the body (the theme draws the page's ``<h1>`` from the front matter, with the
  editors' mark) and the report's annotations are read from ``annotations_dir``;
- after Python-Markdown has rendered the paragraphs (and undone the backslash escapes, so a
  paragraph's text is exactly the report's), each annotated paragraph's text is split at the
  offsets and the marks are made as elements: text stays text nodes, which the serializer
  escapes, and attribute values are set as attributes, never built as HTML strings;
- the structures Markdown has no classes for get them: the table of figures (a section row
  across the table, the row ids the figure marks link to, the indicator in small type and
  the 约数 mark), the related reports' reasons in small type, the list classes.

Pages without a title line naming a report (every hand-written page) are left as they are.
The extension also lets a backslash escape every ASCII punctuation character, as CommonMark
does: the converter escapes ``<``, ``&``, ``|`` and ``$`` in report text that way
(generator.escape.markdown_text).
"""

from __future__ import annotations

import json
import logging
import re
import string
import xml.etree.ElementTree as etree
from pathlib import Path

from markdown import Extension, Markdown
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX, AtomicString

from .escape import url_part

log = logging.getLogger("mkdocs.extensions.generator.mdx")

#: ``<id>`` + this, in ``annotations_dir``: written by the converter (render.ANNOTATIONS_SUFFIX).
SUFFIX = ".annotations.json"
#: A report id as the converter makes them (report.report_id): nothing that leaves the folder.
_REPORT_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]{0,200}")
#: Kept in step with render.APPROX, APPROX_TITLE and INDICATOR_SEPARATOR (render imports the
#: converter's data; a page render should not).
APPROX = "≈"
APPROX_TITLE = "约数（原文有“余、多、近、约、以上”等）"
INDICATOR_SEPARATOR = " · "
GLOSSARY_PAGE = "../glossary.html"
#: An ``&`` the serializer would take for the start of an entity (markdown.serializers.RE_AMP).
_ENTITY_LIKE = re.compile(r"&(?=(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", re.I)
LAW_PAGES = "../laws/"


class ArchiveExtension(Extension):
    """``generator.mdx`` in ``mkdocs.yml``; ``annotations_dir`` is the folder of the reports'
    annotation files (the converter's ``build/docs/reports``)."""

    def __init__(self, **kwargs):
        self.config = {
            "annotations_dir": [
                "",
                "Folder of the reports' {id}.annotations.json (the converter's build/docs/reports)",
            ],
            "docs_dir": [
                "",
                "The converter's docs tree, when annotations_dir is not given: its reports/ "
                "folder holds the annotations (mkdocs.yml passes its own docs_dir)",
            ],
            "fast": [
                True,
                "Read the inline Markdown the converter writes in report pages directly "
                "(the same HTML as Python-Markdown's inline pass, a fraction of its time)",
            ],
        }
        super().__init__(**kwargs)
        self.data: dict | None = None
        self.ampersand = False  # whether the page's Markdown or annotations hold an ``&``

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # CommonMark: a backslash escapes any ASCII punctuation character.
        md.ESCAPED_CHARS.extend(c for c in string.punctuation if c not in md.ESCAPED_CHARS)
        md.preprocessors.register(_AmpersandSeen(md, self), "archive_ampersand", 40)
        if self.getConfig("fast"):
            # Before Python-Markdown's inline pass (20), which it spares the report's text.
            md.treeprocessors.register(_FastInline(md), "archive_fast_inline", 25)
        # After attr_list (8) has read the title's attributes, before toc (5) lists headings.
        md.treeprocessors.register(_TitleProcessor(md, self), "archive_report", 6)
        # After the backslash escapes are undone (unescape, 0): text is the report's text.
        md.treeprocessors.register(_AnnotationProcessor(md, self), "archive_annotations", -1)

    def reset(self) -> None:
        self.data = None
        self.ampersand = False

    def load(self, report_id: str) -> dict | None:
        """The annotations of ``report_id``; None, with a warning (an error under
        ``mkdocs build --strict``), when they cannot be read."""
        folder = self.getConfig("annotations_dir") or (
            str(Path(self.getConfig("docs_dir")) / "reports") if self.getConfig("docs_dir") else ""
        )
        if not _REPORT_ID.fullmatch(report_id) or ".." in report_id:
            log.warning("report page names an impossible report id %r", report_id)
            return None
        if not folder:
            log.warning(
                "generator.mdx: annotations_dir is not set; report %s unannotated", report_id
            )
            return None
        path = Path(folder) / f"{report_id}{SUFFIX}"
        try:
            text = path.read_text(encoding="utf-8")
            data = json.loads(text)
        except (OSError, ValueError) as exc:
            log.warning("%s: annotations of report %s not readable: %s", path, report_id, exc)
            return None
        self.ampersand = self.ampersand or "&" in text
        return data


class _AmpersandSeen(Preprocessor):
    def __init__(self, md: Markdown, ext: ArchiveExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        self.ext.ampersand = any("&" in line for line in lines)
        return lines


class _TitleProcessor(Treeprocessor):
    def __init__(self, md: Markdown, ext: ArchiveExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        first = next(iter(root), None)
        if first is None or first.tag != "h1" or "data-report" not in first.attrib:
            return
        root.remove(first)
        self.ext.data = self.ext.load(first.attrib["data-report"])


class _AnnotationProcessor(Treeprocessor):
    def __init__(self, md: Markdown, ext: ArchiveExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        if self.ext.data is not None:
            self._annotate_report(root, self.ext.data)
            self._register_anchors(root)
        # Text holds an & only where the Markdown or the annotations do (an entity in the
        # Markdown is stashed by Python-Markdown, never left in a text node).
        if self.ext.ampersand:
            self._keep_ampersands(root)

    def _annotate_report(self, root: etree.Element, data: dict) -> None:
        paragraphs = data.get("paragraphs", {})
        lengths = data.get("lengths", {})
        section = None
        children = list(root)
        by_anchor: dict[str, etree.Element] = {}
        for index, element in enumerate(children):
            tag = element.tag
            if tag == "p":
                anchor = element.get("id")
                if anchor:
                    by_anchor[anchor] = element
                if anchor in paragraphs:
                    _annotate(element, anchor, paragraphs[anchor], lengths.get(anchor), data)
                elif "report-threads" in (element.get("class") or "").split():
                    for offset, src in enumerate(data.get("scripts", []), start=1):
                        script = etree.Element("script", {"src": src})
                        root.insert(index + offset, script)
            elif tag in ("h2", "h3", "h4", "h5", "h6"):
                section = element.get("id")
            elif tag == "table" and section == "metrics":
                _figure_table(element)
            elif tag == "ol" and section == "notes":
                element.set("class", "annotation-list")
            elif tag == "ul" and section == "related":
                _related_list(element)
            elif tag == "ul" and section == "reuse":
                _reuse_marks(element, by_anchor)

    def _register_anchors(self, root: etree.Element) -> None:
        """MkDocs checks links into a page against the ids its own tree processor saw, which
        runs before the marks exist (they are made after the unescape pass): the marks' ids
        are added to its set, so a link to a figure (``#m41``) is not reported missing."""
        if "mkdocs_extract_anchors" not in self.md.treeprocessors:
            return  # not under MkDocs
        seen = getattr(self.md.treeprocessors["mkdocs_extract_anchors"], "present_anchor_ids", None)
        if isinstance(seen, set):
            seen.update(e.get("id") for e in root.iter() if e.get("id"))

    def _keep_ampersands(self, root: etree.Element) -> None:
        """Python-Markdown's serializer leaves ``&`` alone where it starts what looks like an
        entity (``&amp;``, ``&lt;``): report text that says ``&amp;`` would show as ``&``.
        Such an ``&`` is stashed as ``&amp;``, which the serializer cannot touch."""
        amp = None
        for element in root.iter():
            if element.tag in ("code", "pre"):  # already escaped by Python-Markdown
                continue
            for key, value in element.attrib.items():
                if "&" in value and _ENTITY_LIKE.search(value):
                    amp = amp or self.md.htmlStash.store("&amp;")
                    element.set(key, _ENTITY_LIKE.sub(amp, value))
            for name in ("text", "tail"):
                value = getattr(element, name)
                if value and "&" in value and _ENTITY_LIKE.search(value):
                    amp = amp or self.md.htmlStash.store("&amp;")
                    setattr(element, name, _ENTITY_LIKE.sub(amp, value))


#: The inline Markdown the converter writes in report pages (generator/render.py): backslash
#: escapes, links (with an optional title), strong emphasis and hard line breaks.
_TOKEN = re.compile(
    r"\\(?P<esc>[!-/:-@\[-`{-~])"
    r"|\[(?P<text>(?:\\[!-/:-@\[-`{-~]|[^\\\[\]`*_<>&{}])*)\]"
    r'\((?P<href>[^\s()"<>\\`]+)(?: "(?P<title>[^"\\&<>`*_]*)")?\)'
    r"|\*\*(?P<strong>(?:\\[!-/:-@\[-`{-~]|[^\\\[\]`*_<>&{}])+)\*\*"
    r"|(?P<br>  \n)"
)
#: Outside those tokens, what Python-Markdown could read as syntax: an element holding any of
#: it is left to Python-Markdown's inline pass.
_SYNTAX = re.compile(r"[\\`*_\[\]<>&{}]|  \n")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_TEXT_TAGS = frozenset(("p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"))


class _FastInline(Treeprocessor):
    """On report pages, the inline pass for the Markdown the converter writes.

    Python-Markdown tries some twenty patterns at every position of every text; a report's
    text is Chinese with, at most, backslash escapes, and its lists and table rows hold
    links. This reads exactly those forms (:data:`_TOKEN`) and makes the elements Python-
    Markdown would make, with their text marked atomic so its inline pass skips them. An
    element with anything else in it is left to Python-Markdown. tests/test_markdown_body.py
    renders every seed's page both ways and compares the HTML.
    """

    def run(self, root: etree.Element) -> None:
        first = next(iter(root), None)
        if first is None or first.tag != "h1" or "data-report=" not in (first.text or ""):
            return
        for element in root.iter():
            if element.tag in _TEXT_TAGS and not len(element) and element.text:
                _read_inline(element)


def _read_inline(element: etree.Element) -> None:
    text = element.text
    # The attribute list stays as text, for attr_list (which runs after the inline pass).
    pattern = _HEADING_ATTRS if element.tag[0] == "h" else _BLOCK_ATTRS
    attrs = pattern.search(text)
    cut = attrs.start() if attrs else len(text)
    parts: list[str | etree.Element] = []
    cursor = 0
    for match in _TOKEN.finditer(text, 0, cut):
        if _SYNTAX.search(text, cursor, match.start()):
            return
        parts.append(text[cursor : match.start()])
        cursor = match.end()
        if match.group("esc"):
            parts.append(_stashed(match.group("esc")))
        elif match.group("br"):
            parts.append(etree.Element("br"))
        elif match.group("strong") is not None:
            strong = etree.Element("strong")
            strong.text = AtomicString(_ESCAPE.sub(_stash_escape, match.group("strong")))
            parts.append(strong)
        else:
            link = etree.Element("a", {"href": match.group("href")})
            if match.group("title"):
                link.set("title", match.group("title"))
            link.text = AtomicString(_ESCAPE.sub(_stash_escape, match.group("text")))
            parts.append(link)
    if _SYNTAX.search(text, cursor, cut):
        return
    parts.append(text[cursor:])  # the attribute list with it
    out = _Builder(element)
    element.text = None
    for part in parts:
        if isinstance(part, str):
            out.text(part)
        else:
            out.add(part)
    if element.text:
        element.text = AtomicString(element.text)
    for child in element:
        if child.tail:
            child.tail = AtomicString(child.tail)


def _stashed(char: str) -> str:
    """An escaped character as Python-Markdown's escape pattern leaves it until its unescape
    pass (0): so attr_list, which runs before, never reads an escaped ``{`` as its own."""
    return f"{STX}{ord(char)}{ETX}"


def _stash_escape(match: re.Match) -> str:
    return _stashed(match.group(1))


_HEADING_ATTRS = AttrListTreeprocessor.HEADER_RE
_BLOCK_ATTRS = AttrListTreeprocessor.BLOCK_RE


class _Builder:
    """Appends text and elements to an element in document order."""

    def __init__(self, element: etree.Element):
        self.element = element
        self.last: etree.Element | None = None

    def text(self, text: str) -> None:
        if not text:
            return
        if self.last is None:
            self.element.text = (self.element.text or "") + text
        else:
            self.last.tail = (self.last.tail or "") + text

    def add(self, child: etree.Element) -> None:
        self.element.append(child)
        self.last = child


def _annotate(p: etree.Element, anchor: str, records: list[dict], length, data: dict) -> None:
    """Split ``p``'s text at the records' offsets and wrap or insert their elements."""
    text = p.text or ""
    if len(p) or len(text) != length:
        # The page's text is not the text the offsets count in (the Markdown was edited, or
        # rendered without this extension's escapes): marks would land in the wrong places.
        log.warning(
            "report %s, paragraph %s: text differs from its annotations; left unannotated",
            data.get("report"),
            anchor,
        )
        return
    p.text = None
    out = _Builder(p)
    notes = [r for r in records if r["kind"] == "note"]
    spans = [r for r in records if r["kind"] != "note"]
    cursor = 0
    at = 0
    for span in spans:
        start, end = span["start"], span["end"]
        # A marker where a mark starts goes before it; one where it ends, after it.
        while at < len(notes) and notes[at]["start"] <= start:
            out.text(text[cursor : notes[at]["start"]])
            out.add(_note(notes[at]))
            cursor = notes[at]["start"]
            at += 1
        out.text(text[cursor:start])
        mark = _mark(span)
        out.add(mark)
        inner, inside = _Builder(mark), start
        while at < len(notes) and notes[at]["start"] < end:
            inner.text(text[inside : notes[at]["start"]])
            inner.add(_note(notes[at]))
            inside = notes[at]["start"]
            at += 1
        inner.text(text[inside:end])
        cursor = end
    for note in notes[at:]:
        out.text(text[cursor : note["start"]])
        out.add(_note(note))
        cursor = note["start"]
    out.text(text[cursor:])


def _mark(record: dict) -> etree.Element:
    kind = record["kind"]
    if kind == "figure":
        anchor = record["id"]
        # The tooltip (label · value · kind) is set by report-tooltips.js from the table row
        # this links to: a title on every figure would repeat the table.
        return etree.Element("a", {"class": "metric", "id": anchor, "href": f"#metric-{anchor}"})
    if kind == "law":
        if record.get("local"):
            return etree.Element(
                "span", {"class": "citation citation--local", "title": record["label"]}
            )
        href = f"{LAW_PAGES}{url_part(record['law'])}.html"
        return etree.Element("a", {"class": "citation", "href": href, "title": record["label"]})
    if kind == "term":
        # report-tooltips.js sets the tooltip from glossary-terms.js.
        return etree.Element(
            "a", {"class": "term", "href": f"{GLOSSARY_PAGE}#{url_part(record['term'])}"}
        )
    raise ValueError(f"unknown annotation kind {kind!r}")


def _note(record: dict) -> etree.Element:
    number = record["number"]
    sup = etree.Element("sup", {"class": "annotation", "id": f"note-{number}"})
    link = etree.SubElement(
        sup, "a", {"href": f"#notes-{number}", "title": f"编者注：{record['text']}"}
    )
    link.text = f"[{number}]"
    return sup


def _figure_table(table: etree.Element) -> None:
    """The table of figures: its class, section rows across it, each figure's row id (the
    target of its mark), the indicator under the label and the 约数 mark."""
    table.set("class", "metric-table")
    body = table.find("tbody")
    for row in body if body is not None else []:
        cells = list(row)
        if len(cells) != 3:
            continue
        label, value, _ = cells
        if _empty(value) and _empty(cells[2]):
            header = etree.Element("th", {"colspan": "3"})
            header.text = label.text
            header.extend(list(label))
            for cell in cells:
                row.remove(cell)
            row.append(header)
            row.set("class", "metric-table__section")
            continue
        link = next((a for a in value.iter("a") if (a.get("href") or "").startswith("#")), None)
        if link is not None:
            row.set("id", f"metric-{link.get('href')[1:]}")
        if (value.text or "").startswith(APPROX):
            mark = etree.Element("span", {"class": "metric-approx", "title": APPROX_TITLE})
            mark.text = APPROX
            mark.tail = value.text[len(APPROX) :]
            value.text = None
            value.insert(0, mark)
        _indicator_below(label)
    for cell in table.iter("th"):
        cell.attrib.pop("style", None)
    for cell in table.iter("td"):
        cell.attrib.pop("style", None)


def _indicator_below(label: etree.Element) -> None:
    """``label · [indicator](…)`` → ``label<br><small class="metric-indicator">…</small>``."""
    if not len(label):
        return
    link = label[-1]
    if link.tag != "a" or not (link.get("href") or "").startswith("../indicators/"):
        return
    before = label[-2] if len(label) > 1 else None
    text = (before.tail if before is not None else label.text) or ""
    if not text.endswith(INDICATOR_SEPARATOR):
        return
    text = text[: -len(INDICATOR_SEPARATOR)]
    if before is not None:
        before.tail = text
    else:
        label.text = text
    label.remove(link)
    small = etree.SubElement(label, "small", {"class": "metric-indicator"})
    link.tail = None
    small.append(link)
    label.insert(len(label) - 1, etree.Element("br"))


def _related_list(ul: etree.Element) -> None:
    """Each related report's reasons (the text after its line break) in small type."""
    ul.set("class", "related-reports")
    for item in ul:
        br = item.find("br")
        if br is None or not (br.tail or "").strip():
            continue
        small = etree.SubElement(item, "small")
        small.text = br.tail.strip()
        br.tail = None


def _reuse_marks(ul: etree.Element, paragraphs: dict[str, etree.Element]) -> None:
    """Each paragraph the reuse section lists (its first link, ``#<anchor>``) is marked where
    it stands, with a link down to its entry: a reader of the text sees which paragraphs are
    shared without reading the list. The mark holds no text of its own (the stylesheet draws
    it), so the paragraph's text stays the report's."""
    for item in ul.iter("li"):
        link = next(item.iter("a"), None)
        href = link.get("href", "") if link is not None else ""
        anchor = href[1:] if href.startswith("#") else ""
        paragraph = paragraphs.get(anchor)
        if paragraph is None:
            continue
        item.set("id", f"reuse-{anchor}")
        classes = (paragraph.get("class") or "").split()
        paragraph.set("class", " ".join([*classes, "report-para--shared"]))
        etree.SubElement(
            paragraph,
            "a",
            {
                "class": "reuse-mark",
                "href": f"#reuse-{anchor}",
                "title": "这一段也见于其他报告（见“与其他报告相同的文字”）",
                "aria-label": "这一段也见于其他报告",
            },
        )


def _empty(cell: etree.Element) -> bool:
    return not len(cell) and not (cell.text or "").strip()


def makeExtension(**kwargs) -> ArchiveExtension:
    return ArchiveExtension(**kwargs)
