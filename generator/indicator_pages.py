"""Indicator pages: one value per report, compared in charts and a sortable table.

``indicators/<id>.md`` shows every report that states the indicator, one value each
(:mod:`generator.comparison` decides which), as a dot per report by year (the distribution,
readable however many reports there are), the largest reports as bars, and a table of every
report, split into pages and sortable in the browser (``javascripts/indicator-charts.js``).
It then counts apart the reports that do not state the measure and those whose figures the
archive could not classify. ``editors/indicators/<id>.md`` lists, for an editor, every figure
behind the page and what the page made of it.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable

from .comparison import Comparison, ReportValue, compare, is_part
from .escape import html_attr, json_in_html, one_line
from .listing import (
    UNKNOWN,
    _a,
    _by_year,
    _chunks,
    _code,
    _entry,
    _esc,
    _h,
    _href,
    _listing,
    _number,
    _p,
    _page,
    _page_paths,
    _place_label,
    _Section,
    _sections,
    _share,
    _table,
    _ul,
    _url,
    _with_unit,
    _year_label,
)
from .metrics import Metric
from .render import APPROX_MARK
from .report import Report
from .summaries import _province_code, _Totals, _totals

#: Reports drawn as bars, the largest first (every report when there are no more).
INDICATOR_TOP = 20
#: Reports drawn as dots at most: each costs about 100 bytes of the page. More are sampled
#: evenly along the ranking, which keeps the distribution (the medians count them all).
STRIP_MAX = 1500
#: A value axis whose largest value is this many times its smallest is logarithmic, so that
#: a street's 30 disputes and a county's 5,000 are both visible.
LOG_SPAN = 20
_RATES = ("%", "‰")
#: Other candidates named in a report's row (all of them are on the editors' review list).
SEE_ALSO = 3


def indicator_pages(reports: list[Report]) -> dict[str, str]:
    """``indicators/<id>.md`` (and the later pages of its lists) for every indicator some
    report states or seems to state, ``indicators/index.md`` of all of them, and the editors'
    review list of each (``editors/indicators/<id>.md``, linked from the editors' page)."""
    comparisons = compare(reports)
    totals = _totals(reports)
    page = "indicators/index.md"
    pages: dict[str, str] = {}
    rows = []
    for ident, comparison in comparisons.items():
        name = _esc(comparison.indicator.name)
        if comparison.has_page:
            name = _a(page, f"indicators/{ident}.md", name)
            pages.update(_indicator_page(comparison, totals))
        pages.update(_review_pages(comparison))
        rows.append(
            [
                name,
                _esc(comparison.indicator.description),
                f"{len(comparison.values):,}",
                f"{len(comparison.candidates):,}",
                f"{len(comparison.absent):,}",
            ]
        )
    columns = [
        ("指标", ""),
        ("说明", ""),
        ("给出的报告", "right"),
        ("疑似未归类", "right"),
        ("未给出", "right"),
    ]
    pages[page] = _page(
        "指标",
        [
            _p(
                "报告中提取的数字按下列指标归类，以便在报告之间比较：每个指标一页，每份报告一个数。"
                f"归类规则见{_a(page, 'about.md#metrics', '关于与方法')}，指标页怎样比较见"
                f"{_a(page, 'about.md#indicator-pages', '指标页')}。“疑似未归类”是没有归入"
                "这一指标、但有单位和说法相近而档案未能归类的数字的报告；“未给出”是两者都没有的报告。"
                f"尚未归类的说法列在{_a(page, 'editors.md#unclassified', '编辑工作台')}。"
            ),
            _table(columns, rows),
        ],
    )
    return pages


# --- one indicator ----------------------------------------------------------------------------


def _indicator_page(c: Comparison, totals: _Totals) -> dict[str, str]:
    indicator = c.indicator
    host = f"indicators/{indicator.id}.md"
    base = f"indicators/{indicator.id}"
    out = [_p(_esc(indicator.description)), _p(_counts(c, host)), _p(_method(c, host))]
    if c.values:
        out += _charts(c, host)
    values, pages = _sections(
        host,
        base,
        indicator.name,
        [
            _Section(
                "values",
                "每份报告的数值",
                (
                    "按数值从大到小排列。点击表头按这一列排序（只排本页的报告）；“≈”表示原文是"
                    "约数；点击数值打开原文中的句子。"
                    if c.values
                    else "档案中还没有报告给出这个数。"
                ),
                c.values,
                lambda page, chunk: _value_table(page, chunk, c),
            )
        ],
    )
    out += values
    if c.values:
        out += _summaries(c, totals)
    rest, more = _sections(
        host,
        base,
        indicator.name,
        [
            _Section(
                "unclassified",
                "有疑似数字、未能归类的报告",
                (
                    "这些报告没有数字归入此项，但有单位相同、说法相近的数字，档案未能确定它们"
                    "是不是这个数，所以不参加比较。归类规则可在"
                    f"{_a(host, 'editors.md#indicator-review', '编辑工作台')}核对。"
                    if c.candidates
                    else "没有这样的报告。"
                ),
                c.candidates,
                _candidate_table,
            ),
            _Section(
                "absent",
                "没有给出这个数的报告",
                (
                    "这些报告没有数字归入此项，也没有单位和说法相近的数字。"
                    if c.absent
                    else "档案的每份报告都给出了这个数，或有疑似的数字。"
                ),
                c.absent,
                lambda page, chunk: _ul_entries(page, chunk),
            ),
        ],
    )
    out += rest
    pages.update(more)
    pages[host] = _page(indicator.name, out)
    return pages


def _counts(c: Comparison, page: str) -> str:
    """How many reports state the measure, seem to, and do not."""
    text = (
        f"档案的 {c.total:,} 份报告中，<strong>{len(c.values):,} 份给出了这个数</strong>"
        f"（{_share(len(c.values), c.total)}）"
    )
    if c.candidates:
        text += (
            f"；{_a(page, f'{page}#unclassified', f'{len(c.candidates):,} 份')}没有数字归入此项，"
            "但有档案未能归类、可能就是它的数字"
        )
    return text + f"；{_a(page, f'{page}#absent', f'{len(c.absent):,} 份')}没有给出。"


def _method(c: Comparison, page: str) -> str:
    """How the one value per report was chosen and which units were folded."""
    measure = c.measure
    text = (
        "每份报告只取一个数：同一个数字重复出现只算一次；给出几个不同的数时，取全地区的总数"
        "（没有标明哪个是分项时取最大的一个），其余的列在表中“另见”一栏。"
    )
    if measure.same:
        quoted = "".join(f"“{_esc(u)}”" for u in measure.units)
        text += (
            f"单位为{quoted}的数字计的是同一种数，一律按“{_esc(measure.unit)}”比较，"
            "表中的“单位”一栏是原文的写法。"
        )
    units = Counter(m.unit for _, m in c.other_units)
    if units:
        text += (
            "另有单位为"
            + "、".join(f"“{_esc(u)}”（{n:,} 个）" for u, n in units.most_common())
            + "的数字计的是另一种数，不参加比较。"
        )
    csv_link = _a(page, "data.md#metrics", "metrics.csv")
    return text + (
        f"每个数字都在 {csv_link} 中（按 {_code('indicator')} 列筛选）；"
        f"比较方法见{_a(page, 'about.md#indicator-pages', '关于与方法')}。"
    )


def _short_place(fm: dict) -> str:
    """The last two levels of the place (镇海区 招宝山街道): enough beside a bar."""
    place = _place_label(fm)
    return " ".join(place.split(" ")[-2:]) if place else f"地区{UNKNOWN}"


def _year_row(fm: dict) -> str:
    return f"{fm['report_year']}年" if fm["report_year"] else f"年份{UNKNOWN}"


def _charts(c: Comparison, page: str) -> list[str]:
    """A dot per report by year (the distribution), then the largest reports as bars."""
    unit = c.measure.unit
    values = [v.value for v in c.values]
    positive = [x for x in values if x > 0]
    log = (
        unit not in _RATES
        and len(positive) == len(values)
        and max(values) >= LOG_SPAN * min(values)
    )
    years = sorted(
        {v.report.front_matter()["report_year"] for v in c.values},
        key=lambda y: (y is None, -(y or 0)),
    )
    row_of = {y: i for i, y in enumerate(years)}
    per_row: dict[int, list[float]] = defaultdict(list)
    for v in c.values:
        per_row[row_of[v.report.front_matter()["report_year"]]].append(v.value)
    drawn = _spread(c.values, STRIP_MAX)
    strip: dict[str, list] = {"row": [], "values": [], "labels": [], "links": []}
    for v in drawn:
        fm = v.report.front_matter()
        strip["row"].append(row_of[fm["report_year"]])
        strip["values"].append(v.metric.value)
        strip["labels"].append(f"{_short_place(fm)} · {_year_label(fm)}")
        strip["links"].append(_href(page, f"{v.report.page_path}#{v.metric.anchor}"))
    scale = "对数刻度" if log else ""
    strip_data = {
        "type": "strip",
        "title": c.indicator.name,
        "unit": unit,
        "scale": "log" if log else "linear",
        "axis": "、".join(filter(None, [f"单位：{unit}" if unit else "", scale])),
        "rows": [_year_row({"report_year": y}) for y in years],
        "medians": [statistics.median(per_row[i]) for i in range(len(years))],
        "counts": [len(per_row[i]) for i in range(len(years))],
        **strip,
    }
    top = c.values[:INDICATOR_TOP]
    bars = {
        "title": c.indicator.name,
        "unit": unit,
        "labels": [
            f"{_short_place(v.report.front_matter())} {_year_label(v.report.front_matter())}"
            for v in top
        ],
        "values": [v.metric.value for v in top],
        "details": [_bar_detail(v) for v in top],
        "links": [_href(page, f"{v.report.page_path}#{v.metric.anchor}") for v in top],
    }
    everyone = len(c.values) <= INDICATOR_TOP
    return [
        _h(2, "distribution", "各报告的数值分布"),
        _p(
            "每个点是一份报告，按报告年度分行；短竖线是当年各报告的中位数（一半报告比它大，"
            "一半比它小）"
            + (
                f"。报告多于 {STRIP_MAX:,} 份，图中是按数值排序后均匀抽取的 {len(drawn):,} 份，"
                "分布不变；中位数按全部报告计算"
                if len(drawn) < len(c.values)
                else ""
            )
            + ("。横轴是对数刻度：每一格是前一格的十倍，大小相差很多的数值都能看清" if log else "")
            + "。把鼠标移到点上（手机上轻点）可以看到地区和数值，再点击打开原文中的数字。"
            "图下的表格列出同样的数值。"
        ),
        _chart(strip_data, "indicator-chart indicator-chart--strip"),
        _h(
            2,
            "largest",
            "各报告的数值" if everyone else f"数值最大的 {INDICATOR_TOP} 份报告",
        ),
        _p("条形按数值从大到小排列，点击打开原文中的数字。"),
        _chart(bars, "indicator-chart"),
    ]


def _spread(ranked: list, most: int) -> list:
    """At most ``most`` of ``ranked``, evenly spaced, the first and the last among them."""
    if len(ranked) <= most:
        return ranked
    step = (len(ranked) - 1) / (most - 1)
    return [ranked[round(k * step)] for k in range(most)]


def _chart(data: dict, classes: str) -> str:
    return (
        f'<div class="{classes}">\n<script type="application/json">{json_in_html(data)}'
        "</script>\n</div>\n"
    )


def _bar_detail(v: ReportValue) -> str:
    fm = v.report.front_matter()
    place = _place_label(fm) or f"地区{UNKNOWN}"
    return f"{place} · 原文：{one_line(v.metric.label)} {v.metric.text}"


# --- the table of values ----------------------------------------------------------------------


def _sortable(columns: list[tuple[str, str]], rows: Iterable[list[tuple[str, object]]]) -> str:
    """A table ``javascripts/indicator-charts.js`` can sort: ``columns`` are (header HTML,
    ``number``/``text``/"" for not sortable); each cell is (HTML, sort key, or None when its
    text is the key). The value column is marked as sorted, largest first, as the rows come.
    Alignment is the stylesheet's (``table.indicator-table``): a thousand rows of inline
    styles would weigh more than their text."""
    head = []
    for header, kind in columns:
        attrs = f' data-sort="{kind}"' if kind else ""
        if header == "数值":
            attrs += ' aria-sort="descending"'
        head.append(f"<th{attrs}>{header}</th>")
    body = []
    for row in rows:
        cells = (
            f'<td data-value="{html_attr(str(key))}">{cell}</td>'
            if key is not None
            else f"<td>{cell}</td>"
            for cell, key in row
        )
        body.append("<tr>" + "".join(cells) + "</tr>\n")
    return (
        '<table class="indicator-table" data-sortable="">\n<thead>\n<tr>'
        + "".join(head)
        + "</tr>\n</thead>\n<tbody>\n"
        + "".join(body)
        + "</tbody>\n</table>\n"
    )


def _value_table(page: str, chunk: list[ReportValue], c: Comparison) -> str:
    first = c.values.index(chunk[0]) if chunk else 0
    rows = []
    for rank, v in enumerate(chunk, start=first + 1):
        fm = v.report.front_matter()
        title = one_line(fm["title"])
        place = _place_label(fm) or title
        where = (
            f'<a href="{_url(page, v.report.page_path)}" title="{html_attr(title)}">'
            f"{_esc(place)}</a>"
        )
        approx = APPROX_MARK if v.metric.approx else ""
        value = _a(page, f"{v.report.page_path}#{v.metric.anchor}", _esc(_number(v.value)))
        unit = _esc(v.metric.unit)
        if v.metric.unit != c.measure.unit:
            unit = f'<span title="按“{html_attr(c.measure.unit)}”计">{unit}</span>'
        year = fm["report_year"]
        rows.append(
            [
                (str(rank), None),
                # Codes of every level the same length: a county before its townships,
                # whether the browser compares them as text or as numbers.
                (where, (fm["division_code"] or "").ljust(12, "0") if fm["division_code"] else ""),
                (str(year), None) if year else (UNKNOWN, ""),
                (approx + value, v.metric.value),
                (unit, None),
                (_esc(v.metric.label), None),
                (_see_also(page, v), None),
            ]
        )
    columns = [
        ("序", "number"),
        ("地区", "text"),
        ("年度", "number"),
        ("数值", "number"),
        ("单位", "text"),
        ("原文说法", "text"),
        ("另见", ""),
    ]
    return _sortable(columns, rows)


def _figure_link(page: str, report: Report, metric: Metric) -> str:
    approx = "≈" if metric.approx else ""
    return _a(page, f"{report.page_path}#{metric.anchor}", _esc(f"{approx}{metric.text}"))


def _see_also(page: str, v: ReportValue) -> str:
    """The other candidates of the report and the same figure stated again (the first
    :data:`SEE_ALSO` of each; the editors' review list has them all)."""
    parts = []
    if v.others:
        how = "取总数" if v.chosen == "total" else "取最大的一个"
        others = "、".join(
            f"{_figure_link(page, v.report, m)}（{'分项：' if is_part(m) else ''}{_esc(m.label)}）"
            for m in v.others[:SEE_ALSO]
        )
        parts.append(f"{how}；另有 {others}{_more(v.others)}")
    if v.repeats:
        again = "、".join(_figure_link(page, v.report, m) for m in v.repeats[:SEE_ALSO])
        parts.append(f"同一数字又见 {again}{_more(v.repeats)}，只算一次")
    return "；".join(parts)


def _more(items: list) -> str:
    return f" 等 {len(items):,} 个" if len(items) > SEE_ALSO else ""


def _candidate_table(page: str, chunk: list[tuple[Report, list[Metric]]]) -> str:
    rows = []
    for report, metrics in chunk:
        fm = report.front_matter()
        figures = "、".join(f"{_figure_link(page, report, m)}（{_esc(m.label)}）" for m in metrics)
        where = f"{_place_label(fm) or f'地区{UNKNOWN}'} · {_year_label(fm)}"
        rows.append([_a(page, report.page_path, _esc(where)), figures])
    return _table([("报告", ""), ("疑似的数字（原文说法）", "")], rows)


def _ul_entries(page: str, chunk: list[Report]) -> str:
    return _ul(_entry(r, page) for r in chunk)


# --- by year and by province --------------------------------------------------------------------


def _quartiles(values: list[float]) -> tuple[float, float]:
    if len(values) < 2:
        return values[0], values[0]
    low, _, high = statistics.quantiles(values, n=4, method="inclusive")
    return low, high


def _summaries(c: Comparison, totals: _Totals) -> list[str]:
    unit = c.measure.unit
    by_year: dict[int, list[float]] = defaultdict(list)
    by_province: dict[str, list[float]] = defaultdict(list)
    for v in c.values:
        fm = v.report.front_matter()
        if fm["report_year"]:
            by_year[fm["report_year"]].append(v.value)
        by_province[_province_code(fm)].append(v.value)
    out = []
    if by_year:
        rows = []
        for year in sorted(by_year, reverse=True):
            values = by_year[year]
            low, high = _quartiles(values)
            rows.append(
                [
                    f"{year}年",
                    f"{len(values):,}",
                    _share(len(values), totals.years[year]),
                    _esc(_with_unit(statistics.median(values), unit)),
                    _esc(f"{_number(low)}–{_with_unit(high, unit)}"),
                    _esc(f"{_number(min(values))}–{_with_unit(max(values), unit)}"),
                ]
            )
        out += [
            _h(2, "by-year", "按报告年度"),
            _p(
                "各地规模相差很大（一个街道与一个大镇、一个区相差几十倍），所以不取合计或平均，"
                "只比较分布：中位数、中间一半报告所在的范围、最小和最大。"
            ),
            _table(
                [
                    ("报告年度", ""),
                    ("报告数", "right"),
                    ("占当年报告", "right"),
                    ("中位数", "right"),
                    ("中间一半", ""),
                    ("最小–最大", ""),
                ],
                rows,
            ),
        ]
    rows = []
    for code in sorted(by_province, key=lambda code: (not code, code)):
        values = by_province[code]
        name = _esc(totals.names[code]) if code else f"地区{UNKNOWN}"
        rows.append(
            [
                name,
                f"{len(values):,}",
                _esc(_with_unit(statistics.median(values), unit)),
                _esc(_with_unit(min(values), unit)),
                _esc(_with_unit(max(values), unit)),
            ]
        )
    columns = [
        ("省级地区", ""),
        ("报告数", "right"),
        ("中位数", "right"),
        ("最小", "right"),
        ("最大", "right"),
    ]
    return [*out, _h(2, "by-province", "按省级地区"), _table(columns, rows)]


# --- the editors' review ----------------------------------------------------------------------


def _verdicts(c: Comparison) -> list[tuple[Report, Metric, str]]:
    """Every figure behind an indicator page, with what the page made of it, by report."""
    rows: dict[str, list[tuple[Report, Metric, str]]] = defaultdict(list)

    def add(report: Report, metric: Metric, verdict: str) -> None:
        rows[report.id].append((report, metric, verdict))

    how = {"only": "采用", "total": "采用：总数", "largest": "采用：几个数中最大的"}
    for v in c.values:
        add(v.report, v.metric, how[v.chosen])
        for m in v.repeats:
            add(v.report, m, "重复，只算一次")
        for m in v.others:
            add(v.report, m, "另一候选（分项），未采用" if is_part(m) else "另一候选，未采用")
    for report, metric in c.other_units:
        add(report, metric, f"单位“{metric.unit}”是另一种数，不比较")
    for report, metric, reason in c.near:
        add(report, metric, f"排除：{reason}")
    for report, metrics in c.candidates:
        for metric in metrics:
            add(report, metric, "未归类，疑似")
    out = []
    for report in sorted((found[0][0] for found in rows.values()), key=_by_year):
        rid = report.id
        position = {id(m): i for i, m in enumerate(report.metrics)}
        out.extend(sorted(rows[rid], key=lambda row: position.get(id(row[1]), 0)))
    return out


def _review_path(c: Comparison) -> str:
    """``editors/indicators/<id>.md``, or "" when no figure is behind the indicator."""
    has_figures = c.values or c.other_units or c.near or c.candidates
    return f"editors/indicators/{c.indicator.id}.md" if has_figures else ""


def indicator_reviews(reports: list[Report]) -> list[tuple[Comparison, str]]:
    """The editors' page's list of indicators: each with its review list's path, or ""."""
    return [(c, _review_path(c)) for c in compare(reports).values()]


def _review_pages(c: Comparison) -> dict[str, str]:
    """``editors/indicators/<id>.md`` (and its later pages): every figure behind the indicator
    page, and what the page made of it."""
    figures = _verdicts(c)
    if not _review_path(c):
        return {}
    chunks = _chunks(figures)
    paths = _page_paths(_review_path(c).removesuffix(".md"), len(chunks))
    bodies = [[_review_table(p, chunk)] for p, chunk in zip(paths, chunks, strict=True)]

    def first(page: str) -> list[str]:
        name = _esc(c.indicator.name)
        if c.has_page:
            name = _a(page, f"indicators/{c.indicator.id}.md", name)
        return [
            _p(
                f"归入或接近“{name}”的 {len(figures):,} 个数字，按报告（新的在前）和原文顺序"
                "排列，注明指标页怎样处理每一个。归类规则和合并的单位在 "
                f"{_code('generator/data/indicators.yml')}，疑似数字的说法在 "
                f"{_code('generator/data/indicator_lookalikes.yml')}。"
            )
        ]

    return _listing(paths, f"指标核对：{c.indicator.name}", bodies, first)


def _review_table(page: str, chunk: list[tuple[Report, Metric, str]]) -> str:
    rows = []
    for report, metric, verdict in chunk:
        fm = report.front_matter()
        where = f"{_place_label(fm) or f'地区{UNKNOWN}'} · {_year_label(fm)}"
        rows.append(
            [
                _a(page, report.page_path, _esc(where)),
                _figure_link(page, report, metric),
                _esc(metric.label),
                _esc(verdict),
            ]
        )
    columns = [("报告", ""), ("数字", "right"), ("原文说法", ""), ("指标页的处理", "")]
    return _table(columns, rows)


def indicator_review_table(page: str, chunk: list) -> str:
    """The editors' page's row per indicator: how many figures of each kind, the name linking
    to its list."""
    rows = []
    for c, path in chunk:
        name = _esc(c.indicator.name)
        others = sum(len(v.repeats) + len(v.others) for v in c.values)
        rows.append(
            [
                _a(page, path, name) if path else name,
                f"{len(c.values):,}",
                f"{others:,}",
                f"{len(c.other_units):,}",
                f"{len(c.near):,}",
                f"{sum(len(ms) for _, ms in c.candidates):,}",
            ]
        )
    columns = [
        ("指标（逐个核对）", ""),
        ("采用", "right"),
        ("重复或另一候选", "right"),
        ("单位不同", "right"),
        ("排除", "right"),
        ("疑似未归类", "right"),
    ]
    return _table(columns, rows)


__all__ = ["indicator_pages", "indicator_review_table", "indicator_reviews"]
