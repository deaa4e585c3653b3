"""Word (.docx) reports: the body's paragraphs and tables, one per line, with python-docx.

The body is walked in document order from its XML (python-docx's paragraph objects skip
content controls, tracked insertions and text boxes, which Chinese templates use for titles
and sign-offs): every paragraph gives a line, a paragraph's text boxes give lines after it,
a table gives a line a row, its cells parted by an ideographic space (a one-cell row, a
framed box, gives its paragraphs as lines). Word's automatic numbering (``一、``,
``（一）``, ``1.``) is not in the text runs: it is written out from the numbering
definitions, so the converter finds those headings as in a ``.txt``. A soft line break
becomes a line break and the text stage rejoins what it cuts. Empty paragraphs are
skipped. Headers, footers and footnotes are not body text: they are left out and listed
in ``removed``.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from .exceptions import SourceError
from .received import Extracted

#: Between table cells on a row's line: the ideographic space, which the text stage turns
#: into one space, so a row reads ``调解成功率 94.8% 96.5%`` and the figures keep their label
#: (with `` | `` the metrics stage took ``调解成功率 |`` for the first and lost the second).
CELL_SEPARATOR = "\u3000"
#: A .docx unpacks to far more than it weighs, but a report's XML stays well under this.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
#: An OLE2 compound file: a legacy .doc (or .wps) whatever its name says.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_RESAVE = "open it in Word, WPS or LibreOffice and save it again as .docx"


def read_docx(path: Path, raw: bytes) -> Extracted:
    """The text of a Word report, one title, heading, paragraph or table row a line.

    Raises:
        SourceError: the file is not a readable .docx (damaged, not a zip, a .doc renamed).
    """
    import docx
    from lxml.etree import LxmlError

    document = _open(path, raw)
    try:
        root = getattr(document.element, "body", None)
        if root is None:
            raise SourceError(path, f"the .docx has no document body (w:body); {_RESAVE}")
        body = _Body(_Numbering.of(document))
        lines = body.blocks(root)
        removed = _furniture(document)
    except (KeyError, ValueError, RecursionError, LxmlError) as exc:
        raise SourceError(path, f"the .docx is malformed ({exc!r}); {_RESAVE}") from exc
    if body.chunks:
        message = f"embedded documents (altChunk) that python-docx cannot read; {_RESAVE}"
        if not any(lines):
            raise SourceError(path, f"the text is all in {message}")
        removed.append(
            f"嵌入文档块 {body.chunks} 个（altChunk，未读取；在 Word 中另存为 .docx 可并入正文）"
        )
    return Extracted(
        text="\n".join(lines),
        format="docx",
        extractor=f"python-docx {docx.__version__}",
        encoding="binary",
        removed=tuple(removed),
    )


#: What zipfile raises on a damaged archive: bad headers, offsets out of range (ValueError),
#: a compression method it lacks (NotImplementedError), encrypted members (RuntimeError).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)


def _open(path: Path, raw: bytes):
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    if raw.startswith(_OLE2):
        raise SourceError(
            path,
            "this is a legacy Word .doc (or WPS) file named .docx; "
            f"{_RESAVE} (or run `libreoffice --headless --convert-to docx FILE`)",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                raise SourceError(
                    path,
                    f"the .docx unpacks to {unpacked:,} bytes, more than the limit of "
                    f"{MAX_UNPACKED_BYTES:,}; not read",
                )
            # Every part's checksum, so a damaged part is named here rather than half-read.
            damaged = archive.testzip()
    except _ZIP_ERRORS as exc:
        raise SourceError(path, f"not a .docx (not a readable zip: {exc}); {_RESAVE}") from exc
    if damaged is not None:
        raise SourceError(
            path, f"the .docx is damaged (its part {damaged} fails its checksum); {_RESAVE}"
        )
    try:
        return docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, KeyError, ValueError, LxmlError, zipfile.BadZipFile) as exc:
        raise SourceError(
            path, f"not a Word document python-docx can read ({exc}); {_RESAVE}"
        ) from exc


def _text_of(element) -> str:
    """The text of a header or footer part's paragraphs and tables."""
    return "".join(node.text or "" for node in element.iter(f"{_W}t"))


def _furniture(document) -> list[str]:
    """Headers, footers and footnotes: what the body text leaves out, one note each."""
    seen: dict[tuple[str, str], None] = {}
    for section in document.sections:
        for kind, parts in (
            ("页眉", (section.header, section.first_page_header, section.even_page_header)),
            ("页脚", (section.footer, section.first_page_footer, section.even_page_footer)),
        ):
            for part in parts:
                if part.is_linked_to_previous:
                    continue
                for paragraph in part._element.iter(f"{_W}p"):
                    text = _text_of(paragraph).strip()
                    if text:
                        seen[(kind, text)] = None
    removed = [f"{kind}“{text}”" for kind, text in seen]
    notes = _footnotes(document)
    if notes:
        removed.append(f"脚注 {notes} 条")
    return removed


