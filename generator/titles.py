"""The document's own title among the lines a saved page puts above the text.

A page copied from a government site or a mirror seldom starts with its title. Above it come
navigation menus, breadcrumbs (``首页 > 政务公开 > …``), the page's ``<title>`` with the site
name (``… - 某某市政府门户网站``), a metadata panel (``索引号 …``, ``标题: …`` in bullets or a
pipe table), a date banner, a file name, or a content farm's lead-in (``…范文(12篇)``,
``下面是小编为大家整理的…``). The title may be split over lines (the issuing bodies, then
``关于…的报告``; or a long title broken in the middle) and repeated under a source line.

:func:`find_title` looks through the head of the page for the first line that is a title and
not page furniture, with only furniture above it, and says which lines were furniture so that
they are kept in the processing record rather than lost. Nothing is found when a sentence
comes first: the head of such a page is the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .chars import count_han
from .normalize import Line
from .panel import BANNER

#: How many lines of furniture may stand above a title.
HEAD_LINES = 24
#: A furniture line is short; a longer line is text.
_MAX_FURNITURE = 160
#: A title has at least this many Han characters: a column name (``工作报告``) is not one.
MIN_TITLE_HAN = 6
MAX_TITLE_HAN = 80

_SENTENCE_END = re.compile(r"[。！？!?]")
_TITLE_PUNCT = re.compile(r"[。，,；;！？!?]")
#: What a title names: a kind of report.
_TITLE_WORD = re.compile(r"报告|总结|汇报|述职|情况|工作要点|工作计划|工作思路|工作安排|规划")
#: A title ends a report title's way; a page heading that does is the title even when a
#: column name above it also names a kind of report.
_TITLE_END = re.compile(
    r"(?:报告|总结|汇报|情况|要点|计划|思路|安排)[)）]?$|[(（](?:19|20)\d\d年度?[)）]$"
)

#: Breadcrumbs: segments joined by arrows, or a line opening with 首页 / 当前位置.
_CRUMB_SEP = r"\s*(?:>{1,2}|＞{1,2}|»|›|→|&gt;)\s*"
_BREADCRUMB = re.compile(
    rf"[\u4e00-\u9fff][^<>\n]{{0,30}}?{_CRUMB_SEP}[\u4e00-\u9fff][^<>\n]{{0,30}}?{_CRUMB_SEP}"
    r"[\u4e00-\u9fff\d]"
    rf"|^\s*(?:首\s*页|主\s*页){_CRUMB_SEP}"
    r"|^\s*(?:您(?:现在|当前)?(?:的)?所在(?:的)?位置|当前位置|所在位置|您的位置)"
)
#: A page's ``<title>``: the document, then column and site names after dashes or pipes.
_SITE_TITLE = re.compile(
    r"\s[-_|｜—]+\s.*(?:网|网站|门户|政府|频道|平台)\s*$"
    r"|[-_|｜]\s*\S*(?:门户网站|政府网|网站)\s*$"
)
#: A file name line (the page offered an attachment, or a .docx extraction kept its name).
_FILE_NAME = re.compile(r"\.(?:docx?|wps|pdf|txt|xlsx?|zip|rar)\s*$", re.IGNORECASE)
#: Content-farm lead-ins and headings of collections: ``…范文篇1``, ``…范例(12篇)``.
_LEAD_IN = re.compile(
    r"范文|范例|范本|模板|模版|精选|大全|合集|汇编\s*[(（]?\d|[(（【]\s*\d+\s*篇|篇\s*\d+\s*$|第\s*\d+\s*篇"
    r"|小编|下面是|以下是.{0,20}(?:整理|收集|分享)|仅供参考|欢迎(?:阅读|借鉴|下载)|下载"
)
#: A content farm's restatement of the document it copies: ``《…》是2019年某某发布的通知。``
_RESTATEMENT = re.compile(r"^《[^》]{4,80}》是.{0,40}?(?:发布|印发|公布|制定)的.{0,12}$")
_CLAUSE = re.compile(r"[，,；;]")
_SPACED_WORDS = re.compile(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]")
#: Widgets and modes of a site's header.
_HEADER_WIDGET = re.compile(r"无障碍|老年模式|长者模式|繁体|简体|网站地图|登录|注册|搜索|English")
#: A metadata panel's field line (bullets, table cells, ``key: value``).
_PANEL_KEY = re.compile(
    r"索\s*引\s*号|发\s*布\s*机\s*构|发\s*文\s*字\s*号|文\s*号|成\s*文\s*日\s*期|发\s*文\s*(?:日\s*期|时\s*间)"
    r"|发\s*布\s*(?:日\s*期|时\s*间)|公\s*开\s*(?:方\s*式|范\s*围|形\s*式)|有\s*效\s*性|效\s*力\s*状\s*态"
    r"|主\s*题\s*分\s*类|所\s*属\s*单\s*位|信\s*息\s*来\s*源|浏\s*览\s*次\s*数|发\s*布\s*单\s*位|体\s*裁\s*分\s*类"
)
_TABLE_ROW = re.compile(r"^\s*[|｜].*[|｜]\s*$|^\s*[|｜]?\s*:?-{3,}")
#: ``标题: …`` in a panel, as a bullet, on a line or in a pipe-table row.
_TITLE_FIELD = re.compile(
    r"^[\s•·*\-|｜]*(?:标\s*题|题\s*名|名\s*称|文\s*件\s*名\s*称)\s*[:：]?\s*(?:[|｜]\s*)*"
    r"(?P<title>[^|｜]+?)\s*(?:[|｜]\s*)*$"
)
#: The issuing bodies heading a document, each on its own line, above ``关于…的报告``.
_BODY_LINE = re.compile(
    r"^\s*[\u4e00-\u9fff、]{2,40}(?:人民政府|政府|办事处|委员会|党工委|党委)\s*$"
)
#: What follows the bodies of a split title: ``关于…`` or the year.
_SPLIT_REST = re.compile(r"^\s*(?:关于|(?:19|20)\d\d\s*年)")
#: A title glued to its first sentence by an extraction: the sentence opens with a year.
_GLUED_OPENING = re.compile(
    r"(?:19|20)\d\d\s*年(?:度)?(?:以来|上半年|下半年)?\s*[,，]|今年以来|近年来"
)


@dataclass(frozen=True)
class FoundTitle:
    """A title found in the head of the page."""

    line: Line  # the title as one line (joined when it was split)
    body_start: int  # index of the first line of the text after the title
    head: tuple[Line, ...]  # lines of page furniture above or around it
    repeated: tuple[Line, ...]  # the title printed again under itself
    rule: str  # evidence rule id (generator.evidence.RULES)
    bodies: tuple[str, ...] = ()  # issuing bodies on their own lines above a split title
    rest: Line | None = None  # the first sentence a title was glued to, split off


def is_title_text(text: str) -> bool:
    """Short, no sentence punctuation, names a kind of report, and is not page furniture."""
    han = count_han(text)
    return (
        MIN_TITLE_HAN <= han <= MAX_TITLE_HAN
        and not _TITLE_PUNCT.search(text)
        and bool(_TITLE_WORD.search(text))
        and not is_furniture_text(text)
    )


def is_furniture_text(text: str) -> bool:
    """A line of the page around the document, never part of it."""
    if len(text) > _MAX_FURNITURE * 2:
        return False
    return bool(
        _BREADCRUMB.search(text)
        or _SITE_TITLE.search(text)
        or _FILE_NAME.search(text)
        or _LEAD_IN.search(text)
        or _RESTATEMENT.match(text)
        or _PANEL_KEY.search(text)
        or _TABLE_ROW.match(text)
        or BANNER.search(text)
    )


def _is_chrome(text: str) -> bool:
    """Furniture, or a line of the site's header (its modes, language, search)."""
    return is_furniture_text(text) or bool(_HEADER_WIDGET.search(text))


