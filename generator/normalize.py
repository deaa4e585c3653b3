"""Normalisation: a pure stage from received text to clean lines, keeping the received wording.

Every line keeps two versions: ``received`` (the text as it came, only pinyin glosses, page
chrome and broken line ends repaired) for display next to the original, and ``text``
(Simplified Chinese) which the later stages parse and the site shows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from . import panel
from .chars import HAN, count_han

#: A mirror site's pinyin gloss: a bracketed lowercase syllable with at least one tone mark,
#: straight after a Han character (``區(qū)``). Toneless ``(qu)`` and ``(一)``, ``(法治政府)``,
#: ``網格長(員)`` never match: they are real text.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
PINYIN_GLOSS = re.compile(rf"(?<=[{HAN}])[(（]([a-zü]*[{_TONED}][a-zü]*)[)）]")

#: Spaces that are layout, not content: NBSP, en/em/thin spaces, ideographic space, tabs.
ODD_SPACES = re.compile("[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
#: Zero-width characters that scraping leaves in text.
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
_CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』…—,.;:?!()\\[\\]"
#: A space between Chinese text and punctuation separates nothing (``排查 ,深入``); a space
#: between Latin words and ASCII punctuation is left alone.
SPACE_AT_PUNCT = re.compile(
    rf"(?<=[{HAN}{_CJK_PUNCT}]) +(?=[{_CJK_PUNCT}])|(?<=[{_CJK_PUNCT}]) +(?=[{HAN}{_CJK_PUNCT}])"
)

#: Two Han characters (or Han and Chinese punctuation) with spaces between them.
_SPACED_HAN = re.compile(f"(?<=[{HAN}]) (?=[{HAN}])")
_ADJACENT_HAN = re.compile(f"(?<=[{HAN}])(?=[{HAN}])")
#: In such a line digits are spaced apart too (``2 0 2 0 年``, ``9 9 . 8 9 %``).
_SPACE_IN_HAN = re.compile(
    rf"(?<=[{HAN}{_CJK_PUNCT}]) +(?=[{HAN}{_CJK_PUNCT}\d])"
    rf"|(?<=[{HAN}{_CJK_PUNCT}\d%％]) +(?=[{HAN}{_CJK_PUNCT}])"
    r"|(?<=\d) +(?=[\d%％])"
)
#: Whitespace before heading numbering, after the end of a sentence or heading.
_GLUED_HEADING = re.compile(
    rf"(?<=[{HAN}。：:；;！？）)])[ \t\u3000\u00a0]+"
    r"(?=[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）])"
    rf"|(?<=[。：:；;！？])[ \t\u3000\u00a0]+(?=\d{{1,2}}[、.．][{HAN}])"
)

_OPENERS = "《“（(【「『〈"
_CLOSERS = "》”）)】」』〉"
_BRACKETS = re.compile(f"[{re.escape(_OPENERS + _CLOSERS)}]")
#: A line ending with these cannot end a sentence: the next line continues it.
_CONTINUES = "，,、"
#: A line ending with these ends a sentence.
_SENTENCE_ENDS = "。！？!?：:"
#: Numbering that opens a heading or list item: such a line never continues the one before.
HEADING_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d{1,2}\s*[、.．])"
)
_UNIT_START = re.compile(r"^[年月日号万亿元件人名次个家条项%％起宗份期所]")

# --- page chrome -------------------------------------------------------------------------

_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
_CLOCK = r"(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
_SEP = r"\s*[:：]\s*"
#: A chrome value runs to the next space, separator or label (pages glue them together).
_VALUE_END = r"(?=\s|$|[|｜【\[，。,;；]|发布|更新|浏览|访问|累计|阅读|点击|字体|作者|责任编辑)"

#: Chrome fields, each consuming its label and value. Order matters: the longer labels first.
_CHROME_FIELDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("banner", re.compile(rf"今天是{_SEP}?{_DATE}\s*(?:星期|周)[一二三四五六日天]?")),
    ("breadcrumb", re.compile(r"^\s*(?:您(?:现在)?所在(?:的)?位置|当前位置)\s*[:：].*$")),
    # The colon is sometimes left out (``发布时间 2025年09月05日``); the date follows at once.
    (
        "publish_date",
        re.compile(rf"(?:发布|发表|成文|印发)?(?:时间|日期)(?:{_SEP}|\s*){_DATE}{_CLOCK}"),
    ),
    ("updated", re.compile(rf"更新(?:时间|日期){_SEP}{_DATE}{_CLOCK}")),
    ("source", re.compile(rf"(?:信息)?来源{_SEP}(?P<value>[^\s|｜，。,;；]*?){_VALUE_END}")),
    (
        "author",
        re.compile(
            rf"(?:作者|责任编辑|编辑|发布机构|发布单位|所属单位){_SEP}(?P<value>[^\s|｜，。,;；]*?){_VALUE_END}"
        ),
    ),
    ("counter", re.compile(rf"(?:浏览|访问|累计|阅读|点击)(?:次数|量|数)?{_SEP}\d*(?:次)?")),
    (
        "font",
        re.compile(
            r"[【\[]?\s*字[体號号](?:大小)?\s*[:：]?\s*[\[【]?\s*(?:[大中小]\s*)*[\]】]?\s*[】\]]?"
        ),
    ),
    ("widget", re.compile(r"[【\[]\s*(?:打印(?:本页)?|关闭(?:窗口)?|收藏|返回顶部|纠错)\s*[】\]]")),
    ("widget", re.compile(r"(?:打印本页|关闭窗口|返回顶部|扫一扫在手机打开当前页)")),
    ("share", re.compile(r"^\s*分享(?:到)?\s*[:：].*$")),
    ("pager", re.compile(r"(?:上一篇|下一篇)\s*[:：].*$")),
    ("footer", re.compile(r"(?:主办|承办|协办|维护)(?:单位)?\s*[:：]\s*\S*")),
    ("footer", re.compile(r"\S{0,4}ICP备\s*\d+号(?:-\d+)?|网站标识码\s*[:：]?\s*\w*|版权所有")),
)
#: Widgets spelled in Traditional script on mirror sites are matched after conversion.
_CHROME_SCAN_LINES = 6


@dataclass(frozen=True)
class Line:
    """One line (a paragraph in these reports) after normalisation."""

    number: int  # 1-based line in the received file where it starts
    received: str  # as received, repaired but in the original script
    text: str  # Simplified Chinese, what the site shows and later stages parse


@dataclass(frozen=True)
class Chrome:
    """A line of page chrome removed from the text, kept so nothing is lost silently."""

    number: int
    text: str
    kinds: tuple[str, ...]


@dataclass
class NormalizedText:
    """The normalisation stage's output for one report."""

    lines: list[Line]
    script: str  # "traditional" | "simplified", of the received text
    chrome: list[Chrome] = field(default_factory=list)
    source: str | None = None  # what a 来源 widget named
    publish_date: date | None = None  # what a 发布时间 widget said; a 今天是 banner never counts
    #: ``(the words that gave publish_date, evidence rule)``
    publish_evidence: tuple[str, str] | None = None
    panel_issuer: str | None = None  # the body a 发布机构 / 发文单位 field names
    glosses_removed: int = 0
    lines_joined: int = 0


