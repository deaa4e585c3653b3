"""Structure: title, headings from Chinese numbering, paragraphs with stable anchors, sign-off."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from . import titles
from .chars import HAN, count_han
from .normalize import Line, NormalizedText
from .numbers import parse_chinese

CN_DIGITS = "〇零一二两三四五六七八九十百"

#: Numbering that makes a heading, by level. Only at the start of a line: ``如:一、…;二、…``
#: inside a sentence is prose.
HEADING_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (2, re.compile(r"^(?P<num>[一二三四五六七八九十]{1,3})\s*、\s*(?P<rest>.*)$")),
    (3, re.compile(r"^[(（]\s*(?P<num>[一二三四五六七八九十]{1,3})\s*[)）]\s*(?P<rest>.*)$")),
    # ``1.5元`` is a number, not item 1: the dot must not be followed by a digit.
    (4, re.compile(r"^(?P<num>\d{1,2})\s*(?:、|[.．](?!\d))\s*(?P<rest>.*)$")),
)

#: How long a heading may be (Han characters) before the line reads as a numbered sentence.
MAX_HEADING_HAN = {2: 48, 3: 48, 4: 40}

#: The head of a line ends at the first full stop; ``一、…成效显著。牢牢把握…`` is a heading
#: running into its paragraph.
_HEAD_END = re.compile(r"[。！？!?]")
_TRAILING_PUNCT = re.compile(r"[。：:，,；;\s]+$")

_SENTENCE_PUNCT = re.compile(r"[。，,；;！？!?]")

_DATE_LINE = re.compile(r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日$")
_CN_DATE_LINE = re.compile(
    rf"^(?P<y>[{CN_DIGITS}]{{4}})年(?P<m>[{CN_DIGITS}]{{1,2}})月(?P<d>[{CN_DIGITS}]{{1,3}})日$"
)
ORG_SUFFIX = re.compile(
    r"(人民政府|办事处|委员会|党工委|党委|政府|街道|镇|乡|局|办公室|司法所|中心|领导小组)$"
)
_MAX_SIGNOFF_LINE = 40


@dataclass
class Paragraph:
    anchor: str
    text: str
    received: str
    line: int


@dataclass
class Section:
    anchor: str
    level: int
    title: str
    received_title: str
    line: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)


@dataclass
class SignOff:
    """The closing signature: who issued the report and when; metadata, not a paragraph."""

    issuer: str | None
    date: date | None
    lines: list[Line]


@dataclass
class Document:
    title: Line | None
    intro: list[Paragraph]
    sections: list[Section]
    signoff: SignOff | None
    repeated_titles: list[Line] = field(default_factory=list)
    #: How the title was found: an evidence rule id (generator.evidence.RULES).
    title_rule: str = "title_first_line"
    #: Lines of the page around the document above its text (navigation, panel, lead-in).
    page_head: list[Line] = field(default_factory=list)
    #: Issuing bodies printed on lines of their own above a split title.
    title_bodies: tuple[str, ...] = ()

    def iter_sections(self) -> Iterator[Section]:
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            yield section
            stack.extend(reversed(section.children))

    def iter_paragraphs(self) -> Iterator[Paragraph]:
        yield from self.intro
        for section in self.iter_sections():
            yield from section.paragraphs

    @property
    def body_text(self) -> str:
        """Headings and paragraphs in reading order, one per line (Simplified)."""
        parts = [p.text for p in self.intro]
        for section in self.iter_sections():
            parts.append(section.title)
            parts.extend(p.text for p in section.paragraphs)
        return "\n".join(parts)


def structure(normalized: NormalizedText) -> Document:
    """Turn normalised lines into a document tree."""
    lines = normalized.lines
    found = titles.find_title(lines, HEADING_START_ANY)
    if found is None:
        title, repeated, rule, bodies = None, [], "title_derived", ()
        skip = titles.leading_furniture(lines)
        head, lines = lines[:skip], lines[skip:]
    else:
        title, head, repeated = found.line, list(found.head), list(found.repeated)
        rule, bodies = found.rule, found.bodies
        if rule == "title_first_line" and any(c.number < title.number for c in normalized.chrome):
            rule = "title_under_chrome"
        # A copy from the body's first line: popping the head of the list once per repeated
        # title line was quadratic.
        lines = ([found.rest] if found.rest else []) + lines[found.body_start :]
    signoff = _take_signoff(lines)
    intro, sections = _build_tree(lines)
    return Document(title, intro, sections, signoff, repeated, rule, head, bodies)


def is_title_line(text: str) -> bool:
    """A document title: short, no sentence punctuation, names a kind of report."""
    return not HEADING_START_ANY.match(text) and titles.is_title_text(text)


#: Any heading numbering at the start of a line.
HEADING_START_ANY = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}\s*、|[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]|\d{1,2}\s*(?:、|[.．](?!\d)))"
)


# --- sentences ---------------------------------------------------------------------------

#: What ends a sentence: the context of a figure or a citation runs between two of these.
SENTENCE_ENDS = "。；;！？!?\n"
#: A context is cut to this many characters on each side of what it surrounds, "…" marking
#: the cut. The longest sentence of the seeds has 233 characters; a paragraph with no full
#: stop would otherwise give each of its figures all of it (and rescan it for each).
CONTEXT_REACH = 300


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence holding ``text[start:end]``, its closing punctuation included."""
    floor, ceiling = max(0, start - CONTEXT_REACH), min(len(text), end + CONTEXT_REACH)
    before = _LAST_SENTENCE_END.search(text, floor, start)
    after = _SENTENCE_END.search(text, end, ceiling)
    head = "…" if before is None and floor > 0 else ""
    tail = "…" if after is None and ceiling < len(text) else ""
    left = before.start() + 1 if before else floor
    right = after.end() if after else ceiling
    return head + text[left:right].strip() + tail


