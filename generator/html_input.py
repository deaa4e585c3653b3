"""Saved web pages (``.html``, ``.htm``): the report's text and what the page says about it.

A government page wraps a report in navigation, a location bar, an information panel, share
and print widgets, related links and a footer; mirrors and content farms add their own. The
reader

1. decodes the bytes strictly (BOM, the page's own declaration, UTF-8, then the detector the
   plain-text reader uses; GB2312 and GBK are read as GB18030, their superset, since pages
   declared GB2312 routinely hold GBK characters such as 镕 or 堃);
2. takes the main text with trafilatura (chosen by measurement against jusText, gne and the
   largest text block: ``scripts/compare_html_extractors.py``) from the parsed page, with
   scripts, styles and comments removed first; it never fetches anything;
3. completes what trafilatura gives against the page's own lines: lines it glued together
   are split back, the page around the report that it took in on table layouts is trimmed
   (above the title, after the signing date), and the title line, headings and sign-off it
   left out are put back where they stand;
4. reads the page's metadata (``ArticleTitle``, ``PubDate``, ``ContentSource`` …, ``<title>``,
   the canonical address) and, when no tag gives the date, the page's own publication line;
5. lists what was left out (navigation, footer, related links) with its count of Han
   characters, so nothing of the page disappears without a trace.
"""

from __future__ import annotations

import bisect
import codecs
import configparser
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import lxml.etree
import lxml.html

from . import panel
from .chars import CONTROL_CHAR, count_han
from .exceptions import SourceError
from .normalize import HEADING_START, ZERO_WIDTH, chrome_fields
from .received import Extracted, PageMeta, title_bar_part
from .sources import BOMS, REPORT_MAX_BYTES, detect_encoding
from .structure import HEADING_START_ANY, ORG_SUFFIX, parse_date_line
from .titles import MIN_TITLE_HAN, is_furniture_text, is_title_text

# --- encoding ----------------------------------------------------------------------------

#: How far into the bytes a declaration is looked for: a saved page's ``<head>`` sometimes
#: carries kilobytes of inline script before its ``<meta>``.
_DECLARATION_REACH = 64 * 1024
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml\b[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.I)
#: Declared labels of the Chinese national encodings, read as their superset GB18030.
_GB_WORDS = (
    "gb2312 gbk x-gbk gb_2312 gb_2312-80 csgb2312 cp936 ms936 windows-936 euc-cn chinese "
    "iso-ir-58 gb18030 csiso58gb231280"
)
_GB_LABELS = frozenset(_GB_WORDS.split())
#: Big5 and its Hong Kong extension, read as the extension (also a superset).
_BIG5_WORDS = "big5 big-5 cn-big5 csbig5 x-x-big5 big5-hkscs big5hkscs"
_BIG5_LABELS = frozenset(_BIG5_WORDS.split())
_UTF8_LABELS = frozenset(["utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8"])


@dataclass(frozen=True)
class _Decoded:
    text: str
    encoding: str  # the codec used, as Python names it
    declared: str | None  # the page's own declaration, as written


def decode_page(path: Path, raw: bytes) -> _Decoded:
    """``raw`` decoded strictly: BOM, declaration, UTF-8, detector.

    A declaration of an encoding no Chinese page is written in (``iso-8859-1``,
    ``windows-1252``: templates copied from elsewhere) is not trusted, since Latin-1 decodes
    any bytes at all; and bytes that are valid UTF-8 with non-ASCII in them are read as UTF-8
    whatever the page declares, since a browser re-saving a GBK page writes UTF-8 and keeps
    the old ``<meta>`` (GBK text of any length is never valid UTF-8 by chance, while UTF-8
    decoded as GB18030 is mostly valid, silent mojibake).

    Raises:
        SourceError: a byte the chosen encoding cannot decode (named by its offset), or
            binary data.
    """
    for bom, name in BOMS:
        if raw.startswith(bom):
            text = _strict(path, raw, name, "its byte-order mark")
            return _Decoded(text.removeprefix("\ufeff"), name, None)
    if b"\x00" in raw:
        # UTF-16 without a byte-order mark, or binary data: the plain-text reader tells.
        name = codecs.lookup(detect_encoding(path, raw)).name
        return _Decoded(_strict(path, raw, name, "the encoding detected"), name, None)
    declared = _declaration(raw)
    wanted = _codec_for(declared) if declared else None
    if wanted:
        if wanted != "utf-8" and not raw.isascii() and _is_utf8(raw):
            return _Decoded(raw.decode("utf-8"), "utf-8", declared)
        return _Decoded(
            _strict(path, raw, wanted, f"the encoding the page declares (charset={declared})"),
            wanted,
            declared,
        )
    if _is_utf8(raw):
        return _Decoded(raw.decode("utf-8"), "utf-8", declared)
    # The plain-text reader's detector, restricted to the encodings Chinese reports come in.
    name = codecs.lookup(detect_encoding(path, raw)).name
    return _Decoded(_strict(path, raw, name, "the encoding detected"), name, declared)