def normalize(text: str) -> NormalizedText:
    """Normalise decoded report text. Pure: the same input always gives the same output."""
    text, glosses = PINYIN_GLOSS.subn("", text)
    text = ZERO_WIDTH.sub("", text)
    script = detect_script(text)
    received_lines = text.split("\n")
    # A .docx extraction spaces out every line, even a heading too short to tell by itself.
    spaced_document = _is_spaced(ODD_SPACES.sub(" ", text))
    numbered = [
        (n, _clean_spaces(piece))
        for n, raw in enumerate(received_lines, start=1)
        for piece in _split_glued_headings(_unspace_han(ODD_SPACES.sub(" ", raw), spaced_document))
    ]
    numbered = [(n, line) for n, line in numbered if line]
    head = [to_simplified(line, script) for _, line in numbered[: panel.HEAD_LINES]]
    numbered, chrome, source, (published, published_line) = _strip_chrome(
        numbered, script, received_lines
    )
    publish_evidence = None
    if published:
        publish_evidence = (published_line, "publish_line")
    elif found := panel.find_panel_date(head):
        published, phrase, rule = found
        publish_evidence = (phrase, rule)
    issuer = panel.panel_issuer(head)
    if chrome:
        # The report's script is its text's, not the mirror site's furniture around it.
        script = detect_script("\n".join(line for _, line in numbered))
    joined, joins = _join_broken_lines(numbered)
    lines = [Line(n, received, to_simplified(received, script)) for n, received in joined]
    return NormalizedText(
        lines=lines,
        script=script,
        chrome=chrome,
        source=source,
        publish_date=published,
        publish_evidence=publish_evidence,
        panel_issuer=issuer,
        glosses_removed=glosses,
        lines_joined=joins,
    )