def _footnotes(document) -> int:
    """Footnotes with text (python-docx does not read them; they are counted, not lost)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.parser import parse_xml  # python-docx's parser: entities not resolved

    count = 0
    for rel in document.part.rels.values():
        if rel.reltype not in (RT.FOOTNOTES, RT.ENDNOTES) or rel.is_external:
            continue
        root = parse_xml(rel.target_part.blob)
        for note in root:
            if note.get(f"{_W}type") in (None, "normal") and _text_of(note).strip():
                count += 1
    return count


# --- body ----------------------------------------------------------------------------------

#: Inside a paragraph, what is not its text: deleted and moved-away revisions, properties,
#: the copy of a drawing kept for old readers, field codes (their result is text), and
#: ruby text (pinyin set over characters).
_NOT_TEXT = frozenset(
    f"{_W}{name}" for name in ("del", "moveFrom", "pPr", "rPr", "instrText", "rt")
) | {f"{_MC}Fallback"}


@dataclass
class _Body:
    """Walks the body's XML in order, writing lines."""

    numbering: _Numbering
    #: Embedded documents (``w:altChunk``: HTML or RTF that Word merges when it opens the
    #: file, as some web systems export reports); python-docx cannot read them.
    chunks: int = 0

    def blocks(self, container) -> list[str]:
        out: list[str] = []
        for child in container:
            tag = child.tag
            if tag == f"{_W}p":
                out.extend(self.paragraph(child))
            elif tag == f"{_W}tbl":
                out.extend(self.table(child))
            elif tag in (f"{_W}sdt", f"{_W}customXml", f"{_W}ins", f"{_W}smartTag"):
                content = child.find(f"{_W}sdtContent")
                out.extend(self.blocks(content if content is not None else child))
            elif tag == f"{_MC}AlternateContent":
                choice = child.find(f"{_MC}Choice")
                out.extend(self.blocks(choice if choice is not None else child))
            elif tag == f"{_W}altChunk":
                self.chunks += 1
        return out

    def paragraph(self, p) -> list[str]:
        """The paragraph's own text (with its list number), then its text boxes' lines."""
        pieces: list[str] = []
        boxes: list[str] = []
        self._runs(p, pieces, boxes)
        text = "".join(pieces)
        lines = [line.strip() for line in text.split("\n")]
        lines = [line for line in lines if line]
        # Counted even when empty: Word numbers an empty list paragraph too.
        number = self.numbering.label(p)
        if lines and number:
            lines[0] = number + lines[0]
        return lines + boxes

    def _runs(self, element, pieces: list[str], boxes: list[str]) -> None:
        for child in element:
            tag = child.tag
            if tag == f"{_W}t":
                pieces.append(child.text or "")
            elif tag == f"{_W}tab":
                pieces.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                pieces.append("\n")
            elif tag in (f"{_W}noBreakHyphen",):
                pieces.append("-")
            elif tag in _NOT_TEXT:
                continue
            elif tag == f"{_W}txbxContent":
                boxes.extend(self.blocks(child))
            else:
                self._runs(child, pieces, boxes)

    def table(self, tbl) -> list[str]:
        out: list[str] = []
        for tr in tbl.iter(f"{_W}tr"):
            if _owner_table(tr) is not tbl:
                continue  # a nested table's row: read with its cell
            cells = [self.cell(tc) for tc in _cells(tr)]
            filled = [cell for cell in cells if cell]
            if len(filled) == 1:
                out.extend(filled[0])
            elif filled:
                out.append(CELL_SEPARATOR.join(" ".join(cell) for cell in cells))
        return out

    def cell(self, tc) -> list[str]:
        return [line for line in self.blocks(tc) if line.strip()]


def _owner_table(tr):
    parent = tr.getparent()
    while parent is not None and parent.tag != f"{_W}tbl":
        parent = parent.getparent()
    return parent


def _cells(tr):
    for child in tr:
        if child.tag == f"{_W}tc":
            yield child
        elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
            content = child.find(f"{_W}sdtContent")
            yield from (
                c for c in (content if content is not None else child) if c.tag == f"{_W}tc"
            )


# --- numbering -----------------------------------------------------------------------------


_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PARENS = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"