def _declaration(raw: bytes) -> str | None:
    head = raw[:_DECLARATION_REACH]
    found = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return found.group(1).decode("ascii").strip().lower() if found else None


def _codec_for(label: str) -> str | None:
    """The codec a declared label is read with, or None for a label not trusted here."""
    if label in _GB_LABELS:
        return "gb18030"
    if label in _BIG5_LABELS:
        return "big5hkscs"
    if label in _UTF8_LABELS:
        return "utf-8"
    return None


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _strict(path: Path, raw: bytes, encoding: str, why: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        byte = raw[exc.start]
        # The encodings reached here keep ASCII line feeds as single bytes, but UTF-16/32.
        wide = encoding.startswith(("utf-16", "utf-32"))
        raise SourceError(
            path,
            f"byte {exc.start} (0x{byte:02x}) cannot be decoded as {encoding}, {why}; the "
            "page is damaged or mixes encodings. Save the page again from the browser "
            "(UTF-8 preferred)",
            line=None if wide else raw[: exc.start].count(b"\n") + 1,
        ) from None


# --- parsing -----------------------------------------------------------------------------

#: A page has at least one of these; a file without any is not a web page.
_HTML_TAG = re.compile(
    r"<\s*(?:html|head|body|p|div|table|td|span|br|meta|title|h[1-6]|article|section)\b", re.I
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
#: Never visible text: their content is code, markup for machines, or a fallback.
_INVISIBLE = ("script", "style", "noscript", "template", "head", "iframe", "object", "svg")
#: Code and fallbacks: never text a reader sees (trafilatura keeps ``<noscript>``).
_CODE = ("script", "style", "noscript", "template")
#: Elements that start a new line of visible text.
_BLOCK_WORDS = (
    "address article aside blockquote center dd details dialog dir div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol "
    "p pre section summary table tbody thead tfoot tr ul caption option select title body "
    "html br"
)
_BLOCKS = frozenset(_BLOCK_WORDS.split())
_CELLS = frozenset(("td", "th"))
_SPACES = re.compile(r"\s+")
#: Between the cells of a table row, which make one line (as the text pipeline writes any
#: run of spaces).
CELL_SEPARATOR = " "


def _parse(path: Path, text: str) -> lxml.html.HtmlElement:
    if "\x00" in text:
        raise SourceError(path, "binary data (NUL characters), not a web page; not read")
    if not _HTML_TAG.search(text[:_DECLARATION_REACH]):
        raise SourceError(
            path,
            "not an HTML page: no HTML tags in it; if it is a plain-text report, rename it to .txt",
        )
    # huge_tree lifts libxml2's limits on text size and depth, which otherwise cut a page
    # short without a word; a page beyond even those is refused, never read in part.
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=False)
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text, count=1), parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise SourceError(path, f"the page cannot be parsed as HTML ({exc})") from None
    fatal = next((e for e in parser.error_log if e.level_name == "FATAL"), None)
    if fatal is not None:
        raise SourceError(
            path,
            f"the page cannot be read whole: {fatal.message.split(',')[0].strip()}; not read",
            line=fatal.line or None,
        )
    return root


