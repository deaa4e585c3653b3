"""Cross-report pages computed from the whole collection: browse pages, home overview, data,
the editors' page, the checklist and annotations.

The archive must stay usable and small at 10,000 reports and beyond, so a listing of reports
is split into pages (:mod:`generator.listing`), no page but a listing grows with the number
of reports, and every function is linear in it. Pages about one indicator, topic, term or
law are in :mod:`generator.summaries`; they are re-exported here, so that this module is the
one :mod:`generator.build` asks for every collection page.

This module prepares each page's data; the templates of ``generator/templates`` draw it
(:mod:`generator.templating`, which escapes every value). Pages are finished HTML after
:data:`render.HTML_BODY_MARKER`. The home page's overview is included into the Markdown of
docs/index.md, so it is raw HTML blocks too (Markdown would read a value as syntax).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from . import listing, templating
from .escape import csv_cell
from .exceptions import GeneratorError, SourceError
from .glossary import candidate_terms, document_phrases
from .indicator_pages import indicator_pages, indicator_reviews
from .indicators import UNCLASSIFIED
from .listing import (
    UNKNOWN,
    _by_place,
    _by_year,
    _chunks,
    _Entries,
    _entry,
    _Group,
    _grouped,
    _listing,
    _page_paths,
    _place_label,
    _Section,
    _sections,
    _title_link,
    _year_label,
)
from .metrics import Metric
from .report import Report
from .reuse import ReuseIndex
from .reuse_pages import summary as reuse_summary
from .schema import DOC_TYPES
from .summaries import glossary_page, law_pages, topic_pages
from .templating import Code, Link, share

LATEST_COUNT = 10
#: Sources named for an unclassified label on the editors' page.
EDITOR_SOURCES = 3
#: Longest ``context`` in metrics.csv, in characters (the clause around the figure).
CONTEXT_CHARS = 40
#: Text up to the next mark that ends a clause, for the ``context`` of a figure.
_NOT_CLAUSE_MARK = re.compile("[^，,；;。：:！？!?\n]*")


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
    entries = [[(chain, _entry(r, year=year)) for r, chain in chunk] for chunk in chunks]
    bodies, starts = _grouped(paths, entries)
    return _listing(
        paths,
        title,
        "browse.html",
        bodies,
        intro=intro,
        label=label,
        groups=groups,
        starts=starts,
        page_size=listing.PAGE_SIZE,
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
        [(chain, _entry(r, place=r.front_matter()["township"] or "")) for r, chain in chunk]
        for chunk in chunks
    ]
    bodies, starts = _grouped(paths, entries)
    cities = [
        _PlaceLink(c.code, _city_label(c.name, province.name), len(c.reports), "")
        for c in (nodes[code] for code in province.children)
    ]
    pages = _listing(
        paths,
        province.name,
        "province.html",
        bodies,
        code=code,
        name=province.name,
        count=len(province.reports),
        cities=cities,
        starts=starts,
        page_size=listing.PAGE_SIZE,
    )
    return pages, starts


@dataclass(frozen=True)
class _PlaceLink:
    """A place with reports as a link shows it: to ``start#p-<code>``, where its reports begin."""

    code: str
    label: str
    count: int
    start: str
    children: tuple[_PlaceLink, ...] = ()


def _unplaced_listing(unplaced: list[Report]) -> dict[str, str]:
    chunks = _chunks(sorted(unplaced, key=_by_year))
    paths = _page_paths("places/unknown", len(chunks))
    bodies = [[_Entries([_entry(r, place="") for r in chunk])] for chunk in chunks]
    return _listing(paths, f"地区{UNKNOWN}", "unplaced.html", bodies)


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
    widths = Counter(len(code) for code in nodes)

    def link(place: _Place, label: str, children=()) -> _PlaceLink:
        anchor = f"p-{place.code}"
        return _PlaceLink(place.code, label, len(place.reports), starts[anchor], tuple(children))

    provinces = []
    for code in sorted(c for c in nodes if len(c) == 2):
        province = nodes[code]
        cities = [
            link(
                nodes[c],
                _city_label(nodes[c].name, province.name),
                (link(nodes[t], nodes[t].name) for t in nodes[c].children),
            )
            for c in province.children
        ]
        provinces.append(_PlaceLink(code, province.name, len(province.reports), "", tuple(cities)))
    return templating.page(
        "按地区浏览",
        "places.html",
        page="browse/places.md",
        total=len(reports),
        provinces=provinces,
        cities=widths[4],
        counties=widths[6],
        unplaced=len(unplaced),
    )


