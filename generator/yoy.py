"""Year over year: one government's reports of consecutive years, paragraph by paragraph.

Two reports are a pair when they are of the same place (the same statistical division code,
or the same province, city, county and township names where there is no code), by the same
issuer (after :func:`issuer_key`), for consecutive report years. The page
``compare/<older>--<newer>.md`` aligns their paragraphs (and headings) and shows what was
added, removed and changed; inside a changed paragraph the changed characters, and figures
as whole numbers, are marked.

Alignment, in two steps, because last year's report with the figures changed is the common
case and must cost nothing: paragraphs whose text is the same once figures are masked are
matched in order by :class:`difflib.SequenceMatcher` over those keys; between such anchors,
the paragraphs left are paired by an order-keeping dynamic programme on their similarity
(character bigrams, figures masked), where a pair counts only above :data:`CHANGED_MIN`.

This module prepares data only; ``templates/yoy.html`` draws it and escapes every value
(report text is untrusted: never a string of HTML made here).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

from . import templating
from .report import Report
from .structure import Section

#: Two paragraphs below this similarity (bigram Dice, figures masked) are one removed and one
#: added, not one changed: below about a half, a character diff marks nearly everything.
CHANGED_MIN = 0.5
#: Paragraphs left between two anchors beyond which (old × new) the dynamic programme is not
#: run and they are shown as removed and added (a rewritten report: a quarter of a million
#: comparisons take a second).
ALIGN_CELLS_MAX = 250_000
#: An unchanged run of at most this many characters between two changes is shown as part of
#: the change: a character diff otherwise keeps a stray 的 or 和 as "the same".
STRAY_MAX = 1
#: Characters of context before a changed figure in the list of changed figures.
CONTEXT_CHARS = 14

#: A figure as one token: digits with their separators, decimals and a percent sign.
_FIGURE = re.compile(r"[0-9０-９]+(?:[.,．][0-9０-９]+)*(?:[%％‰])?")
_TOKEN = re.compile(rf"{_FIGURE.pattern}|.", re.S)
_SPACE_OR_PUNCT = re.compile(r"[\s\W_]+")


# --- which reports pair --------------------------------------------------------------------


def issuer_key(issuer: str | None) -> str | None:
    """The issuer as compared: width-folded, without spaces and punctuation, with 人民政府
    read as 政府 (the same town signs both ways from one year to the next)."""
    if not issuer:
        return None
    text = _SPACE_OR_PUNCT.sub("", unicodedata.normalize("NFKC", issuer))
    return text.replace("人民政府", "政府") or None


def place_key(fm: dict) -> tuple | None:
    """The division code, else the place names; None for a report placed nowhere."""
    if fm["division_code"]:
        return ("code", fm["division_code"])
    names = (fm["province"], fm["city"], fm["county"], fm["township"])
    return ("names", *names) if any(names) else None


@dataclass(frozen=True)
class YearPair:
    """Two reports of one issuer and place, ``older`` one report year before ``newer``."""

    older: Report
    newer: Report

    @property
    def path(self) -> str:
        return compare_path(self.older.id, self.newer.id)


def compare_path(older: str, newer: str) -> str:
    # Report ids are at most 100 characters (report.report_id): the name stays under 255.
    return f"compare/{older}--{newer}.md"


def year_pairs(reports: list[Report]) -> list[YearPair]:
    """Every pair of consecutive years, by the older report's id then the newer's.

    Where one year holds two reports of the same issuer and place (two versions, a report
    and its summary), each is paired with each of the next year's: which one a reader wants
    is not ours to guess. Reports without an issuer pair only with reports of the same type.
    """
    groups: dict[tuple, dict[int, list[Report]]] = defaultdict(lambda: defaultdict(list))
    for report in reports:
        fm = report.front_matter()
        place = place_key(fm)
        year = fm["report_year"]
        if place is None or year is None:
            continue
        issuer = issuer_key(fm["issuer"])
        key = (place, issuer, fm["doc_type"] if issuer is None else "")
        groups[key][year].append(report)
    pairs = []
    seen: set[str] = set()
    for by_year in groups.values():
        for year, older in by_year.items():
            for old in older:
                for new in by_year.get(year + 1, []):
                    pair = YearPair(old, new)
                    # Two id pairs could spell one file name (``a--b`` + ``c``, ``a`` +
                    # ``b--c``); the second is left out rather than overwrite the first.
                    if pair.path not in seen:
                        seen.add(pair.path)
                        pairs.append(pair)
    pairs.sort(key=lambda p: (p.older.id, p.newer.id))
    return pairs


@dataclass(frozen=True)
class YearLink:
    """On a report's page: the comparison with the previous or next year's report."""

    direction: str  # "上一年" or "下一年"
    other: Report
    path: str


def links_by_report(pairs: list[YearPair]) -> dict[str, list[YearLink]]:
    """Report id → its comparisons, previous year first."""
    links: dict[str, list[YearLink]] = defaultdict(list)
    for pair in pairs:
        links[pair.newer.id].append(YearLink("上一年", pair.older, pair.path))
        links[pair.older.id].append(YearLink("下一年", pair.newer, pair.path))
    for items in links.values():
        items.sort(key=lambda link: (link.direction != "上一年", link.other.id))
    return dict(links)


# --- alignment ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """A heading or paragraph of a report, in reading order."""

    anchor: str
    text: str
    heading: bool


def items(report: Report) -> list[Item]:
    """Headings and paragraphs of the report in reading order (the sign-off is not compared:
    it is a date and a name)."""
    doc = report.document
    out = [Item(p.anchor, p.text, False) for p in doc.intro]

    def walk(section: Section) -> Iterator[Item]:
        yield Item(section.anchor, section.title, True)
        yield from (Item(p.anchor, p.text, False) for p in section.paragraphs)
        for child in section.children:
            yield from walk(child)

    for section in doc.sections:
        out.extend(walk(section))
    return out


@dataclass(frozen=True)
class Piece:
    """A run of a changed paragraph's text: ``kind`` is ``same``, ``del`` (only in the older
    report) or ``ins`` (only in the newer); ``figure`` when the run holds a number."""

    text: str
    kind: str
    figure: bool = False


@dataclass(frozen=True)
class FigureChange:
    """A figure that changed inside a changed paragraph: ``old`` → ``new`` after ``context``."""

    old_anchor: str
    new_anchor: str
    context: str
    old: str
    new: str


@dataclass(frozen=True)
class Row:
    """One line of the comparison: ``same``, ``changed``, ``removed`` or ``added``."""

    kind: str
    old: Item | None
    new: Item | None
    old_pieces: tuple[Piece, ...] = ()
    new_pieces: tuple[Piece, ...] = ()
    figures: tuple[FigureChange, ...] = ()


def _mask(text: str) -> str:
    return _FIGURE.sub("#", text)


def _grams(text: str) -> frozenset[str]:
    masked = _SPACE_OR_PUNCT.sub("", _mask(text))
    if len(masked) < 2:
        return frozenset(masked)
    return frozenset(masked[i : i + 2] for i in range(len(masked) - 1))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two sets of bigrams (1.0 for two empty texts)."""
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