def _inline(text: str) -> str:
    """Text inside a block: its line breaks are spaces (in HTML only elements break lines)."""
    return _SPACES.sub(" ", text)


def drop_code(root: lxml.html.HtmlElement) -> int:
    """Remove what a browser never shows as text from the page's body (scripts, styles,
    ``<noscript>`` fallbacks, templates, comments), keeping the text that follows each;
    returns how many were removed. The ``<head>`` is kept for its metadata."""
    found = [
        element
        for element in root.iter(lxml.etree.Comment, lxml.etree.ProcessingInstruction, *_CODE)
        if element.getparent() is not None
    ]
    for element in found:
        parent = element.getparent()
        if element.tail:
            before = element.getprevious()
            if before is not None:
                before.tail = (before.tail or "") + element.tail
            else:
                parent.text = (parent.text or "") + element.tail
        parent.remove(element)
    return len(found)


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", ZERO_WIDTH.sub("", text)).strip()


def visible_lines(root: lxml.html.HtmlElement) -> list[str]:
    """The page's text as a reader sees it, one block a line (scripts, styles, comments and
    the ``<head>`` left out), without modifying ``root``. Walks without recursion: a hostile
    page can nest elements thousands deep."""
    pieces: list[str] = []
    # Comments and processing instructions come as events of their own: their tails are text.
    walk = lxml.etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, element in walk:
        tag = element.tag if isinstance(element.tag, str) else None
        if event in ("comment", "pi"):
            if element.tail:
                pieces.append(_inline(element.tail))
            continue
        if event == "start":
            if tag is None or tag.lower() in _INVISIBLE:
                walk.skip_subtree()
                continue
            tag = tag.lower()
            if tag in _BLOCKS:
                pieces.append("\n")
            elif tag in _CELLS:
                pieces.append(CELL_SEPARATOR)
            if element.text:
                pieces.append(_inline(element.text))
        else:
            if tag is not None and tag.lower() in _BLOCKS:
                pieces.append("\n")
            if element.tail and element is not root:
                pieces.append(_inline(element.tail))
    lines = (_one_line(line) for line in "".join(pieces).split("\n"))
    return [line for line in lines if line]


# --- page metadata -----------------------------------------------------------------------

#: Meta names (lowercased) that give each field, the first present wins.
_TITLE_NAMES = ("articletitle", "og:title", "title")
_DATE_NAMES = (
    "pubdate",
    "publishdate",
    "publish_date",
    "publishtime",
    "publish-date",
    "article:published_time",
    "firstpublishedtime",
    "dc.date.issued",
    "dc.date",
)
_SOURCE_NAMES = ("contentsource", "source")
_SITE_NAMES = ("sitename", "og:site_name")
_COLUMN_NAMES = ("columnname",)
#: Longer is no page's address (browsers and servers stop near here too).
_MAX_URL = 2048
_URL_SCHEME = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.I)
_ISO_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)"
)


def _metas(root: lxml.html.HtmlElement) -> dict[str, str]:
    """Every named ``<meta>`` (``name``, ``property`` or ``itemprop``) → its content, the
    first of a name kept, as the page gives it (white space collapsed; control and
    bidirectional characters, which would garble a record or a terminal, removed)."""
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = meta.get("name") or meta.get("property") or meta.get("itemprop")
        content = meta.get("content")
        if key and content is not None:
            key, content = _field(key), _field(content)
            if key and content:
                found.setdefault(key, content)
    return found


def _field(text: str) -> str:
    return _one_line(CONTROL_CHAR.sub(" ", text))


def _meta(metas: dict[str, str], names: tuple[str, ...]) -> tuple[str, str] | None:
    """``(name as written, content)`` of the first of ``names`` (lowercase) the page has."""
    return next(_metas_named(metas, names), None)


def _page_url(root: lxml.html.HtmlElement, metas: dict[str, str]) -> str | None:
    """The canonical link, else ``og:url``: absolute http(s) only; a ``javascript:``,
    ``data:`` or relative address is not the page's address and is ignored."""
    candidates = [
        link.get("href") or ""
        for link in root.iter("link")
        if "canonical" in (link.get("rel") or "").lower().split()
    ]
    og = _meta(metas, ("og:url",))
    if og:
        candidates.append(og[1])
    for candidate in candidates:
        url = candidate.strip()
        if len(url) <= _MAX_URL and _URL_SCHEME.match(url) and not CONTROL_CHAR.search(url):
            return url
    return None