def _may_precede(text: str) -> bool:
    """A line that may stand above the title: furniture, or short with no sentence in it."""
    if len(text) > _MAX_FURNITURE * 2:
        return False
    if _is_chrome(text):
        return True
    sentence = _SENTENCE_END.search(text) or (_CLAUSE.search(text) and count_han(text) > 40)
    return len(text) <= _MAX_FURNITURE and not sentence


def find_title(lines: list[Line], heading_start: re.Pattern[str]) -> FoundTitle | None:
    """The document's title in the head of ``lines``, or None when the text comes first."""
    for index, line in enumerate(lines[:HEAD_LINES]):
        text = line.text.strip()
        field = _TITLE_FIELD.match(text) if len(text) <= _MAX_FURNITURE * 2 else None
        if field and is_title_text(field["title"]) and not _PANEL_KEY.search(field["title"]):
            titled = Line(line.number, line.received.strip(), field["title"].strip())
            end, panel, repeated = _skip_panel(lines, index + 1, field["title"])
            return FoundTitle(
                titled, end, (*lines[: index + 1], *panel), repeated, "title_panel_field"
            )
        if heading_start.match(text):
            return None
        found = _title_at(lines, index, heading_start)
        if found:
            return found
        if not _may_precede(text):
            return _glued(lines, index)
    return None