def _unspace_han(line: str, spaced_document: bool = False) -> str:
    """``法 治 政 府`` → ``法治政府``: a .docx extraction that put a space after every character.

    Only in such a document, or a line where most neighbouring Han characters are spaced
    apart, so a single deliberate space between two phrases survives.
    """
    if spaced_document or _is_spaced(line):
        return _SPACE_IN_HAN.sub("", line)
    return line


def _is_spaced(text: str) -> bool:
    """At least five, and most, neighbouring Han characters of ``text`` are spaced apart."""
    spaced = len(_SPACED_HAN.findall(text))
    return spaced >= 5 and spaced >= 0.6 * len(_ADJACENT_HAN.findall(text)) + 0.6 * spaced


def _split_glued_headings(line: str) -> list[str]:
    """Split ``…成效。 二、存在问题 （一）…``: lines a .docx extraction glued with spaces."""
    return _GLUED_HEADING.split(line)


def _clean_spaces(line: str) -> str:
    line = ODD_SPACES.sub(" ", line)
    line = re.sub(" {2,}", " ", line)
    line = SPACE_AT_PUNCT.sub("", line)
    return line.strip()


# --- script ------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _converter(config: str):
    import opencc  # imported lazily: the binding loads its dictionaries on first use

    return opencc.OpenCC(config)


_HAN_CHAR = re.compile(f"[{HAN}]")


def detect_script(text: str) -> str:
    """``traditional`` when more of the text's Han characters change under t2s than under s2t."""
    # Counter counts in C; only the distinct characters are then tested for being Han.
    counts = {c: n for c, n in Counter(text).items() if _HAN_CHAR.fullmatch(c)}
    if not counts:
        return "simplified"
    chars = "".join(counts)
    # Converting every distinct character once, char by char, keeps this linear in the
    # alphabet, not in the text.
    to_s = _converter("t2s").convert("\n".join(chars)).split("\n")
    to_t = _converter("s2t").convert("\n".join(chars)).split("\n")
    traditional = sum(counts[c] for c, s in zip(chars, to_s, strict=True) if s != c)
    simplified = sum(counts[c] for c, t in zip(chars, to_t, strict=True) if t != c)
    return "traditional" if traditional > simplified else "simplified"


def to_simplified(text: str, script: str) -> str:
    """Simplified text at phrase level (OpenCC ``tw2s``: 著力→着力, 著作 kept).

    Simplified input is returned unchanged: tw2s would turn 显著 into 显着.
    """
    if script != "traditional":
        return text
    return _converter("tw2s").convert(text)


# --- chrome ------------------------------------------------------------------------------


def _strip_chrome(
    lines: list[tuple[int, str]], script: str, received_lines: list[str]
) -> tuple[list[tuple[int, str]], list[Chrome], str | None, tuple[date | None, str]]:
    """Remove widget lines at the top and bottom of the page; read source and date from them."""
    kept: list[tuple[int, str]] = []
    chrome: list[Chrome] = []
    source: str | None = None
    published: date | None = None
    published_line = ""
    last = len(lines)
    for index, (number, line) in enumerate(lines):
        near_edge = index < _CHROME_SCAN_LINES or index >= last - _CHROME_SCAN_LINES
        found = chrome_fields(to_simplified(line, script)) if near_edge else None
        if not found:
            kept.append((number, line))
            continue
        kinds, values = found
        chrome.append(Chrome(number, received_lines[number - 1].strip(), kinds))
        source = source or values.get("source")
        if published is None and values.get("publish_date"):
            published, published_line = values["publish_date"], values["publish_words"]
    return kept, chrome, source, (published, published_line)