def iso_date(text: str) -> str | None:
    """The first real calendar date in ``text`` as ``yyyy-mm-dd`` (2024-02-30 is none)."""
    for match in _ISO_DATE.finditer(text):
        day = panel.calendar_date(match["y"], match["m"], match["d"])
        if day:
            return day.isoformat()
    return None


def _html_title(root: lxml.html.HtmlElement) -> str | None:
    found = root.find(".//title")
    if found is None:
        return None
    return _field(found.text_content()) or None


# --- the publication line ----------------------------------------------------------------

#: How many lines above the text a publication line is looked for, and below it.
_PUBLISH_REACH = 15
_PUBLISH_BELOW = 5
_DATE_WORDS = (
    r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
)
#: ``发布时间：2024-03-28 09:18`` (keys spaced out in panels, a table's pipes between).
_PUBLISHED = re.compile(
    r"(?:发\s*布|发\s*表|公\s*布)\s*(?:时\s*间|日\s*期)\s*[:：]?\s*(?:[|｜]\s*)*" + _DATE_WORDS
)
#: ``日期：…`` or ``时间：…`` alone: mirrors drop the 发布.
_ANY_KEY_DATE = re.compile(r"(?<!更新)(?<!修改)(?:时\s*间|日\s*期)\s*[:：]\s*" + _DATE_WORDS)
_SOURCE_FIELD = re.compile(
    r"(?:信息)?来\s*源\s*[:：]\s*(?P<value>[^\s|｜，。,;；:：]{2,40}?)"
    r"(?=\s|$|[|｜【\[，。,;；]|发布|作者|浏览|阅读|点击|字体|责任编辑|时间|日期)"
)


@dataclass(frozen=True)
class _PublishLine:
    date: str
    phrase: str
    source: str | None
    source_phrase: str | None


def find_publish_line(lines: list[str]) -> _PublishLine | None:
    """The page's own publication line among ``lines`` (those above the text, nearest
    first): a 发布时间 / 发布日期 line first, then the panel reader of
    :mod:`generator.panel`, then a bare 日期 / 时间 line; a 来源 on the same line is the
    source. A ``今天是…星期三`` banner is the day the page was viewed, never the date."""
    cleaned = [panel.BANNER.sub(" ", line) for line in lines]
    for index, line in enumerate(cleaned):
        for match in _PUBLISHED.finditer(line):
            if day := iso_date(match.group()):
                return _publish_line(day, match.group().strip(), lines[index])
    ordered = list(reversed(cleaned))  # the panel reader reads top to bottom
    if found := panel.find_panel_date(ordered):
        where = next((line for line in lines if found[1] in line), found[1])
        return _publish_line(found[0].isoformat(), found[1], where)
    for index, line in enumerate(cleaned):
        match = _ANY_KEY_DATE.search(line)
        if match and (day := iso_date(match.group())):
            return _publish_line(day, match.group().strip(), lines[index])
    return None


def _publish_line(day: str, phrase: str, line: str) -> _PublishLine:
    source = _SOURCE_FIELD.search(line)
    if source:
        return _PublishLine(day, phrase, source["value"], source.group().strip())
    return _PublishLine(day, phrase, None, None)


# --- main text ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _config() -> configparser.ConfigParser:
    """trafilatura's settings, with its own file-size limit raised to the converter's (its
    20 MB default would make a large page come back empty instead of read)."""
    from trafilatura.settings import DEFAULT_CONFIG

    config = configparser.ConfigParser()
    config.read_dict({"DEFAULT": dict(DEFAULT_CONFIG["DEFAULT"])})
    config["DEFAULT"]["max_file_size"] = str(REPORT_MAX_BYTES)
    return config


@lru_cache(maxsize=1)
def extractor_name() -> str:
    import trafilatura

    return f"trafilatura {trafilatura.__version__}"