_SENTENCE_END = re.compile(f"[{re.escape(SENTENCE_ENDS)}]")
_LAST_SENTENCE_END = re.compile(f"[{re.escape(SENTENCE_ENDS)}][^{re.escape(SENTENCE_ENDS)}]*\\Z")


# --- sign-off ----------------------------------------------------------------------------


def parse_date_line(text: str) -> date | None:
    """A line that is only a date (``2021年3月30日`` or ``二〇二一年三月三十日``)."""
    text = text.replace(" ", "")
    match = _DATE_LINE.match(text)
    if match:
        parts = (int(match["y"]), int(match["m"]), int(match["d"]))
    else:
        match = _CN_DATE_LINE.match(text)
        if not match:
            return None
        parts = tuple(int(parse_chinese(match[k])) for k in ("y", "m", "d"))
    try:
        return date(*parts)
    except ValueError:
        return None


def _is_org_line(text: str) -> bool:
    return (
        len(text) <= _MAX_SIGNOFF_LINE
        and not _SENTENCE_PUNCT.search(text)
        and not HEADING_START_ANY.match(text)
        and bool(ORG_SUFFIX.search(text))
    )


def _take_signoff(lines: list[Line]) -> SignOff | None:
    """Pop the closing issuer/date lines off the end of ``lines``.

    A signature is one date line and up to two issuing bodies above it (a party committee
    and a government often sign together), or the bodies alone after a finished sentence.
    """
    taken: list[Line] = []
    signed: date | None = None
    issuers: list[str] = []
    while lines and len(taken) < 3:
        text = lines[-1].text
        day = parse_date_line(text)
        if day and signed is None and not issuers:
            signed = day
        elif _is_org_line(text) and len(issuers) < 2:
            issuers.insert(0, text)
        else:
            break
        taken.insert(0, lines.pop())
    if taken and signed is None and not (lines and lines[-1].text.endswith("。")):
        lines.extend(taken)
        return None
    if not taken:
        return None
    return SignOff(issuer=" ".join(issuers) or None, date=signed, lines=taken)


