"""Reports as they are published: saved web pages, Word documents and PDFs turned into the
text the converter reads, with what the file itself says about the document.

Each format has a reader of its own (:mod:`generator.html_input`, :mod:`generator.docx_input`,
:mod:`generator.pdf_input`) that takes the received bytes and returns an :class:`Extracted`:
the text, one title, heading or paragraph a line, in reading order, as the converter reads a
``.txt`` report; the page's metadata (HTML only); which extractor made the text and what it
left out. The received file stays the source: ``sha256`` and ``encoding`` describe its bytes.

Formats no reader can turn into text (legacy ``.doc`` and ``.wps``, and a PDF without a text
layer) are refused with a message saying how to convert the file: a report in ``seeds/`` is
never skipped without a word.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .chars import count_han
from .exceptions import SourceError


@dataclass(frozen=True)
class PageMeta:
    """What a saved web page says about the document, outside its text.

    Values are as the page gives them (stripped of surrounding white space); dates are ISO
    (``2024-03-28``). ``None`` where the page does not say.
    """

    #: ``<meta name="ArticleTitle">`` (GB/T 42147-2022's field for the document's title).
    article_title: str | None = None
    #: The page's ``<title>`` (often the title plus the site's name).
    html_title: str | None = None
    #: The publication date, and the words it was read from (the meta tag with its value, or
    #: the page's own publication line such as ``发布时间：2024-03-28 09:18``).
    publish_date: str | None = None
    publish_phrase: str | None = None
    #: ``meta`` for ``PubDate``/``publishdate``-style tags, ``line`` for a publication line.
    publish_from: str | None = None
    #: ``<meta name="ContentSource">``, or the 来源 of the publication line.
    source: str | None = None
    source_phrase: str | None = None
    site_name: str | None = None  # SiteName
    column: str | None = None  # ColumnName
    #: The page's address: ``<link rel="canonical">``, else ``og:url``; absolute http(s) only.
    url: str | None = None
    #: Every named ``<meta>`` of the page (name → content), for the processing record.
    meta: dict[str, str] = field(default_factory=dict)


#: Separators between a document's title and its column's and site's names in a page's
#: ``<title>`` (``题目_栏目_网站``, ``题目 - 网站``); a hyphen between Han characters too, but
#: not one inside a Latin word or a date.
TITLE_BAR_SEPARATORS = re.compile(
    r"\s*(?:[_|｜]|--|—|\s-|-\s|(?<=[\u4e00-\u9fff])-(?=[\u4e00-\u9fff]))\s*"
)


def title_bar_part(html_title: str | None) -> str:
    """The part of a page's ``<title>`` with the most Han characters: the document's title
    without the site's name around it ("" when there is none)."""
    parts = [part for part in TITLE_BAR_SEPARATORS.split(html_title or "") if part]
    return max(parts, key=count_han, default="")


@dataclass(frozen=True)
class Extracted:
    """A received file as text, with how it was made."""

    text: str
    #: ``html``, ``docx`` or ``pdf``.
    format: str
    #: The library and version that made the text (``trafilatura 2.3.1``).
    extractor: str
    #: How the received bytes were read: a text encoding for HTML (``gb18030``), else
    #: ``binary``.
    encoding: str
    #: What the extractor left out, one short line each (``页眉“…”（3 页）``, ``页码 12 个``,
    #: ``网页导航和页脚``); shown in the report's processing record.
    removed: tuple[str, ...] = ()
    page: PageMeta | None = None


#: Suffix → ``module:function`` of the reader that takes ``(path, raw)`` to an
#: :class:`Extracted` (imported when first needed: the libraries are large).
READERS = {
    ".html": "generator.html_input:read_html",
    ".htm": "generator.html_input:read_html",
    ".xhtml": "generator.html_input:read_html",
    ".docx": "generator.docx_input:read_docx",
    ".pdf": "generator.pdf_input:read_pdf",
}

#: Suffixes of reports no maintained, permissively licensed library reads as text, with what
#: to do about them.
REFUSED = {
    ".doc": "a legacy Word (.doc) file cannot be read as text here; open it in Word, WPS or "
    "LibreOffice and save it as .docx (or run `libreoffice --headless --convert-to docx "
    "FILE`), then put the .docx in seeds/",
    ".wps": "a WPS Writer (.wps) file cannot be read as text here; open it in WPS Office and "
    "save it as .docx (or run `libreoffice --headless --convert-to docx FILE`), then put the "
    ".docx in seeds/",
}

#: Every suffix taken as a report besides plain text.
SUFFIXES = tuple(READERS) + tuple(REFUSED)


def extract(path: Path, raw: bytes) -> Extracted:
    """``raw`` (the bytes of ``path``) as text, by the reader of its suffix.

    Raises:
        SourceError: a refused format, or a file its reader cannot turn into text.
    """
    suffix = path.suffix.lower()
    if suffix in REFUSED:
        raise SourceError(path, REFUSED[suffix])
    target = READERS.get(suffix)
    if target is None:
        raise SourceError(path, f"no reader for {suffix or 'a file without extension'}")
    module, _, name = target.partition(":")
    reader = getattr(importlib.import_module(module), name)
    return reader(path, raw)