def main_text_lines(root: lxml.html.HtmlElement, sections_as_divs: bool = True) -> list[str] | None:
    """trafilatura's main text of the page, one paragraph, heading or table row a line;
    None when it finds none. Comments, images and links are left out; tables are kept (the
    reports' figures are often tabled). trafilatura cleans ``root`` in place: read
    everything else from it first."""
    import trafilatura

    if sections_as_divs:
        _sections_as_divs(root)
    xml = trafilatura.extract(
        root,
        output_format="xml",
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
        with_metadata=False,
        config=_config(),
    )
    if not xml:
        return None
    parser = lxml.etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
    root = lxml.etree.fromstring(xml.encode("utf-8"), parser)
    main = root.find("main")
    return _xml_lines(main if main is not None else root)


def _sections_as_divs(root: lxml.html.HtmlElement) -> None:
    """Read ``<section>`` as ``<div>``: given the nested ``<section>`` s of a report pasted
    from a WeChat article, trafilatura glued the whole report into one line."""
    for element in root.iter("section"):
        element.tag = "div"


#: trafilatura's XML elements that make a line of their own.
_XML_BLOCKS = frozenset(("head", "p", "item", "row", "quote", "code", "list", "table", "lb"))


def _xml_lines(root: lxml.etree._Element) -> list[str]:
    pieces: list[str] = []
    walk = lxml.etree.iterwalk(root, events=("start", "end"))
    for event, element in walk:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _XML_BLOCKS:
                pieces.append("\n")
            elif tag == "cell":
                pieces.append(CELL_SEPARATOR)
            if element.text:
                pieces.append(_inline(element.text))
        else:
            if tag in _XML_BLOCKS:
                pieces.append("\n")
            if element.tail and element is not root:
                pieces.append(_inline(element.tail))
    lines = (_one_line(line) for line in "".join(pieces).split("\n"))
    return [line for line in lines if line]


# --- putting back what trafilatura leaves out ----------------------------------------------

#: Lines of the page after the text that may still be its sign-off (body, date).
_SIGNOFF_REACH = 4
_MAX_SIGNOFF_LINE = 40
_SENTENCE_PUNCT = re.compile(r"[。，,；;！？!?]")
#: A signing body stands alone: a colon makes it a field (``来源：某街道``).
_SIGNOFF_PUNCT = re.compile(r"[。，,；;！？!?：:]")
#: A line of the page between two of the text's lines is put back when it is one of these.
_SHORT_LINE = 40


def _key(line: str) -> str:
    """A line compared without its spaces (pages indent with them, extractors drop them)."""
    return _SPACES.sub("", line)


def _is_signoff_line(line: str) -> bool:
    if parse_date_line(line):
        return True
    return (
        len(line) <= _MAX_SIGNOFF_LINE
        and not _SIGNOFF_PUNCT.search(line)
        and not HEADING_START_ANY.match(line)
        and bool(ORG_SUFFIX.search(line))
    )


def _is_heading_line(line: str) -> bool:
    return bool(HEADING_START.match(line)) and len(line) <= _SHORT_LINE * 2


#: How many visible lines ahead a line the extractor cut out of a longer one is looked for.
_CONTAINED_REACH = 40


def _locate(lines: list[str], visible: list[str]) -> list[int | None]:
    """For each extracted line, the index of the visible line it was taken from (searched
    forward, so a repeated line maps to its next occurrence), or None. Linear in the page:
    exact lines are found through an index, a part of a line only a few lines ahead."""
    keys = [_key(line) for line in visible]
    where: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        where.setdefault(key, []).append(index)
    found: list[int | None] = []
    start = 0
    for line in lines:
        key = _key(line)
        at = where.get(key, [])
        first = bisect.bisect_left(at, start)
        if first < len(at):
            index: int | None = at[first]
            start = at[first] + 1
        else:
            reach = range(start, min(len(keys), start + _CONTAINED_REACH))
            index = next((i for i in reach if key and key in keys[i]), None)
            if index is not None:
                start = index
        found.append(index)
    return found


