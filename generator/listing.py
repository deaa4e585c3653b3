"""Listings of reports split into pages, and the entries, groups and sections they show.

Shared by :mod:`generator.pages`, :mod:`generator.summaries` and
:mod:`generator.indicator_pages`. This module prepares data; the pages are drawn by the
templates of ``generator/templates`` (:mod:`generator.templating`), which escape every value.

A listing of reports is split into pages of at most ``PAGE_SIZE`` entries: ``x.md``,
``x-2.md``, … (the first keeps its old path, so links to it stay valid), each with a pager.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar

from . import templating
from .report import Report
from .templating import UNKNOWN, Link

#: Entries (reports, table rows) on one page of a listing.
PAGE_SIZE = 200


# --- entries, order, numbers ----------------------------------------------------------------


def _place_label(fm: dict) -> str:
    names = [fm["province"], fm["city"], fm["county"], fm["township"]]
    # A municipality is its own city: 重庆市 重庆市 九龙坡区 reads as 重庆市 九龙坡区.
    unique = [n for i, n in enumerate(names) if n and n not in names[:i]]
    return " ".join(unique)


def _year_label(fm: dict) -> str:
    return f"{fm['report_year']}年" if fm["report_year"] else f"年份{UNKNOWN}"


@dataclass(frozen=True)
class Entry:
    """One report on one line of a listing: its title linking to it, then ``details``."""

    target: str  # the report's page, maybe with ``#anchor``
    title: str
    details: tuple[str, ...]


def _entry(
    report: Report,
    *,
    place: str | None = None,
    year: bool = True,
    anchor: str = "",
    note: str = "",
) -> Entry:
    """``title · place · year``; ``place`` overrides the full place, ``note`` is added at the
    end."""
    fm = report.front_matter()
    details = [_place_label(fm) or f"地区{UNKNOWN}" if place is None else place]
    if year:
        details.append(_year_label(fm))
    if note:
        details.append(note)
    target = f"{report.page_path}#{anchor}" if anchor else report.page_path
    return Entry(target, fm["title"], tuple(d for d in details if d))


def _title_link(report: Report, anchor: str = "") -> Link:
    target = f"{report.page_path}#{anchor}" if anchor else report.page_path
    return Link(target, report.front_matter()["title"])


def _by_year(report: Report) -> tuple:
    """Newest report year first (unknown last), then by place and title."""
    fm = report.front_matter()
    year = fm["report_year"]
    return (year is None, -(year or 0), fm["division_code"] or "~", fm["title"], report.id)


def _by_place(report: Report) -> tuple:
    """By statistical division code (places of one county together), then newest first."""
    fm = report.front_matter()
    year = fm["report_year"]
    return (fm["division_code"] or "~", year is None, -(year or 0), fm["title"], report.id)


# --- pagination ------------------------------------------------------------------------------


def _chunks(items: list) -> list[list]:
    """``items`` in pages of ``PAGE_SIZE`` (read here, so that tests can make pages short)."""
    return [items[i : i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)] or [[]]


def _page_paths(base: str, count: int, first: str | None = None) -> list[str]:
    """``base.md``, ``base-2.md``, …; ``first`` replaces the first (a section of a host page)."""
    return [first or f"{base}.md"] + [f"{base}-{k}.md" for k in range(2, count + 1)]


@dataclass(frozen=True)
class _Group:
    """A heading that groups consecutive entries of a listing (a year, a city, a county)."""

    gid: str  # identity and the heading's id
    label: str
    count: int  # entries in the whole group, on every page
    level: int
    note: str = ""  # text shown under the heading where the group begins


@dataclass(frozen=True)
class _GroupHeading:
    """A group's heading where it begins, or again “（续）” on a later page (``cont``)."""

    level: int
    gid: str
    label: str
    count: int
    note: str
    cont: bool
    kind: ClassVar[str] = "heading"


@dataclass(frozen=True)
class _Entries:
    entries: list[Entry]
    kind: ClassVar[str] = "entries"


def _grouped(paths: list[str], chunks: list[list[tuple[tuple[_Group, ...], Entry]]]):
    """The body of each page (entries in lists under their groups' headings, for the
    ``blocks`` macro) and the page each group begins on (``gid`` → path).

    A group that goes on from the previous page is headed again there, “（续）”, with the id
    ``<gid>-cont``, so that every id of a group is on the one page it begins on.
    """
    bodies: list[list] = []
    starts: dict[str, str] = {}
    for path, chunk in zip(paths, chunks, strict=True):
        out: list = []
        current: tuple[_Group, ...] = ()
        items: list[Entry] = []
        for chain, entry in chunk:
            same = 0
            while same < min(len(chain), len(current)) and chain[same] == current[same]:
                same += 1
            if items and (same < len(chain) or len(chain) < len(current)):
                out.append(_Entries(items))  # a new group: the list so far ends
                items = []
            for group in chain[same:]:
                cont = group.gid in starts
                if not cont:
                    starts[group.gid] = path
                out.append(
                    _GroupHeading(
                        group.level, group.gid, group.label, group.count, group.note, cont
                    )
                )
            current = chain
            items.append(entry)
        if items:
            out.append(_Entries(items))
        bodies.append(out)
    return bodies, starts


def _listing(
    paths: list[str], title: str, template: str, bodies: list, **context
) -> dict[str, str]:
    """Whole pages of a listing from ``template`` (which extends listing.html): page ``k``
    (0-based) of ``paths`` gets ``body`` (its part of ``bodies``), and ``context``."""
    pages = {}
    for k, (path, body) in enumerate(zip(paths, bodies, strict=True)):
        page_title = title if k == 0 else f"{title}（第 {k + 1} 页）"
        pages[path] = templating.page(
            page_title, template, page=path, paths=paths, k=k, body=body, **context
        )
    return pages


@dataclass(frozen=True)
class _Section:
    """A list under a heading of a host page, continued on pages of its own."""

    key: str  # the heading's id; later pages are ``<base>/<key>-2.md``, …
    heading: str  # text; the heading adds the count of items
    items: list
    rows: Callable  # a template's macro: (page, chunk of items) → the list's HTML
    intro: Callable | None = None  # a template's macro: (page) → the text under the heading


@dataclass(frozen=True)
class _SectionPart:
    """What the host page shows of a section (the ``section`` macro)."""

    key: str
    heading: str
    count: int
    intro: Callable | None
    page: str
    paths: list[str]
    chunk: list
    rows: Callable


def _sections(
    host: str, base: str, title: str, sections: Iterable[_Section]
) -> tuple[list[_SectionPart], dict[str, str]]:
    """The parts of the host page ``host`` for ``sections`` (heading with the count, intro,
    pager and the first chunk of each), and the later pages of each list, titled
    ``<title>：<heading>（第 k 页）`` and linking back to the host."""
    out: list[_SectionPart] = []
    pages: dict[str, str] = {}
    for section in sections:
        chunks = _chunks(section.items)
        paths = _page_paths(f"{base}/{section.key}", len(chunks), first=f"{host}#{section.key}")
        count = len(section.items)
        out.append(
            _SectionPart(
                section.key,
                section.heading,
                count,
                section.intro,
                host,
                paths,
                chunks[0],
                section.rows,
            )
        )
        for k, (path, chunk) in enumerate(zip(paths, chunks, strict=True)):
            if k == 0:
                continue
            pages[path] = templating.page(
                f"{title}：{section.heading}（第 {k + 1} 页）",
                "section_page.html",
                page=path,
                paths=paths,
                k=k,
                host=host,
                key=section.key,
                host_title=title,
                count=count,
                rows=section.rows,
                chunk=chunk,
            )
    return out, pages
