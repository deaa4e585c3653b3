"""The HTML of generated pages, and listings of reports split into pages.

Shared by :mod:`generator.pages` and :mod:`generator.summaries`. Generated pages are finished
HTML after :data:`render.HTML_BODY_MARKER`: ``hooks/archive.py`` gives them to MkDocs
without a Markdown pass. So links are relative ``.html`` URLs (MkDocs does not rewrite or
check them; tests/test_pages.py and the site's link test do), headings carry their ids and
permalinks, and every value goes through :mod:`generator.escape`.

A listing of reports is split into pages of at most ``PAGE_SIZE`` entries: ``x.md``,
``x-2.md``, … (the first keeps its old path, so links to it stay valid), each with a pager.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from .escape import html_attr, html_text, one_line, url_path
from .render import HTML_BODY_MARKER, dump_front_matter
from .report import Report

UNKNOWN = "不详"
#: Entries (reports, table rows) on one page of a listing.
PAGE_SIZE = 200


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


def _href(page: str, target: str) -> str:
    """The URL of a link from the page ``page`` to the docs path ``target`` (``x.md``,
    ``x.md#id``), as the built site has it (``x.html``, as ``use_directory_urls: false``);
    not escaped for any context (a chart's data carries it as JSON)."""
    path, sep, fragment = target.partition("#")
    if path.endswith(".md"):
        path = path[:-3] + ".html"
    return url_path(_rel(page[:-3] + ".html", path + sep + fragment))


def _url(page: str, target: str) -> str:
    """:func:`_href` as an ``href`` attribute's value."""
    return html_attr(_href(page, target))


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


@dataclass(frozen=True)
class _Section:
    """A list under a heading of a host page, continued on pages of its own."""

    key: str  # the heading's id; later pages are ``<base>/<key>-2.md``, …
    heading: str  # text; the heading adds the count of items
    intro: str  # HTML under the heading, or ""
    items: list
    render: Callable[[str, list], str]  # (page, chunk of items) → HTML


def _sections(
    host: str, base: str, title: str, sections: Iterable[_Section]
) -> tuple[list[str], dict[str, str]]:
    """The parts of the host page ``host`` for ``sections`` (heading with the count, intro,
    pager and the first chunk of each), and the later pages of each list, titled
    ``<title>：<heading>（第 k 页）`` and linking back to the host."""
    out: list[str] = []
    pages: dict[str, str] = {}
    for section in sections:
        chunks = _chunks(section.items)
        paths = _page_paths(f"{base}/{section.key}", len(chunks), first=f"{host}#{section.key}")
        out.append(_h(2, section.key, f"{_esc(section.heading)}（{len(section.items):,}）"))
        if section.intro:
            out.append(_p(section.intro))
        for k, (path, chunk) in enumerate(zip(paths, chunks, strict=True)):
            page = path.partition("#")[0]
            pager = _pager(paths, k)
            if k == 0:
                out.extend([pager, section.render(page, chunk) if chunk else ""])
                continue
            back = _a(page, f"{host}#{section.key}", _esc(title))
            pages[path] = _page(
                f"{title}：{section.heading}（第 {k + 1} 页）",
                [
                    _p(f"{back}中的列表，共 {len(section.items):,} 项。"),
                    pager,
                    section.render(page, chunk),
                    pager,
                ],
            )
    return out, pages


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