@dataclass(frozen=True)
class _Assembled:
    lines: list[str]
    start: int | None  # index of the visible line where the body begins (after the title)
    end: int | None  # index of the visible line where it ends
    restored: tuple[str, ...]


def assemble(body: list[str], visible: list[str], title: str | None) -> _Assembled:
    """The title, then ``body`` with the headings, date lines and signing bodies it skipped
    put back where they stand on the page, then the sign-off if it was left out."""
    body = _trim(_unglue(body, visible), title)
    where = _locate(body, visible)
    placed = [i for i in where if i is not None]
    restored: list[str] = []
    lines: list[str] = []
    previous: int | None = None
    for line, index in zip(body, where, strict=True):
        if index is not None and previous is not None and index > previous + 1:
            for between in visible[previous + 1 : index]:
                if not _is_widget(between) and (
                    _is_heading_line(between) or _is_signoff_line(between)
                ):
                    lines.append(between)
                    restored.append(between)
        lines.append(line)
        if index is not None:
            previous = index
    end = placed[-1] if placed else None
    if end is not None:
        for after in visible[end + 1 : end + 1 + _SIGNOFF_REACH]:
            if not _is_signoff_line(after):
                break
            lines.append(after)
            restored.append(after)
            end += 1
    titled = bool(title and body and same_title(body[0], title))
    if title and not titled:
        # The title as the page prints it, when it does (ArticleTitle may word it shorter).
        shown = (i for i in range((placed[0] if placed else len(visible)) - 1, -1, -1))
        at = next((i for i in shown if same_title(visible[i], title)), None)
        lines.insert(0, visible[at] if at is not None else title)
    # The text begins with its first line under the title: the page's widgets between the
    # two (the publication line) are above the text.
    start = next((i for i in where[1 if titled else 0 :] if i is not None), None)
    return _Assembled(lines, start, end, tuple(restored))


def _unglue(body: list[str], visible: list[str]) -> list[str]:
    """``body`` with each line that is several lines of the page glued together (trafilatura
    falls back to gluing a short page's text into one paragraph) split back into them."""
    keys = [_key(line) for line in visible]
    present = set(keys)
    # Where each first character opens a line: a glued line is tried only where it can start.
    opening: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        opening.setdefault(key[:1], []).append(index)
    out: list[str] = []
    for line in body:
        key = _key(line)
        run = None if key in present else _as_run(key, keys, opening.get(key[:1], []))
        if run:
            out.extend(visible[i] for i in run)
        else:
            out.append(line)
    return out


def _as_run(key: str, keys: list[str], starts: list[int]) -> list[int] | None:
    """The indices of consecutive visible lines (``keys``, opening at one of ``starts``)
    that ``key`` is made of, or None."""
    for first in starts:
        if not key.startswith(keys[first]) or len(keys[first]) == len(key):
            continue
        run, rest = [first], key[len(keys[first]) :]
        for index in range(first + 1, len(keys)):
            if not rest or not rest.startswith(keys[index]):
                break
            run.append(index)
            rest = rest[len(keys[index]) :]
        if not rest:
            return run
    return None


#: How far into the extraction the title is looked for, and how many page widgets may
#: follow it.
_TITLE_REACH = 40
_WIDGET_REACH = 6
_SENTENCE_END = re.compile(r"[。；;！？!?]")
_ATTACHMENT = re.compile(r"^\s*附\s*(?:件|表|录)")


def _trim(body: list[str], title: str | None) -> list[str]:
    """``body`` without the page around the report that trafilatura takes in on pages laid
    out with tables (it keeps the whole layout table): lines above the title and the page's
    widgets under it or opening the text (publication line, font size), and after a signing
    date the lines that are not the report's (print and close buttons, footer)."""
    at = None
    if title:
        at = next(
            (i for i, line in enumerate(body[:_TITLE_REACH]) if same_title(line, title)), None
        )
    # The widgets under the title, or opening the text when the title is not in it.
    after = 0 if at is None else at + 1
    stop = min(len(body), after + _WIDGET_REACH)
    while after < stop and _is_widget(body[after]):
        after += 1
    body = [*([body[at]] if at is not None else []), *body[after:]]
    dates = [i for i, line in enumerate(body) if parse_date_line(line)]
    if dates and all(
        not _SENTENCE_END.search(line) and not _ATTACHMENT.match(line)
        for line in body[dates[-1] + 1 :]
    ):
        body = body[: dates[-1] + 1]
    return body


