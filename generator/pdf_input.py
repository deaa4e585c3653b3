"""PDF reports: PDFium's text layer (through pypdfium2) turned into one paragraph a line.

A PDF holds positioned glyphs, not paragraphs. PDFium gives the characters in content order
with their boxes and breaks them into lines; this module then

* drops running headers and footers (a line at the top or bottom of most pages, the same
  but for its digits, at the same height) and page numbers (``第 1 页 共 3 页``, ``- 2 -``,
  ``3/12``), listing each in ``removed``;
* rebuilds the lines: spaces PDFium generated between two Han characters or beside
  full-width punctuation go (Chinese has no word spaces), and in a letter-spaced line
  (``青 禾 镇 2 0 2 5 年``) every space narrower than a word space; spaces beside Latin
  letters and digits stay elsewhere; a wide gap inside a line (table cells, tab stops)
  becomes an ideographic space, as the .docx reader parts cells, so a row stays one line;
  the spaces removed are counted in ``removed``;
* rejoins the lines the layout broke: a line continues on the next unless the next is a
  heading or list item, or the page shows a new paragraph there (the line stops short of the
  right margin, the next is indented or set lower than the line pitch, the font size
  changes; a wrapped, centred title is one line). Only when a document marks paragraphs by
  neither indent nor spacing does a line ending a sentence end its paragraph.

A PDF without a text layer (scanned), encrypted, damaged, or whose fonts map glyphs to no
characters is refused with one line saying what to do; a picture-only page among text pages
is listed in ``removed``.

pypdfium2 was chosen over pdfplumber by measurement on PDFs printed by Chromium
(scripts/compare_pdf_extractors.py): pdfminer, under pdfplumber, reads many glyphs of the
embedded CJK font as Kangxi radicals (``⻘⽲镇⼈⺠`` for 青禾镇人民) and is ~10× slower.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from .chars import HAN
from .docx_input import CELL_SEPARATOR
from .exceptions import SourceError
from .received import Extracted

#: What a reader must do with a PDF that is only pictures of pages.
NO_TEXT_LAYER = (
    "no text layer (a scanned PDF?); run OCR (e.g. ocrmypdf --language chi_sim) and put the "
    "result in seeds/"
)

#: Chinese full-width punctuation: a space beside it separates nothing.
_CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』…—"
_HAN_OR_PUNCT = re.compile(f"[{HAN}{_CJK_PUNCT}]")
_PUNCT = re.compile(f"[{_CJK_PUNCT}]")
#: A page number alone on its line, in the forms Chinese documents print.
PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page\s*)?\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$",
    re.IGNORECASE,
)
#: Numbering that opens a heading or list item (``1.5万`` is a number, not item 1).
_HEADING_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*、|[(（]\s*[一二三四五六七八九十]+\s*[)）]"
    r"|\d{1,2}\s*(?:、|[.．](?!\d))|第[一二三四五六七八九十百]+[章节条部分])"
)
_SENTENCE_ENDS = "。！？!?：:；;"
#: Header and footer lines are looked for among this many lines at each edge of a page.
_EDGE_LINES = 2


@dataclass(frozen=True)
class Char:
    """One character of the text layer; boxes in points from the page's top-left corner."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    generated: bool = False  # a space or line break the extractor inferred, not in the PDF


@dataclass(frozen=True)
class TextLine:
    """A line of text as laid out on its page."""

    text: str
    page: int  # 0-based
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # em size in points (the median character height)
    cells: int = 1  # gaps wide enough to part table cells, plus one
    spaces_removed: int = 0  # generated spaces dropped between Han characters