def leading_furniture(lines: list[Line]) -> int:
    """How many lines at the head of a page with no title are furniture (a lead-in, a
    breadcrumb, a banner, a panel): those are never the text's opening."""
    count = 0
    after_key = False
    for line in lines[:HEAD_LINES]:
        text = line.text.strip()
        if len(text) > _MAX_FURNITURE * 2 or not (
            _is_chrome(text) or _is_panel_line(text, after_key)
        ):
            break
        after_key = bool(_KEY_ONLY.search(text))
        count += 1
    return count


def _title_at(lines: list[Line], index: int, heading_start: re.Pattern[str]) -> FoundTitle | None:
    """A title starting at ``lines[index]``: on one line, or split over two to four."""
    head = tuple(lines[:index])
    first = "title_first_line" if index == 0 else "title_under_chrome"
    # Issuing bodies on lines of their own, then the rest of the title.
    bodies: list[Line] = []
    cursor = index
    while cursor < len(lines) and len(bodies) < 3 and _BODY_LINE.match(lines[cursor].text):
        bodies.append(lines[cursor])
        cursor += 1
    if bodies and cursor < len(lines):
        rest = lines[cursor].text.strip()
        joined = "".join(b.text.strip() for b in bodies) + rest
        if _SPLIT_REST.match(rest) and is_title_text(rest) and is_title_text(joined):
            line = _joined([*bodies, lines[cursor]])
            end, repeated = _skip_repeats(lines, cursor + 1, line.text)
            names = tuple(b.text.strip() for b in bodies)
            return FoundTitle(line, end, head, repeated, "title_split_lines", names)
    text = lines[index].text.strip()
    if is_title_text(text):
        # A long title broken in the middle: the second part is short and ends the title.
        if not _TITLE_END.search(text) and _ends_title(lines, index, heading_start):
            return _split(lines, index, head)
        end, panel, repeated = _skip_panel(lines, index + 1, text)
        return FoundTitle(lines[index], end, (*head, *panel), repeated, first)
    # The first part alone names no kind of report (``某某州人民政府2024年度法治政府``).
    # Menus are words spaced apart; the tail of a broken title is shorter than its head.
    if (
        count_han(text) >= MIN_TITLE_HAN
        and not _may_be_text(text)
        and not _SPACED_WORDS.search(text)
        and index + 1 < len(lines)
        and count_han(lines[index + 1].text) < count_han(text)
        and _ends_title(lines, index, heading_start)
    ):
        return _split(lines, index, head)
    return None