_TITLE_CHARS = re.compile(r"[^\w]|_")
#: How much of the longer of two wordings of a title the shorter must be to be the same.
_SAME_TITLE_SHARE = 0.7


def same_title(line: str, title: str) -> bool:
    """``line`` is ``title`` as the page prints it: the same words but for punctuation and
    spaces, or one wording holding the other and most of it (``关于…的报告`` under
    ``某街道关于…的报告``); never a sentence."""
    if _SENTENCE_END.search(line):
        return False
    a, b = _TITLE_CHARS.sub("", line), _TITLE_CHARS.sub("", title)
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return short in long and len(short) >= _SAME_TITLE_SHARE * len(long)


def _is_widget(line: str) -> bool:
    """A line of the page's furniture under a title (the text pipeline's own tests)."""
    return chrome_fields(line) is not None or is_furniture_text(line)


#: Between the parts of a ``<title>``: ``_`` ``|`` ``--`` ``—``, and a hyphen with spaces or
#: between Han characters (not the one of ``2021-2025年``).
def find_title(
    root: lxml.html.HtmlElement, metas: dict[str, str], html_title: str | None
) -> str | None:
    """The document's title: ``ArticleTitle`` (or ``og:title``); else a heading of the page
    that reads as a report's title, else the ``<title>``'s own part (``题目_栏目_网站``) that
    does; else the first of them long enough to be one. A site's logo is often an ``<h1>``:
    a heading is taken before ``<title>`` only when it names a kind of report."""
    from_meta = _meta(metas, _TITLE_NAMES)
    if from_meta and count_han(from_meta[1]) >= 4:
        return from_meta[1]
    headings = [_one_line(h.text_content()) for h in root.iter("h1", "h2", "h3")]
    from_title = title_bar_part(html_title)
    candidates = [*headings, from_title]
    titled = next((text for text in candidates if is_title_text(text)), None)
    if titled:
        return titled
    return next(
        (
            text
            for text in (from_title, *headings)
            if count_han(text) >= MIN_TITLE_HAN and not _SENTENCE_PUNCT.search(text[:-1])
        ),
        None,
    )


# --- what was left out -------------------------------------------------------------------

#: A visible line counts as kept when the text holds it whole; a line this short is only
#: kept when it is a line of the text (大, 中, 小 of a font widget are in any report).
_MIN_SUBSTRING = 8
#: Characters of the text searched for parts of lines, at most: past this a line that is
#: not a line of the text counts as left out (an overcount, never a loss without trace),
#: so a huge page of lines no extractor kept cannot take quadratic time.
_MAX_SEARCHED = 50_000_000


def left_out(
    visible: list[str], lines: list[str], start: int | None, end: int | None
) -> tuple[str, ...]:
    """One line per part of the page the text leaves out, with its Han characters."""
    keys = {_key(line) for line in lines}
    joined = "\n".join(_key(line) for line in lines)
    searches = _MAX_SEARCHED // max(1, len(joined))
    parts = {"before": [0, 0, ""], "inside": [0, 0, ""], "after": [0, 0, ""]}
    for index, line in enumerate(visible):
        key = _key(line)
        if key in keys:
            continue
        if len(key) >= _MIN_SUBSTRING and searches > 0:
            searches -= 1
            if key in joined:
                continue
        if start is not None and index < start:
            part = parts["before"]
        elif end is not None and index > end:
            part = parts["after"]
        elif start is None:
            part = parts["before"]
        else:
            part = parts["inside"]
        part[0] += 1
        part[1] += count_han(line)
        part[2] = part[2] or line
    out = []
    labels = {
        "before": "正文前的网页内容（页眉、导航、位置栏、信息栏等）",
        "inside": "正文中未取的行",
        "after": "正文后的网页内容（页脚、相关链接、分享等）",
    }
    for name, (count, han, first) in parts.items():
        if count:
            line = f"{labels[name]}：{count} 行，{han} 个字"
            if name == "inside":
                line += f"，如“{first[:30]}”"
            out.append(line)
    return tuple(out)