def read_pdf(path: Path, raw: bytes) -> Extracted:
    """The text of a PDF report, one title, heading, paragraph or table row a line.

    Raises:
        SourceError: the PDF is damaged, encrypted, or has no text layer.
    """
    import pypdfium2 as pdfium

    document = _open(path, raw)
    if len(document) == 0:
        document.close()
        raise SourceError(path, f"the PDF has no pages; {_RESAVE}")
    try:
        pages: list[list[TextLine]] = []
        pictures: list[int] = []
        for index in range(len(document)):
            page = document[index]
            try:
                lines = pdfium_lines(page, index)
                if not lines and _has_pictures(page):
                    pictures.append(index + 1)
                pages.append(lines)
            finally:
                page.close()
    except pdfium.PdfiumError as exc:
        raise SourceError(path, f"PDFium could not read the PDF's text ({exc}); {_RESAVE}") from exc
    finally:
        document.close()
    if not any(pages):
        raise SourceError(path, NO_TEXT_LAYER)
    text, removed = assemble(pages)
    if _unmapped_share(text) > 0.2:
        raise SourceError(
            path,
            "the PDF's fonts map their glyphs to no characters (its text comes out as "
            f"private-use codes); {NO_TEXT_LAYER.partition('; ')[2]}",
        )
    if pictures:
        numbers = "、".join(map(str, pictures))
        removed.append(f"第 {numbers} 页只有图片、没有文字层（扫描页？），未读取")
    return Extracted(
        text=text,
        format="pdf",
        extractor=f"pypdfium2 {pdfium.version.PYPDFIUM_INFO.version}",
        encoding="binary",
        removed=tuple(removed),
    )


def _unmapped_share(text: str) -> float:
    """The share of characters a font without a Unicode map left as private-use codes."""
    visible = [c for c in text if not c.isspace()]
    unmapped = sum(1 for c in visible if "\ue000" <= c <= "\uf8ff" or c == "\ufffd")
    return unmapped / len(visible) if visible else 0.0


_RESAVE = "open it in a PDF reader and print or export it to a new PDF, then replace the file"


def _open(path: Path, raw: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise SourceError(
                path,
                "the PDF is encrypted (it asks for a password); save an unprotected copy "
                "(e.g. qpdf --decrypt IN OUT) and put that in seeds/",
            ) from exc
        reason = str(exc).removeprefix("Failed to load document").strip(" .()")
        raise SourceError(
            path, f"not a readable PDF ({reason}: damaged, cut short or not a PDF); {_RESAVE}"
        ) from exc


def _has_pictures(page) -> bool:
    import pypdfium2.raw as pdfium_c

    return any(obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=2))


def pdfium_lines(page, index: int) -> list[TextLine]:
    """The lines of one pypdfium2 page, with PDFium's own line breaks."""
    import pypdfium2.raw as pdfium_c

    height = page.get_height()
    textpage = page.get_textpage()
    try:
        raw_page = textpage.raw
        lines: list[list[Char]] = [[]]
        for i in range(textpage.count_chars()):
            code = pdfium_c.FPDFText_GetUnicode(raw_page, i)
            if code in (0x0D, 0x0A):
                if lines[-1]:
                    lines.append([])
                continue
            if code == 0 or code == 0xFFFE:
                continue
            # PDFium marks a hyphen ending a line as 0x02; ``2024-`` / ``2025`` keeps it.
            char = "-" if code == 0x02 else chr(code)
            left, bottom, right, top = textpage.get_charbox(i, loose=True)
            generated = bool(pdfium_c.FPDFText_IsGenerated(raw_page, i))
            lines[-1].append(Char(char, left, right, height - top, height - bottom, generated))
    finally:
        textpage.close()
    return [line for chars in lines if (line := line_from_chars(chars, index)) is not None]