def _ends_title(lines: list[Line], index: int, heading_start: re.Pattern[str]) -> bool:
    """Whether the short line under ``lines[index]`` completes it into a title."""
    if index + 1 >= len(lines):
        return False
    after = lines[index + 1].text.strip()
    joined = lines[index].text.strip() + after
    return (
        count_han(after) <= 20
        and not heading_start.match(after)
        and is_title_text(joined)
        and bool(_TITLE_END.search(joined))
    )


def _split(lines: list[Line], index: int, head: tuple[Line, ...]) -> FoundTitle:
    line = _joined(lines[index : index + 2])
    end, repeated = _skip_repeats(lines, index + 2, line.text)
    return FoundTitle(line, end, head, repeated, "title_split_lines")


def _may_be_text(text: str) -> bool:
    return bool(_TITLE_PUNCT.search(text)) or _is_chrome(text)


def _glued(lines: list[Line], index: int) -> FoundTitle | None:
    """A title glued to the first sentence (``某某街2020年…情况报告2020年，在…``)."""
    line = lines[index]
    text = line.text
    for match in re.finditer(r"报告|总结|汇报", text[: MAX_TITLE_HAN + 10]):
        head, rest = text[: match.end()].strip(), text[match.end() :].strip()
        if is_title_text(head) and _GLUED_OPENING.match(rest):
            title = Line(line.number, head, head)
            sentence = Line(line.number, rest, rest)
            rule = "title_first_line" if index == 0 else "title_under_chrome"
            return FoundTitle(title, index + 1, tuple(lines[:index]), (), rule, rest=sentence)
    return None


def _skip_panel(
    lines: list[Line], start: int, title: str
) -> tuple[int, tuple[Line, ...], tuple[Line, ...]]:
    """After a panel's 标题 field: the rest of the panel and the title repeated under it."""
    cursor = start
    panel: list[Line] = []
    repeated: list[Line] = []
    after_key = False
    while cursor < len(lines) and cursor < HEAD_LINES + start:
        line = lines[cursor]
        text = line.text.strip()
        if _same(text, title):
            repeated.append(line)
        elif _is_panel_line(text, after_key):
            panel.append(line)
        else:
            break
        after_key = bool(_KEY_ONLY.search(text))
        cursor += 1
    end, more = _skip_repeats(lines, cursor, title)
    return end, tuple(panel), (*repeated, *more)


#: A panel key with its value on the next line: ``• 发文机构:``.
_KEY_ONLY = re.compile(r"[:：]\s*[|｜]?\s*$")
#: Any key of a bulleted panel (``• 内容概述:``); an addressee line has no bullet.
_BULLET_KEY = re.compile(r"^\s*[•·*]\s*[\u4e00-\u9fff\s]{2,10}[:：]")
#: A panel's value on a line of its own: short, no sentence in it.
_MAX_VALUE = 60


def _is_panel_line(text: str, after_key: bool) -> bool:
    """A line of a metadata panel, or the value under a key that ended the line before."""
    if _PANEL_KEY.search(text) or _TABLE_ROW.match(text) or _BULLET_KEY.match(text):
        return True
    return after_key and len(text) <= _MAX_VALUE and not _SENTENCE_END.search(text)


def _skip_repeats(lines: list[Line], start: int, title: str) -> tuple[int, tuple[Line, ...]]:
    """Past the title repeated under itself, on one line or split over two or three."""
    cursor = start
    while cursor < len(lines):
        for width in (1, 2, 3):
            if cursor + width <= len(lines) and _same(
                "".join(line.text for line in lines[cursor : cursor + width]), title
            ):
                cursor += width
                break
        else:
            break
    return cursor, tuple(lines[start:cursor])


def _same(a: str, b: str) -> bool:
    return re.sub(r"\s+", "", a) == re.sub(r"\s+", "", b)


def _joined(parts: list[Line]) -> Line:
    return Line(
        parts[0].number,
        "".join(p.received.strip() for p in parts),
        "".join(p.text.strip() for p in parts),
    )
