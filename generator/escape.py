"""One escaping function per place a value can land; the only module that escapes.

Every string from a report, a sidecar or a file name is data wherever it is written: page
HTML (text and attributes), Markdown (a report page's text through :func:`markdown_text`,
which renders back to exactly the text; a name in a list or table through
:func:`markdown_inline`; a file name in a code span through :func:`markdown_code`), YAML
front matter, JSON inside a page, BibTeX, CSL-JSON, CSV and URLs. Each output format has its
function here, and the modules that write pages (render, pages, listing, summaries, cite,
the hook) call these instead of escaping inline, so that a new page cannot forget one and no
two copies drift apart. (Stand-alone JSON files, reports.json and the search index, are
written by ``json.dumps``, which escapes every string itself.)

None of them assumes the value was validated: a newline, a control character or a value of
megabytes stays harmless in every context (it may still be long; bounding length is the
sidecar schema's job).
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import quote

import yaml

from .chars import CONTROL

# --- HTML -----------------------------------------------------------------------------------


def html_text(value: object) -> str:
    """``value`` as the text between tags: ``<``, ``>`` and ``&`` escaped."""
    return html.escape(str(value), quote=False)


def html_attr(value: object) -> str:
    """``value`` inside a double- or single-quoted attribute."""
    return html.escape(str(value), quote=True)


# --- Markdown --------------------------------------------------------------------------------

#: The characters that are syntax inside a heading, list item or table cell: emphasis, code,
#: links and images (a bracket is needed for either, so ``(``, ``)`` and ``!`` stay plain),
#: attr_list braces, closing hashes and table pipes (a title in a table row would split into
#: cells). ``1.`` or ``-`` are lists only at the start of a line, which inline text never is
#: once its line breaks are gone. Each is backslash-escapable in Python-Markdown.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#|])")
#: Line breaks of every kind and the other characters a name may not hold (chars.CONTROL:
#: C0/C1 controls, bidi overrides that reorder what a reader sees): in inline Markdown a
#: newline could start a block (a heading, an admonition ``!!! warning``); a space cannot.
_BREAKS_AND_CONTROLS = re.compile(f"[{CONTROL}]+")


def one_line(value: object) -> str:
    """``value`` with line breaks and control characters turned into single spaces."""
    return _BREAKS_AND_CONTROLS.sub(" ", str(value))


def markdown_inline(value: object) -> str:
    """Text that Markdown shows exactly as given inside a heading, list item or table cell:
    one line, HTML-escaped, and every inline syntax character backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html_text(one_line(value)))


#: Report text (a paragraph, a heading, a figure's label) is written for readers of the
#: Markdown file, so only what is syntax somewhere on a line is escaped: emphasis, code, links,
#: attr_list braces, table pipes, raw HTML and entities (``<`` and ``&``), headings' hashes and
#: ``$`` (maths, should an extension for it ever be enabled). Every one is an ASCII punctuation
#: character, which CommonMark and ``generator.mdx`` (for Python-Markdown) let a backslash
#: escape, so the text comes back exactly, character for character (the annotations' offsets
#: count in it).
_TEXT_SPECIAL = re.compile(r"([\\`*_{}\[\]<>&|#$])")
#: What makes a line a block when it starts it: a list (``-``, ``+``, ``1.``, ``1)``), a setext
#: underline (``=``), an admonition (``!!!``), a collapsible (``???``), a snippet's escape
#: (``;``), a definition (``:``), a footnote or abbreviation start (``^``, ``%``, ``~``).
_LINE_START = re.compile(r"^(?:[-+=!?:;~%^]|\d+(?=[.)]))")
#: Line breaks inside one paragraph (there are none after normalising, but a line break would
#: end the block): a numeric reference stays one character and nothing else.
_LINE_BREAKS = re.compile("[\r\n]")


def markdown_text(value: object) -> str:
    """Report text as one line of Markdown that renders to exactly ``value``: special
    characters backslash-escaped (see ``_TEXT_SPECIAL``), a block start escaped, line breaks
    as character references. The inverse of :func:`markdown_unescape`."""
    text = _TEXT_SPECIAL.sub(r"\\\1", str(value))
    text = _LINE_BREAKS.sub(lambda m: f"&#{ord(m.group())};", text)
    match = _LINE_START.match(text)
    if match is None:
        return text
    end = match.end()
    # A numbered list starts with digits then ``.`` or ``)``: the punctuation is escaped.
    return text[:end] + "\\" + text[end:] if match.group()[0].isdigit() else "\\" + text


def markdown_code(value: object) -> str:
    """``value`` as an inline code span: fenced by more backticks than any run inside it
    (padded with spaces when it starts or ends with one), one line."""
    text = one_line(value)
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])|&#(\d+);")


def markdown_unescape(text: str) -> str:
    """What :func:`markdown_text` escaped, back as it was (CommonMark's backslash escapes of
    ASCII punctuation, and numeric character references)."""
    return _UNESCAPE.sub(lambda m: m.group(1) or chr(int(m.group(2))), text)


# --- YAML -----------------------------------------------------------------------------------

_SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter(data: dict[str, Any]) -> str:
    """YAML front matter, Chinese kept readable; the only way front matter is written.

    ``yaml.safe_dump(data, allow_unicode=True, sort_keys=False)``, with libyaml's emitter
    where PyYAML has it: the same representer and the same output (tested), a fifth of the
    time, which matters at 10,000 pages. YAML quotes what needs quoting (``: ``, newlines,
    control characters), so no value can end the front matter or add a key.
    """
    body = yaml.dump(data, Dumper=_SAFE_DUMPER, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{body}---\n"


# --- JSON -----------------------------------------------------------------------------------

#: Inside ``<script>`` the HTML parser ends the element at ``</script`` (any case) and treats
#: ``<!--`` specially; U+2028/9 ended a JavaScript string before ES2019. JSON's ``\\uXXXX``
#: escapes mean the same to a JSON parser and nothing to the HTML parser.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
_SCRIPT_UNSAFE |= {"\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")


def json_in_html(data: object) -> str:
    """``data`` as JSON to place inside a ``<script>`` element of a page (or a .js file)."""
    text = json.dumps(data, ensure_ascii=False)
    return _SCRIPT_UNSAFE_RE.sub(lambda m: _SCRIPT_UNSAFE[m.group()], text)


def csl_json(items: list[dict[str, Any]]) -> str:
    """A CSL-JSON download: JSON escapes every string itself; kept readable (indented)."""
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


# --- BibTeX ---------------------------------------------------------------------------------

#: BibTeX counts braces without regard to backslashes, so ``\\{`` would still close a field
#: early (and let a ``}`` followed by ``@misc{`` add an entry): braces, like the backslash,
#: become text commands. The others are LaTeX specials with their usual escapes.
_BIBTEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "#": r"\#",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_RE = re.compile(r"[\\{}%&_#$~^]")
_SPACES = re.compile(r"\s+")
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_:-]+")


def bibtex_value(value: object) -> str:
    """``value`` for the inside of a braced BibTeX field: one line, specials escaped.

    A blank line would be a paragraph break to LaTeX; every run of white space is one space.
    """
    flat = _SPACES.sub(" ", one_line(value)).strip()
    return _BIBTEX_RE.sub(lambda m: _BIBTEX[m.group()], flat)


#: What may stay as it is in a URL (RFC 3986's reserved and unreserved characters, and ``%``
#: of an escape already made). Braces, backslashes, spaces and non-ASCII are encoded.
_URL_CHARS = ":/?#[]@!$&'()*+,;=%-._~"


def bibtex_url(url: str) -> str:
    """A URL for BibTeX's ``url`` field, which biblatex and hyperref read verbatim: nothing is
    backslash-escaped (``\\_`` would stay in the link), so everything that could end the
    field (a brace, a backslash) or the line is percent-encoded instead."""
    return quote(url, safe=_URL_CHARS)


def bibtex_key(value: str) -> str:
    """A citation key: ASCII letters, digits, ``_ : -`` only (BibTeX ends a key at ``,``,
    and LaTeX's ``\\cite`` chokes on most else)."""
    return _KEY_UNSAFE.sub("_", value).strip("_") or "report"


# --- CSV ------------------------------------------------------------------------------------

#: Spreadsheets run a cell that starts with one of these as a formula (CSV injection):
#: ``=HYPERLINK(…)``, ``@SUM(…)``, ``+cmd|…``. The csv module already quotes separators,
#: quotes and line breaks; this is what it cannot know.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?")


def csv_cell(value: object) -> object:
    """A value for ``csv.writer``: text that a spreadsheet would run as a formula gets a
    leading ``'`` (what Excel itself shows for text typed that way); numbers, and text that
    is a plain number such as ``-3`` or ``+5%``, are written unchanged."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    if _NUMBER.fullmatch(value):
        return value
    return "'" + value


# --- URLs -----------------------------------------------------------------------------------


def url_part(value: object) -> str:
    """One part of a URL: a path segment (an id, a file name), a ``#fragment`` or a query
    value (``search.html?q=…``). Every reserved character is percent-encoded, so a value
    cannot add a folder, a query or a scheme; ids made of ``[a-z0-9_-]`` pass unchanged."""
    return quote(str(value), safe="")


#: ASCII that may stay in a relative link the archive writes: letters, digits, ``-._~`` and the
#: separators ``/`` and ``#``. Everything else in ASCII is percent-encoded, ``:`` included (a
#: colon in the first segment would make ``javascript:…`` a scheme); non-ASCII (a Chinese
#: anchor such as ``#t-政法工作总结``) stays, as browsers encode it themselves.
_URL_PATH_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~/#\x80-\U0010ffff]")


def url_path(link: str) -> str:
    """A relative link (``../reports/x.html#s1``) whose parts may come from data: every ASCII
    character that could end it, add a query or make it a scheme is percent-encoded."""
    return _URL_PATH_UNSAFE.sub(lambda m: quote(m.group(), safe=""), link)


def absolute_url(site_url: str, path: str) -> str:
    """``path`` (site-relative, already encoded) under ``site_url``; ``path`` itself when the
    site's address is not known."""
    if not site_url:
        return path
    return site_url.rstrip("/") + "/" + path.lstrip("/")


__all__ = [
    "absolute_url",
    "bibtex_key",
    "bibtex_url",
    "bibtex_value",
    "csl_json",
    "csv_cell",
    "front_matter",
    "html_attr",
    "html_text",
    "json_in_html",
    "markdown_code",
    "markdown_inline",
    "markdown_text",
    "markdown_unescape",
    "one_line",
    "url_part",
    "url_path",
]