def line_from_chars(chars: list[Char], page: int) -> TextLine | None:
    """A :class:`TextLine` from its characters in reading order (any extractor's)."""
    real = [c for c in chars if not c.generated and not c.text.isspace()]
    if not real:
        return None
    size = statistics.median(c.bottom - c.top for c in real) or 1.0
    # Each real character with whether a space came before it.
    spaced: list[tuple[Char, bool]] = []
    pending = False
    for char in chars:
        if char.text.isspace():
            pending = pending or bool(spaced)
        elif not char.generated:
            spaced.append((char, pending))
            pending = False
    gaps = [c.x0 - p.x1 for (p, _), (c, space) in pairwise(spaced) if space]
    # A letter-spaced line (a title, a sign-off: ``青 禾 镇 2 0 2 4 年``) has a space after
    # nearly every character; only a gap wider than the letter spacing parts words there.
    letter_spaced = len(gaps) >= 3 and len(gaps) >= 0.7 * (len(spaced) - 1)
    # A word space there adds a space's width (a quarter em or more) to the letter spacing;
    # PDFium's box of a glyph it lacks metrics for is the ink's, a little narrower.
    usual = statistics.median(gaps) if letter_spaced else 0.0
    word_gap = max(1.5 * usual, usual + 0.3 * size) if letter_spaced else 0.0
    out: list[str] = []
    cells, dropped = 1, 0
    previous: Char | None = None
    for char, space in spaced:
        if previous is not None:
            gap = char.x0 - previous.x1
            if gap > 1.5 * size and not (letter_spaced and gap <= word_gap):
                out.append(CELL_SEPARATOR)
                cells += 1
            elif space:
                # Full-width punctuation carries its own spacing; Han text has none.
                if (
                    (letter_spaced and gap <= word_gap)
                    or _PUNCT.match(previous.text)
                    or _PUNCT.match(char.text)
                    or (_HAN_OR_PUNCT.match(previous.text) and _HAN_OR_PUNCT.match(char.text))
                ):
                    dropped += 1
                else:
                    out.append(" ")
        out.append(char.text)
        previous = char
    return TextLine(
        text="".join(out),
        page=page,
        x0=min(c.x0 for c in real),
        x1=max(c.x1 for c in real),
        top=min(c.top for c in real),
        bottom=max(c.bottom for c in real),
        size=size,
        cells=cells,
        spaces_removed=dropped,
    )


# --- pages to text -------------------------------------------------------------------------


def assemble(pages: list[list[TextLine]]) -> tuple[str, list[str]]:
    """The text of a document from its pages' lines, and what was removed, one item each."""
    furniture, removed = running_lines(pages)
    body = [
        line
        for page in pages
        for position, line in enumerate(page)
        if (line.page, position) not in furniture
    ]
    spaces = sum(line.spaces_removed for line in body)
    if spaces:
        removed.append(f"字间空格 {spaces} 个")
    return "\n".join(paragraphs(body)), removed