# --- the reader --------------------------------------------------------------------------


def read_html(path: Path, raw: bytes) -> Extracted:
    """A saved web page as the text the converter reads, with the page's metadata.

    Raises:
        SourceError: undecodable bytes, not an HTML page, no visible text, no main text
            found, or a main text without Chinese.
    """
    decoded = decode_page(path, raw)
    root = _parse(path, decoded.text)
    code = drop_code(root)
    metas = _metas(root)
    html_title = _html_title(root)
    title = find_title(root, metas, html_title)
    url = _page_url(root, metas)
    visible = visible_lines(root)
    if count_han("".join(visible)) == 0:
        what = "no visible text" if not visible else "no Chinese in its visible text"
        raise SourceError(
            path, f"the page has {what}; nothing to convert (is the saved page complete?)"
        )
    try:
        body = main_text_lines(root)
    except Exception as exc:  # the library's failure is this page's error, never the build's
        raise SourceError(
            path, f"{extractor_name()} failed on this page: {type(exc).__name__}: {exc}"
        ) from None
    if not body:
        raise SourceError(
            path,
            f"{extractor_name()} found no main text in the page; save the report's page "
            "itself (not a list or search page), or copy its text into a .txt file",
        )
    if count_han("".join(body)) == 0:
        raise SourceError(
            path,
            "the page's main text holds no Chinese; the archive converts Chinese reports only",
        )
    assembled = assemble(body, visible, title)
    page = _page_meta(metas, html_title, url, visible, assembled.start, assembled.end)
    removed = list(left_out(visible, assembled.lines, assembled.start, assembled.end))
    if code:
        removed.append(f"脚本、样式和注释 {code} 段（不是页面上的文字）")
    return Extracted(
        text="\n".join(assembled.lines) + "\n",
        format="html",
        extractor=extractor_name(),
        encoding=decoded.encoding,
        removed=tuple(removed),
        page=page,
    )


def _page_meta(
    metas: dict[str, str],
    html_title: str | None,
    url: str | None,
    visible: list[str],
    start: int | None,
    end: int | None,
) -> PageMeta:
    # og:title stands in for a page without ArticleTitle (both name the article itself).
    title = _meta(metas, ("articletitle", "og:title"))
    source = _meta(metas, _SOURCE_NAMES)
    site = _meta(metas, _SITE_NAMES)
    column = _meta(metas, _COLUMN_NAMES)
    fields: dict[str, str | None] = {
        "publish_date": None,
        "publish_phrase": None,
        "publish_from": None,
        "source": source[1] if source else None,
        "source_phrase": f"{source[0]}: {source[1]}" if source else None,
    }
    dated = next(
        (
            (name, value, day)
            for name, value in _metas_named(metas, _DATE_NAMES)
            if (day := iso_date(value))
        ),
        None,
    )
    if dated:
        name, value, day = dated
        fields.update(publish_date=day, publish_phrase=f"{name}: {value}", publish_from="meta")
    # Above the text, nearest first; some sites print it under the text instead.
    above = list(reversed(visible[max(0, (start or 0) - _PUBLISH_REACH) : start or 0]))
    below = visible[end + 1 : end + 1 + _PUBLISH_BELOW] if end is not None else []
    line = find_publish_line(above) or find_publish_line(below)
    if line and not dated:
        fields.update(publish_date=line.date, publish_phrase=line.phrase, publish_from="line")
    if line and line.source and not source:
        fields.update(source=line.source, source_phrase=line.source_phrase)
    return PageMeta(
        article_title=title[1] if title else None,
        html_title=html_title,
        site_name=site[1] if site else None,
        column=column[1] if column else None,
        url=url,
        meta=metas,
        **fields,
    )


def _metas_named(metas: dict[str, str], names: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    lowered = {}
    for name in metas:
        lowered.setdefault(name.lower(), name)
    for name in names:
        if name in lowered:
            yield lowered[name], metas[lowered[name]]
