"""What a page's metadata panel or source line gives: publish date and issuing body.

Panels list fields as bullets, pipe-table cells, ``key: value`` on one line or the value on the
line under its key; keys are sometimes spaced out (``发 布 日 期``). A labelled date wins over a
bare one; a ``今天是`` banner and an update time are never the date the report was published.
"""

from __future__ import annotations

import re
from datetime import date

#: How far into the page a panel is looked for: panels sit above the text, after navigation.
HEAD_LINES = 30
#: A bare date counts only on the lines right under the title.
_BARE_LINES = 6


def _spaced(word: str) -> str:
    """``发布`` → ``发\\s*布``: panels space out their keys to align them."""
    return r"\s*".join(word)


_KEY = "|".join(
    _spaced(prefix) + r"\s*" + f"(?:{_spaced('时间')}|{_spaced('日期')})"
    for prefix in ("发布", "发文", "成文", "印发", "发表")
)
_YMD = r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
_DMY = r"(?P<d2>\d{1,2})\.(?P<m2>\d{1,2})\.(?P<y2>(?:19|20)\d{2})"
_DATE = rf"(?:{_YMD}|{_DMY})(?!\d)"
#: Between key and value: a colon, a table's pipes, or plain spaces.
_BETWEEN = r"\s*[:：]?\s*(?:[|｜]\s*)*"
_LABELLED = re.compile(rf"(?:{_KEY}){_BETWEEN}{_DATE}")
_KEY_ALONE = re.compile(rf"^[\s•·*\-|｜]*(?:{_KEY})\s*[:：]?[\s|｜]*$")
_DATE_ALONE = re.compile(rf"^[\s|｜]*{_DATE}")
#: A date heading a line with nothing after it but a clock and page furniture.
_BARE = re.compile(
    rf"^\s*{_DATE}(?:\s*\d{{1,2}}[:：]\d{{2}}(?:[:：]\d{{2}})?)?\s*"
    r"(?:$|(?:来源|作者|浏览|阅读|点击|打印|字体|【|\[))"
)
#: A date banner, the day the page was viewed: ``今天是…``, or a date with its weekday (the dates
#: of a report carry none).
_ANY_DATE = r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
BANNER = re.compile(
    rf"今天是\s*[:：]?\s*(?:{_ANY_DATE}|\d{{1,2}}\.\d{{1,2}}\.(?:19|20)\d{{2}})"
    rf"|{_ANY_DATE}\s*(?:星期|周|礼拜)[一二三四五六日天]"
)


def panel_publish_date(lines: list[str]) -> date | None:
    """The publish date in the page's head: a labelled one first, else a bare date line."""
    found = find_panel_date(lines)
    return found[0] if found else None


def find_panel_date(lines: list[str]) -> tuple[date, str, str] | None:
    """``(date, the words that gave it, evidence rule)`` for :func:`panel_publish_date`."""
    head = [BANNER.sub(" ", line) for line in lines[:HEAD_LINES]]
    for index, line in enumerate(head):
        match = _LABELLED.search(line)
        if match and (found := _match_date(match)):
            return found, match.group().strip(), "panel_field"
        if _KEY_ALONE.match(line) and index + 1 < len(head):
            value = _DATE_ALONE.match(head[index + 1])
            if value and (found := _match_date(value)):
                phrase = f"{line.strip(' •·*-|｜')} {value.group().strip(' |｜')}"
                return found, phrase, "panel_field"
    for line in head[:_BARE_LINES]:
        match = _BARE.match(line)
        if match and (found := _match_date(match)):
            return found, match.group().strip(), "date_under_title"
    return None


def calendar_date(year: str, month: str, day: str) -> date | None:
    """The day the digits name, or None when there is no such day (2021-13-40)."""
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _match_date(match: re.Match[str]) -> date | None:
    if match["y"]:
        return calendar_date(match["y"], match["m"], match["d"])
    return calendar_date(match["y2"], match["m2"], match["d2"])


_ISSUER_KEY = "|".join(
    _spaced(word)
    for word in ("发布机构", "发文机关", "发文机构", "发文单位", "发布单位", "制发机关")
)
_ISSUER_LABELLED = re.compile(
    rf"(?:{_ISSUER_KEY}){_BETWEEN}(?P<org>[\u4e00-\u9fff、（）()]{{2,40}}?)(?=\s|$|[|｜,，;；])"
)
_ISSUER_KEY_ALONE = re.compile(rf"^[\s•·*\-|｜]*(?:{_ISSUER_KEY})\s*[:：]?[\s|｜]*$")
_ISSUER_ALONE = re.compile(r"^[\s|｜]*(?P<org>[\u4e00-\u9fff、（）()]{2,40})\s*$")


def panel_issuer(lines: list[str]) -> str | None:
    """The body a panel names as publishing the document (发布机构, 发文单位 …), as written."""
    head = lines[:HEAD_LINES]
    for index, line in enumerate(head):
        match = _ISSUER_LABELLED.search(line)
        if match:
            return match["org"]
        if _ISSUER_KEY_ALONE.match(line) and index + 1 < len(head):
            value = _ISSUER_ALONE.match(head[index + 1])
            if value:
                return value["org"]
    return None