def running_lines(pages: list[list[TextLine]]) -> tuple[set[tuple[int, int]], list[str]]:
    """Page numbers, running headers and footers: their ``(page, position)`` and a note each.

    Only lines at a page's top or bottom edge count; a header must recur on most pages at
    the same height, so a title that happens to read like it stays.
    """
    drop: set[tuple[int, int]] = set()
    removed: list[str] = []
    numbers = 0
    seen: dict[str, list[tuple[int, int, TextLine, str]]] = defaultdict(list)
    for page in pages:
        if not page:
            continue
        ordered = sorted(range(len(page)), key=lambda i: page[i].top)
        # Above or below the middle of what the page holds (a short page's lines are all
        # near an edge).
        middle = (page[ordered[0]].top + max(line.bottom for line in page)) / 2
        edges = {
            i: "top" if page[i].top < middle else "bottom"
            for i in (*ordered[:_EDGE_LINES], *ordered[-_EDGE_LINES:])
        }
        for position, edge in edges.items():
            line = page[position]
            if line.cells > 1:
                continue  # a table's header row repeated on each page is the table's
            if PAGE_NUMBER.match(line.text):
                drop.add((line.page, position))
                numbers += 1
                continue
            key = re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))
            seen[key].append((line.page, position, line, edge))
    with_text = [page[0].page for page in pages if page]
    needed = max(2, -(-len(with_text) * 6 // 10))  # most pages: 60 %, rounded up
    # Or most pages on one side of a book-like layout (the title on even pages, the
    # chapter on odd ones).
    sides = [[p for p in with_text if p % 2 == side] for side in (0, 1)]
    for occurrences in seen.values():
        height = statistics.median(line.top for _, _, line, _ in occurrences)
        same = [o for o in occurrences if abs(o[2].top - height) <= 0.5 * o[2].size]
        pages_with = {page for page, _, _, _ in same}
        one_side = len(with_text) >= 4 and any(
            len(side) >= 2 and len(pages_with & set(side)) >= 0.8 * len(side) for side in sides
        )
        if (len(pages_with) < needed and not one_side) or not _numbers_follow_pages(same):
            continue
        drop.update((page, position) for page, position, _, _ in same)
        edge = Counter(o[3] for o in same).most_common(1)[0][0]
        what = "页眉" if edge == "top" else "页脚"
        removed.append(f"{what}“{same[0][2].text}”（{len(pages_with)} 页）")
    if numbers:
        removed.append(f"页码 {numbers} 个")
    return drop, removed


def _numbers_follow_pages(occurrences: list[tuple[int, int, TextLine, str]]) -> bool:
    """Lines the same but for their digits repeat only when a number counts the pages
    (``第 3 页``, ``共 12 页``); two pages' first lines may differ only in a figure."""
    if len({line.text for _, _, line, _ in occurrences}) == 1:
        return True
    offsets: set[int] | None = None
    for page, _, line, _ in occurrences:
        found = {int(n) - page for n in re.findall(r"\d{1,4}", line.text)}
        offsets = found if offsets is None else offsets & found
    return bool(offsets)


@dataclass(frozen=True)
class _Layout:
    """What a document's body lines say about where its paragraphs break."""

    left: float  # the text's left margin
    right: float  # where a full line ends
    pitch: float  # the usual distance from one line's top to the next's
    marked: bool  # paragraphs show by indent or spacing
    size: float  # the body text's em size


def _layout(lines: list[TextLine]) -> _Layout:
    text_lines = [line for line in lines if line.cells == 1]
    if not text_lines:
        return _Layout(0.0, 0.0, 0.0, False, 0.0)
    left = Counter(round(line.x0) for line in text_lines).most_common(1)[0][0]
    rights = sorted(line.x1 for line in text_lines)
    right = rights[int(0.9 * (len(rights) - 1))]
    pitches = [
        b.top - a.top
        for a, b in pairwise(text_lines)
        if a.page == b.page and abs(a.size - b.size) < 0.1 * a.size and b.top > a.top
    ]
    pitch = statistics.median(pitches) if pitches else 0.0
    # The first line of a paragraph: indented about two characters and running to the right
    # margin (a centred title or a right-aligned sign-off says nothing about paragraphs).
    indented = sum(
        1
        for line in text_lines
        if 1.5 * line.size <= line.x0 - left <= 2.6 * line.size
        and line.x1 >= right - 1.5 * line.size
    )
    spaced = sum(1 for p in pitches if p > 1.3 * pitch)
    size = statistics.median(line.size for line in text_lines)
    return _Layout(left, right, pitch, indented + spaced >= 2, size)


def paragraphs(lines: list[TextLine]) -> list[str]:
    """Body lines rejoined into paragraphs, one string each."""
    layout = _layout(lines)
    out: list[str] = []
    previous: TextLine | None = None
    for line in lines:
        if previous is not None and _continues(previous, line, layout):
            out[-1] = _join(out[-1], line.text)
        else:
            out.append(line.text)
        previous = line
    return out


def _continues(previous: TextLine, line: TextLine, layout: _Layout) -> bool:
    """Whether ``line`` goes on with the paragraph ``previous`` is part of."""
    size = previous.size
    if previous.cells > 1 or line.cells > 1 or _HEADING_START.match(line.text):
        return False
    if abs(line.size - size) > 0.15 * size:
        return False
    if (
        size > 1.1 * layout.size
        and _centred(previous, layout)
        and _centred(line, layout)
        and line.x0 - layout.left > size
    ):
        # A title too long for one line, wrapped and centred.
        return previous.x1 - previous.x0 >= 0.6 * (layout.right - layout.left)
    if previous.x1 < layout.right - 1.5 * size:  # stops short: the paragraph's last line
        return False
    if line.x0 - layout.left > 0.8 * size:  # indented, centred or right-aligned
        return False
    if previous.x0 - layout.left > 0.8 * size and previous.x1 < layout.right - 0.5 * size:
        return False  # a centred line is whole
    if line.page == previous.page and layout.pitch and line.top - previous.top > 1.3 * layout.pitch:
        return False
    return layout.marked or previous.text[-1] not in _SENTENCE_ENDS


def _centred(line: TextLine, layout: _Layout) -> bool:
    middle = (layout.left + layout.right) / 2
    return abs((line.x0 + line.x1) / 2 - middle) < line.size


def _join(head: str, tail: str) -> str:
    # English words wrap at their spaces; Chinese and numbers wrap anywhere.
    if head[-1:].isascii() and head[-1:].isalpha() and tail[:1].isascii() and tail[:1].isalpha():
        return f"{head} {tail}"
    return head + tail