def _chinese(n: int, digits: str = _CN_DIGITS, ten: str = "十") -> str:
    """``n`` in Chinese numerals as list numbering writes it (十一, 二十, 一百零五)."""
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return (digits[tens] if tens > 1 else "") + ten + (digits[ones] if ones else "")
    if n >= 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        tail = ""
    elif rest < 10:
        tail = "零" + digits[rest]
    elif rest < 20:
        tail = digits[1] + _chinese(rest, digits, ten)
    else:
        tail = _chinese(rest, digits, ten)
    return digits[hundreds] + "百" + tail


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        while n >= value:
            out, n = out + numeral, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """``n`` in the ``w:numFmt`` ``fmt`` (decimal when the format is not known)."""
    if n <= 0 and fmt != "decimal":
        return str(n)
    formats = {
        "chineseCounting": lambda: _chinese(n),
        "chineseCountingThousand": lambda: _chinese(n),
        "taiwaneseCounting": lambda: _chinese(n),
        "taiwaneseCountingThousand": lambda: _chinese(n),
        "ideographDigital": lambda: "".join(_CN_DIGITS[int(d)] for d in str(n)),
        "chineseLegalSimplified": lambda: _chinese(n, _CN_LEGAL, "拾"),
        "ideographLegalTraditional": lambda: _chinese(n, _CN_LEGAL, "拾"),
        "ideographTraditional": lambda: _STEMS[(n - 1) % 10],
        "ideographZodiac": lambda: _BRANCHES[(n - 1) % 12],
        "lowerLetter": lambda: _letters(n),
        "upperLetter": lambda: _letters(n).upper(),
        "lowerRoman": lambda: _roman(n),
        "upperRoman": lambda: _roman(n).upper(),
        "decimalZero": lambda: f"{n:02d}",
        "decimalFullWidth": lambda: str(n).translate({c: c + 0xFEE0 for c in range(48, 58)}),
        "decimalEnclosedCircle": lambda: _CIRCLED[n - 1] if n <= 20 else str(n),
        "decimalEnclosedCircleChinese": lambda: _CIRCLED[n - 1] if n <= 20 else str(n),
        "decimalEnclosedParen": lambda: _PARENS[n - 1] if n <= 20 else f"({n})",
    }
    return formats.get(fmt, lambda: str(n))()


@dataclass(frozen=True)
class _Level:
    fmt: str
    text: str  # lvlText: ``%1、``
    start: int
    suffix: str  # tab, space or nothing after the number


@dataclass
class _Numbering:
    """Word's list numbering: the label each numbered paragraph shows, counted in order."""

    levels: dict[str, dict[int, _Level]]  # numId → ilvl → level
    styles: dict[str, tuple[str | None, int | None]]  # paragraph styleId → (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document) -> _Numbering:
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return cls({}, {})
        abstract = {
            a.get(f"{_W}abstractNumId"): _levels(a) for a in root.findall(f"{_W}abstractNum")
        }
        levels: dict[str, dict[int, _Level]] = {}
        for num in root.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            base = dict(abstract.get(ref.get(f"{_W}val") if ref is not None else None, {}))
            for override in num.findall(f"{_W}lvlOverride"):
                ilvl = _int(override.get(f"{_W}ilvl"), 0)
                lvl = override.find(f"{_W}lvl")
                if lvl is not None:
                    base[ilvl] = _level(lvl)
                start = override.find(f"{_W}startOverride")
                if start is not None and ilvl in base:
                    old = base[ilvl]
                    base[ilvl] = _Level(
                        old.fmt, old.text, _int(start.get(f"{_W}val"), 1), old.suffix
                    )
            levels[num.get(f"{_W}numId")] = base
        styles: dict[str, tuple[str | None, int | None]] = {}
        for style in document.styles.element.findall(f"{_W}style"):
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                styles[style.get(f"{_W}styleId")] = _num_pr(num_pr)
        return cls(levels, styles)

    def label(self, p) -> str:
        """The number Word shows before paragraph ``p`` (``一、``), or ``""``."""
        num_pr = p.find(f"{_W}pPr/{_W}numPr")
        num_id, ilvl = _num_pr(num_pr) if num_pr is not None else (None, None)
        style = p.find(f"{_W}pPr/{_W}pStyle")
        styled = self.styles.get(style.get(f"{_W}val")) if style is not None else None
        if styled is not None:
            # The paragraph's own numPr wins; what it leaves out comes from its style.
            num_id = num_id or styled[0]
            ilvl = styled[1] if ilvl is None else ilvl
        ilvl = ilvl or 0
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""  # numId 0 (numbering switched off) or undefined
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.fmt in ("bullet", "none"):
            return ""
        text = level.text
        for n in range(9, -1, -1):
            if f"%{n + 1}" in text:
                current = counters.get(n, levels[n].start if n in levels else 1)
                fmt = levels[n].fmt if n in levels else "decimal"
                text = text.replace(f"%{n + 1}", format_number(current, fmt))
        if not text:
            return ""
        # A tab or space after ``一、`` or ``1.`` is layout; after a bare number it parts words.
        return text if level.suffix == "nothing" or not text[-1].isalnum() else text + " "


def _num_pr(num_pr) -> tuple[str | None, int | None]:
    num_id = num_pr.find(f"{_W}numId")
    ilvl = num_pr.find(f"{_W}ilvl")
    return (
        num_id.get(f"{_W}val") if num_id is not None else None,
        _int(ilvl.get(f"{_W}val"), 0) if ilvl is not None else None,
    )


def _levels(abstract) -> dict[int, _Level]:
    return {_int(lvl.get(f"{_W}ilvl"), 0): _level(lvl) for lvl in abstract.findall(f"{_W}lvl")}


def _level(lvl) -> _Level:
    def value(name: str, default: str) -> str:
        node = lvl.find(f"{_W}{name}")
        got = node.get(f"{_W}val") if node is not None else None
        return default if got is None else got

    return _Level(
        fmt=value("numFmt", "decimal"),
        text=value("lvlText", ""),
        start=_int(value("start", "1"), 1),
        suffix=value("suff", "tab"),
    )


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