# --- headings and paragraphs -------------------------------------------------------------


@dataclass
class _Heading:
    level: int
    number: str
    title: str
    received_title: str


def _match_heading(text: str) -> tuple[int, re.Match[str]] | None:
    for level, pattern in HEADING_PATTERNS:
        match = pattern.match(text)
        if match:
            return level, match
    return None


def split_heading(text: str) -> tuple[int, str, str] | None:
    """``(level, heading, rest)`` when ``text`` opens with a heading, else None.

    A heading running into its paragraph (``1、组织保障到位。建立由…``) is split at its
    first full stop; a numbered line whose head is a long sentence is a paragraph.
    """
    found = _match_heading(text)
    if not found:
        return None
    level, match = found
    rest = match["rest"]
    end = _HEAD_END.search(rest)
    head, tail = (rest[: end.end()], rest[end.end() :]) if end else (rest, "")
    if not count_han(head) or count_han(head) > MAX_HEADING_HAN[level]:
        return None
    prefix = text[: match.start("rest")]
    return level, _TRAILING_PUNCT.sub("", prefix + head), tail.strip()


def split_inline_items(text: str, number: int) -> list[str]:
    """Split ``…。2、…。3.…`` into items when the numbers follow on from item ``number``.

    Mirror sites glue numbered items into one line; only the next number in sequence,
    straight after a full stop or semicolon, starts a new item.
    """
    pieces = []
    expected = number + 1
    start = 0
    pattern = re.compile(r"(?<=[。；;])\s*(\d{1,2})\s*(?:、|[.．](?!\d))")
    for match in pattern.finditer(text):
        if int(match.group(1)) != expected:
            continue
        pieces.append(text[start : match.start()])
        start = match.start(1)
        expected += 1
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


def _units(line: Line) -> Iterator[tuple[_Heading | None, str, str]]:
    """Yield ``(heading or None, paragraph text, received paragraph)`` units of one line."""
    split = split_heading(line.text)
    if split is None:
        yield None, line.text, line.received
        return
    level, title, rest = split
    received_split = split_heading(line.received)
    received_title, received_rest = (
        (received_split[1], received_split[2]) if received_split else (title, rest)
    )
    heading = _Heading(level, _match_heading(line.text)[1]["num"], title, received_title)
    if level != 4:
        yield heading, rest, received_rest
        return
    items = split_inline_items(rest, int(heading.number))
    received_items = split_inline_items(received_rest, int(heading.number))
    if len(items) != len(received_items):
        received_items = [received_rest] + [""] * (len(items) - 1) if items else []
    yield heading, items[0] if items else "", received_items[0] if received_items else ""
    for item, received_item in zip(items[1:], received_items[1:], strict=True):
        yield from _units(Line(line.number, received_item or item, item))


def _build_tree(lines: list[Line]) -> tuple[list[Paragraph], list[Section]]:
    intro: list[Paragraph] = []
    roots: list[Section] = []
    stack: list[Section] = []
    for line in lines:
        for heading, text, received in _units(line):
            if heading:
                while stack and stack[-1].level >= heading.level:
                    stack.pop()
                siblings = stack[-1].children if stack else roots
                parent_anchor = stack[-1].anchor if stack else "s"
                anchor = f"{parent_anchor}{'-' if stack else ''}{len(siblings) + 1}"
                section = Section(
                    anchor, heading.level, heading.title, heading.received_title, line.number
                )
                siblings.append(section)
                stack.append(section)
            if not text:
                continue
            owner = stack[-1].paragraphs if stack else intro
            owner_anchor = stack[-1].anchor if stack else "s0"
            owner.append(
                Paragraph(f"{owner_anchor}-p{len(owner) + 1}", text, received or text, line.number)
            )
    return intro, roots


__all__ = [
    "HAN",
    "Document",
    "Paragraph",
    "Section",
    "SignOff",
    "is_title_line",
    "parse_date_line",
    "sentence_at",
    "split_heading",
    "split_inline_items",
    "structure",
]