def chrome_fields(line: str) -> tuple[tuple[str, ...], dict] | None:
    """The chrome kinds on ``line`` and what they say, or None when the line is text."""
    if len(line) > 200:
        return None
    rest = line
    kinds: list[str] = []
    values: dict = {}
    for kind, pattern in _CHROME_FIELDS:
        match = pattern.search(rest)
        while match:
            kinds.append(kind)
            if kind == "source" and match.group("value"):
                values.setdefault("source", match.group("value"))
            elif kind == "publish_date" and "publish_date" not in values:
                values["publish_date"] = panel.calendar_date(*match.groups()[:3])
                values["publish_words"] = match.group().strip()
            rest = rest[: match.start()] + " " + rest[match.end() :]
            match = pattern.search(rest)
    if not kinds or count_han(rest) > 4:
        return None
    return tuple(dict.fromkeys(kinds)), values


# --- broken lines ------------------------------------------------------------------------


def _join_broken_lines(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], int]:
    """Rejoin a sentence that a line break cut in two; a line ending a sentence stays.

    Linear in the text: a line being rebuilt is kept in pieces with its open brackets
    counted as it grows, and only where two lines meet is looked at again (rejoining
    50,000 lines ending in a comma rescanned the growing line at each of them).
    """
    out: list[tuple[int, str]] = []
    joins = 0
    building = _Building(0, [], 0)
    for number, line in lines:
        if building.pieces and _continues(building, line):
            joins += 1
            # A join can complete a glued heading (``… 1、`` + ``依法…``); split it as the
            # first pass would have, so that normalising twice changes nothing.
            split = _junction_split(building.pieces, line)
            if split is None:
                building.pieces.append(line)
                building.depth = _depth(line, building.depth)
                continue
            pieces = [p for p in map(_clean_spaces, split) if p]
            out.append((building.number, pieces[0]))
            out.extend((building.number, piece) for piece in pieces[1:-1])
            building = _Building(building.number, [pieces[-1]], _depth(pieces[-1]))
            continue
        if building.pieces:
            out.append((building.number, "".join(building.pieces)))
        building = _Building(number, [line], _depth(line))
    if building.pieces:
        out.append((building.number, "".join(building.pieces)))
    return out, joins


@dataclass
class _Building:
    """An output line being rebuilt from received lines."""

    number: int  # the received line it starts on
    pieces: list[str]  # joined once complete
    depth: int  # book-title marks, quotes and brackets still open at its end


#: Characters before a line break that a glued heading's split can need: a space and the
#: longest numbering it looks ahead to (``（十一）``).
_JUNCTION = 8


def _junction_split(pieces: list[str], line: str) -> list[str] | None:
    """The joined line split at glued headings, or None when the join completes none.

    Both sides were split and cleaned already, so a new split point can only be a space
    just before the junction whose numbering continues on ``line``.
    """
    tail = ""
    for piece in reversed(pieces):
        tail = piece + tail
        if len(tail) > _JUNCTION:
            break
    tail = tail[-_JUNCTION - 1 :]
    window = tail + line[:_JUNCTION]
    if not any(m.start() > 0 for m in _GLUED_HEADING.finditer(window)):
        return None
    return _split_glued_headings("".join(pieces) + line)


def _continues(previous: _Building, line: str) -> bool:
    last = previous.pieces[-1][-1]
    if last in _SENTENCE_ENDS or HEADING_START.match(line):
        return False
    if previous.depth > 0:
        return True
    if last in _CONTINUES:
        return True
    # A number split from its unit or year suffix (``《2020`` + ``年法治…``).
    return last.isdecimal() and bool(_UNIT_START.match(line))


def _depth(text: str, depth: int = 0) -> int:
    """Book-title marks, quotes and brackets left open after ``text``, from ``depth`` open."""
    for match in _BRACKETS.finditer(text):
        if match.group() in _OPENERS:
            depth += 1
        elif depth:
            depth -= 1
    return depth