def place_pages(reports: list[Report]) -> dict[str, str]:
    """``places/<province>.md`` (and ``-2``, …) listing a province's reports by city and county;
    ``places/unknown.md`` for reports without a place."""
    return _places(reports)[2]


# --- home page ------------------------------------------------------------------------------


def overview_snippet(
    reports: list[Report],
    failures: Iterable[GeneratorError] = (),
    reuse: ReuseIndex | None = None,
) -> str:
    """Counts by year and province, shared text and the latest reports, included by
    docs/index.md.

    docs/index.md is Markdown, and Markdown would read a value from a report or sidecar as
    syntax (a ``|`` splits a table row, a line break starts an admonition or a list), so the
    snippet is raw HTML blocks with every value escaped; only its fixed heading is Markdown,
    so that it stays in the page's table of contents. Links are relative to the home page.
    """
    fms = [r.front_matter() for r in reports]
    years = Counter(fm["report_year"] for fm in fms)
    provinces = Counter(fm["province"] for fm in fms)
    year_rows = [
        [Link(f"browse/years.md#y-{year}", f"{year}年"), f"{years[year]:,}"]
        for year in sorted((y for y in years if y is not None), reverse=True)
    ]
    if None in years:
        year_rows.append([Link("browse/years.md#y-unknown", f"年份{UNKNOWN}"), f"{years[None]:,}"])
    codes = {fm["province"]: (fm["division_code"] or "")[:2] for fm in fms}
    province_rows = [
        [Link(f"browse/places.md#p-{codes[name]}", name), f"{provinces[name]:,}"]
        for name in sorted(p for p in provinces if p)
    ]
    if None in provinces:
        link = Link("browse/places.md#p-unknown", f"地区{UNKNOWN}")
        province_rows.append([link, f"{provinces[None]:,}"])
    latest = sorted(
        reports,
        key=lambda r: (
            r.front_matter()["publish_date"] or "",
            r.front_matter()["report_year"] or 0,
            r.id,
        ),
        reverse=True,
    )[:LATEST_COUNT]
    return templating.render(
        "overview.md",
        page="index.md",
        count=len(reports),
        chars=sum(fm["char_count"] for fm in fms),
        failed=len(list(failures)),
        years=year_rows,
        provinces=province_rows,
        latest=[(_title_link(r), _latest_details(r)) for r in latest],
        reuse=reuse_summary(reports, reuse) if reuse is not None else None,
    )


def _latest_details(report: Report) -> list[str]:
    fm = report.front_matter()
    return [d for d in (fm["issuer"], _place_label(fm), fm["publish_date"]) if d]


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
    # What a comparison needs (generator/meaning.py), appended so the columns above keep
    # their places.
    "action",
    "thing",
    "scope",
    "scope_note",
    "period",
    "period_note",
    "source",
    "excluded_from",
    "excluded_because",
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
                    m.action,
                    m.thing,
                    m.scope,
                    m.scope_note,
                    m.period,
                    m.period_note,
                    m.source,
                    m.excluded_from,
                    m.excluded_because,
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
    failed = [
        [Code(where) if where else "—", reason] for where, reason in sorted(map(_failure, failures))
    ]

    ordered = sorted(reports, key=lambda r: r.id)
    unclassified: dict[tuple[str, str], list[tuple[Report, Metric]]] = defaultdict(list)
    for report in ordered:
        for metric in report.metrics:
            if metric.indicator == UNCLASSIFIED:
                unclassified[(metric.label, metric.unit)].append((report, metric))
    ranked = sorted(unclassified.items(), key=lambda item: (-len(item[1]), item[0]))
    unclassified_rows = [
        [label, unit, f"{len(uses):,}", _sources(uses)] for (label, unit), uses in ranked
    ]

    fields = ("province", "report_year", "publish_date", "issuer")
    missing = [(r, [f for f in fields if not r.front_matter()[f]]) for r in ordered]
    missing_rows = [[_title_link(r), "、".join(gaps)] for r, gaps in missing if gaps]

    host = "editors.md"

    def rows(name: str):
        return templating.macro("editors_lists.html", name)

    lists = [
        _Section(
            "failures",
            "未能转换的文件",
            failed,
            rows("failures"),
            "下列文件没有转换成报告页，也不在档案的任何统计中（构建没有用 --strict，"
            "所以网站照常生成）。按原因修正报告文件或旁注文件（或把不属于档案的文件移出"
            "报告文件夹）后重新构建。"
            if failed
            else "本次构建的每个文件都已转换。",
        ),
        _Section(
            "unclassified",
            "尚未归类的数字说法",
            unclassified_rows,
            rows("unclassified"),
            "下列说法没有任何指标规则认领，按出现次数排列。为常见的说法补充或新增指标规则，"
            "它们就会出现在指标页上。",
        ),
        _Section(
            "indicator-review",
            "指标的候选数字",
            indicator_reviews(reports),
            templating.macro("indicator_lists.html", "summary"),
            "每个指标一页，逐份报告列出归入它的数字、指标页采用的数值和其余的候选"
            "（重复的、分项、单位不同的、被排除的和疑似未归类的），供核对归类。",
        ),
        _Section(
            "candidates",
            "术语表尚未收录的说法",
            _candidates(ordered),
            rows("candidates"),
            rows("candidates_intro"),
        ),
        _Section("missing", "元数据不全的报告", missing_rows, rows("missing")),
    ]
    parts, pages = _sections(host, "editors", "编辑工作台", lists)
    pages[host] = templating.page(
        "编辑工作台", "editors.html", page=host, sections=parts, page_size=listing.PAGE_SIZE
    )
    return pages