def align(old: list[Item], new: list[Item]) -> list[Row]:
    """The two reports' items as rows, in the order of both."""
    keys_old = [(i.heading, _mask(i.text)) for i in old]
    keys_new = [(i.heading, _mask(i.text)) for i in new]
    rows: list[Row] = []
    matcher = SequenceMatcher(None, keys_old, keys_new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows.extend(
                _pair(old[i], new[j]) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            )
        else:
            rows.extend(_align_block(old[i1:i2], new[j1:j2]))
    return rows


def _align_block(old: list[Item], new: list[Item]) -> list[Row]:
    """Items between two anchors: the order-keeping pairing of largest total similarity
    above :data:`CHANGED_MIN` (a heading pairs only with a heading)."""
    if not old or not new or len(old) * len(new) > ALIGN_CELLS_MAX:
        return [Row("removed", i, None) for i in old] + [Row("added", None, i) for i in new]
    grams_old = [_grams(i.text) for i in old]
    grams_new = [_grams(i.text) for i in new]
    m, n = len(old), len(new)
    # score[i][j]: best total over old[i:], new[j:]; a pair adds how far it clears the bar.
    score = [[0.0] * (n + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        row, below = score[i], score[i + 1]
        for j in range(n - 1, -1, -1):
            best = max(below[j], row[j + 1])
            if old[i].heading == new[j].heading:
                sim = similarity(grams_old[i], grams_new[j])
                if sim >= CHANGED_MIN:
                    best = max(best, below[j + 1] + sim - CHANGED_MIN + 1e-9)
            row[j] = best
    rows: list[Row] = []
    i = j = 0
    while i < m and j < n:
        if score[i][j] == score[i + 1][j]:
            rows.append(Row("removed", old[i], None))
            i += 1
        elif score[i][j] == score[i][j + 1]:
            rows.append(Row("added", None, new[j]))
            j += 1
        else:
            rows.append(_pair(old[i], new[j]))
            i, j = i + 1, j + 1
    rows.extend(Row("removed", item, None) for item in old[i:])
    rows.extend(Row("added", None, item) for item in new[j:])
    return rows


def _pair(old: Item, new: Item) -> Row:
    if old.text == new.text:
        return Row("same", old, new)
    old_pieces, new_pieces, figures = _diff(old.text, new.text)
    changes = tuple(
        FigureChange(old.anchor, new.anchor, before, left, right) for before, left, right in figures
    )
    return Row("changed", old, new, old_pieces, new_pieces, changes)


def diff_text(old: str, new: str) -> tuple[tuple[Piece, ...], tuple[Piece, ...]]:
    """The two texts as runs, the changed ones marked; a figure is one token, so 1,208 →
    1,356 is one change, never 2 and 08 → 3 and 56."""
    return _diff(old, new)[:2]


def _diff(old: str, new: str):
    a = _TOKEN.findall(old)
    b = _TOKEN.findall(new)
    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    # An unchanged stray character between two changes joins them (an equal run is always
    # followed by a change unless it ends both texts).
    merged: list[list] = []
    for op, i1, i2, j1, j2 in ops:
        last_changed = bool(merged) and merged[-1][0] != "equal"
        stray = (
            op == "equal"
            and i2 - i1 <= STRAY_MAX
            and not any(_FIGURE.fullmatch(t) for t in a[i1:i2])
            and (i2, j2) != (len(a), len(b))
        )
        if last_changed and (op != "equal" or stray):
            merged[-1] = ["replace", merged[-1][1], i2, merged[-1][3], j2]
        else:
            merged.append([op, i1, i2, j1, j2])
    old_pieces: list[Piece] = []
    new_pieces: list[Piece] = []
    figures: list[tuple[str, str, str]] = []
    before = ""
    for op, i1, i2, j1, j2 in merged:
        left, right = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            old_pieces.append(Piece(left, "same"))
            new_pieces.append(Piece(right, "same"))
        else:
            left_figure, right_figure = bool(_FIGURE.search(left)), bool(_FIGURE.search(right))
            if left:
                old_pieces.append(Piece(left, "del", left_figure))
            if right:
                new_pieces.append(Piece(right, "ins", right_figure))
            # A year that moved on with the report (2022年 → 2023年) is not a changed figure.
            years = _is_year(a, i1, i2) and _is_year(b, j1, j2)
            if left_figure and right_figure and not years:
                figures.append((before[-CONTEXT_CHARS:], left, right))
        before += right
    return tuple(old_pieces), tuple(new_pieces), figures


_YEAR = re.compile(r"(?:19|20)\d\d")


def _is_year(tokens: list[str], start: int, end: int) -> bool:
    """Whether ``tokens[start:end]`` is one year written as such (``2023`` before 年)."""
    return (
        end == start + 1
        and bool(_YEAR.fullmatch(tokens[start]))
        and end < len(tokens)
        and tokens[end] == "年"
    )


def figure_changes(rows: list[Row]) -> list[FigureChange]:
    """Every figure changed inside a changed paragraph, in the order of the newer report."""
    return [change for row in rows for change in row.figures]


# --- the page -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    same: int
    changed: int
    removed: int
    added: int


def compare(pair: YearPair) -> tuple[list[Row], list[FigureChange], Counts]:
    rows = align(items(pair.older), items(pair.newer))
    kinds = [r.kind for r in rows if not (r.old or r.new).heading]
    counts = Counts(*(kinds.count(k) for k in ("same", "changed", "removed", "added")))
    return rows, figure_changes(rows), counts


def _year(report: Report) -> str:
    year = report.front_matter()["report_year"]
    return f"{year}年" if year else f"年份{templating.UNKNOWN}"


def compare_page(pair: YearPair) -> str:
    """``compare/<older>--<newer>.md``: the two reports aligned, differences marked."""
    rows, figures, counts = compare(pair)
    older, newer = pair.older.front_matter(), pair.newer.front_matter()
    title = f"逐年对照：{newer['title']}（{_year(pair.older)}与{_year(pair.newer)}）"
    return templating.page(
        title,
        "yoy.html",
        page=pair.path,
        older=pair.older,
        newer=pair.newer,
        older_fm=older,
        newer_fm=newer,
        old_year=_year(pair.older),
        new_year=_year(pair.newer),
        rows=rows,
        figures=figures,
        counts=counts,
    )


def compare_pages(pairs: list[YearPair]) -> dict[str, str]:
    return {pair.path: compare_page(pair) for pair in pairs}


__all__ = [
    "YearLink",
    "YearPair",
    "align",
    "compare_page",
    "compare_pages",
    "diff_text",
    "links_by_report",
    "year_pairs",
]