def _sources(uses: list[tuple[Report, Metric]]) -> templating.Parts:
    """The first :data:`EDITOR_SOURCES` figures stating a label, each linking to where it is,
    and how many there are in all when there are more."""
    links = (Link(f"{r.page_path}#{m.anchor}", m.text) for r, m in uses[:EDITOR_SOURCES])
    more = f" 等 {len(uses)} 处" if len(uses) > EDITOR_SOURCES else ""
    return templating.Parts((templating.joined("、", links), more))


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
    item_rows = [
        [name, f"{present[key]:,}", share(present[key], len(ordered))] for key, name, _, _ in ITEMS
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
    for chunk in chunks:
        rows = []
        for report in chunk:
            checklist = report.checklist
            items = {i.key: i for i in checklist.items}
            cells = [
                Link(f"{report.page_path}#{items[key].anchors[0]}", "✓")
                if items[key].present
                else "✗"
                for key in keys
            ]
            if checklist.on_time is None:
                when = UNKNOWN
            else:
                when = ("是" if checklist.on_time else "否") + f"（期限 {checklist.deadline}）"
            year = _year_label(report.front_matter())
            rows.append([_title_link(report), year, *cells, str(checklist.covered), when])
        bodies.append(rows)
    return _listing(
        paths,
        "督察规定对照",
        "checklist.html",
        bodies,
        columns=columns,
        reports=len(ordered),
        items=item_rows,
        on_time=timing[True],
        late=timing[False],
        unknown=timing[None],
        years=year_rows,
        page_size=listing.PAGE_SIZE,
    )


def checklist_page(reports: list[Report]) -> str:
    """``checklist.md``: reports against the five items of 厅字〔2019〕28号 and the 1 April
    deadline; a summary and the first page of the table (the rest: continuation_pages)."""
    return _checklist_listing(reports)["checklist.md"]


@dataclass(frozen=True)
class _Annotated:
    """A report on the annotations index: its title as a link, and its notes."""

    link: Link
    page_path: str
    annotations: list


def _annotation_listing(reports: list[Report]) -> dict[str, str]:
    annotated = [r for r in sorted(reports, key=lambda r: r.id) if r.annotations]
    chunks = _chunks(annotated)
    paths = _page_paths("annotations", len(chunks))
    bodies = [[_Annotated(_title_link(r), r.page_path, r.annotations) for r in c] for c in chunks]
    count = sum(len(r.annotations) for r in annotated)
    return _listing(paths, "编者注索引", "annotations.html", bodies, count=count)


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
    for make in (
        _year_listing,
        _type_listing,
        _checklist_listing,
        _annotation_listing,
        lambda reports: _editor_lists(reports, failures),
    ):
        pages.update((p, t) for p, t in make(reports).items() if p not in firsts)
    return pages


__all__ = [
    "METRIC_CSV_COLUMNS",
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
