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
from dataclasses import dataclass

from . import templating
from .comparison import Comparison, ReportValue, compare, is_part
from .escape import one_line
from .listing import (
    UNKNOWN,
    _by_year,
    _chunks,
    _entry,
    _listing,
    _page_paths,
    _place_label,
    _Section,
    _sections,
    _year_label,
)
from .metrics import Metric
from .report import Report
from .summaries import _province_code, _Totals, _totals
from .templating import Link, Parts, href, joined, number, share, with_unit

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
        name: object = comparison.indicator.name
        if comparison.has_page:
            name = Link(f"indicators/{ident}.md", name)
            pages.update(_indicator_page(comparison, totals))
        pages.update(_review_pages(comparison))
        rows.append(
            [
                name,
                comparison.indicator.description,
                f"{len(comparison.values):,}",
                f"{len(comparison.candidates):,}",
                f"{len(comparison.absent):,}",
            ]
        )
    pages[page] = templating.page("指标", "indicators.html", page=page, rows=rows)
    return pages


# --- one indicator ----------------------------------------------------------------------------


def _lists(name: str):
    return templating.macro("indicator_lists.html", name)


def _indicator_page(c: Comparison, totals: _Totals) -> dict[str, str]:
    indicator = c.indicator
    host = f"indicators/{indicator.id}.md"
    base = f"indicators/{indicator.id}"
    values, pages = _sections(
        host,
        base,
        indicator.name,
        [
            _Section(
                "values",
                "每份报告的数值",
                _value_rows(c),
                _lists("values"),
                "按数值从大到小排列。点击表头按这一列排序（只排本页的报告）；“≈”表示原文是"
                "约数；点击数值打开原文中的句子。"
                if c.values
                else "档案中还没有报告给出这个数。",
            )
        ],
    )
    rest, more = _sections(
        host,
        base,
        indicator.name,
        [
            _Section(
                "unclassified",
                "有疑似数字、未能归类的报告",
                [_candidate_row(report, metrics) for report, metrics in c.candidates],
                _lists("candidates"),
                _lists("candidates_intro") if c.candidates else "没有这样的报告。",
            ),
            _Section(
                "absent",
                "没有给出这个数的报告",
                [_entry(r) for r in c.absent],
                _lists("absent"),
                "这些报告没有数字归入此项，也没有单位和说法相近的数字。"
                if c.absent
                else "档案的每份报告都给出了这个数，或有疑似的数字。",
            ),
        ],
    )
    pages.update(more)
    by_year, by_province = _summaries(c, totals) if c.values else ([], [])
    pages[host] = templating.page(
        indicator.name,
        "indicator.html",
        page=host,
        indicator=indicator,
        total=c.total,
        stated=len(c.values),
        candidates=len(c.candidates),
        absent=len(c.absent),
        measure=c.measure,
        other_units=Counter(m.unit for _, m in c.other_units).most_common(),
        charts=_charts(c, host) if c.values else None,
        values_part=values[0],
        by_year=by_year,
        by_province=by_province,
        rest=rest,
    )
    return pages


def _short_place(fm: dict) -> str:
    """The last two levels of the place (镇海区 招宝山街道): enough beside a bar."""
    place = _place_label(fm)
    return " ".join(place.split(" ")[-2:]) if place else f"地区{UNKNOWN}"


def _year_row(fm: dict) -> str:
    return f"{fm['report_year']}年" if fm["report_year"] else f"年份{UNKNOWN}"


def _charts(c: Comparison, page: str) -> _Charts:
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
        strip["links"].append(href(page, f"{v.report.page_path}#{v.metric.anchor}"))
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
        "links": [href(page, f"{v.report.page_path}#{v.metric.anchor}") for v in top],
    }
    return _Charts(
        strip=strip_data,
        bars=bars,
        log=log,
        drawn=len(drawn),
        sampled=len(drawn) < len(c.values),
        strip_max=STRIP_MAX,
        top=INDICATOR_TOP,
        everyone=len(c.values) <= INDICATOR_TOP,
    )


@dataclass(frozen=True)
class _Charts:
    """The data of an indicator page's two charts and what their captions say."""

    strip: dict  # a dot per report by year (javascripts/indicator-charts.js reads it)
    bars: dict  # the largest reports
    log: bool  # the value axis is logarithmic
    drawn: int  # dots drawn
    sampled: bool  # fewer dots than reports
    strip_max: int
    top: int
    everyone: bool  # every report is a bar


def _spread(ranked: list, most: int) -> list:
    """At most ``most`` of ``ranked``, evenly spaced, the first and the last among them."""
    if len(ranked) <= most:
        return ranked
    step = (len(ranked) - 1) / (most - 1)
    return [ranked[round(k * step)] for k in range(most)]


def _bar_detail(v: ReportValue) -> str:
    fm = v.report.front_matter()
    place = _place_label(fm) or f"地区{UNKNOWN}"
    return f"{place} · 原文：{one_line(v.metric.label)} {v.metric.text}"


# --- the table of values ----------------------------------------------------------------------


@dataclass(frozen=True)
class _ValueRow:
    """A report's row in the table of values (the ``values`` macro of indicator_lists.html)."""

    rank: int
    target: str  # the report's page
    title: str
    place: str
    # Codes of every level the same length: a county before its townships, whether the
    # browser compares them as text or as numbers.
    division: str
    year: int | None
    value: float  # the value compared (in the compared unit)
    key: float  # the sort key: the figure as stated
    approx: bool
    figure: str  # the figure's anchor in the report
    unit: str
    unit_title: str  # the compared unit, when the figure's is another name of it
    label: str
    see_also: Parts


def _value_rows(c: Comparison) -> list[_ValueRow]:
    rows = []
    for rank, v in enumerate(c.values, start=1):
        fm = v.report.front_matter()
        title = one_line(fm["title"])
        code = fm["division_code"]
        rows.append(
            _ValueRow(
                rank=rank,
                target=v.report.page_path,
                title=title,
                place=_place_label(fm) or title,
                division=code.ljust(12, "0") if code else "",
                year=fm["report_year"],
                value=v.value,
                key=v.metric.value,
                approx=v.metric.approx,
                figure=f"{v.report.page_path}#{v.metric.anchor}",
                unit=v.metric.unit,
                unit_title=c.measure.unit if v.metric.unit != c.measure.unit else "",
                label=v.metric.label,
                see_also=_see_also(v),
            )
        )
    return rows


def _figure_link(report: Report, metric: Metric) -> Link:
    approx = "≈" if metric.approx else ""
    return Link(f"{report.page_path}#{metric.anchor}", f"{approx}{metric.text}")


def _see_also(v: ReportValue) -> Parts:
    """The other candidates of the report and the same figure stated again (the first
    :data:`SEE_ALSO` of each; the editors' review list has them all)."""
    parts = []
    if v.others:
        how = "取总数" if v.chosen == "total" else "取最大的一个"
        others = joined(
            "、",
            (
                Parts((_figure_link(v.report, m), f"（{'分项：' if is_part(m) else ''}{m.label}）"))
                for m in v.others[:SEE_ALSO]
            ),
        )
        parts.append(Parts((f"{how}；另有 ", others, _more(v.others))))
    if v.repeats:
        again = joined("、", (_figure_link(v.report, m) for m in v.repeats[:SEE_ALSO]))
        parts.append(Parts(("同一数字又见 ", again, f"{_more(v.repeats)}，只算一次")))
    return joined("；", parts)


def _more(items: list) -> str:
    return f" 等 {len(items):,} 个" if len(items) > SEE_ALSO else ""


def _candidate_row(report: Report, metrics: list[Metric]) -> list:
    fm = report.front_matter()
    figures = joined("、", (Parts((_figure_link(report, m), f"（{m.label}）")) for m in metrics))
    where = f"{_place_label(fm) or f'地区{UNKNOWN}'} · {_year_label(fm)}"
    return [Link(report.page_path, where), figures]


# --- by year and by province --------------------------------------------------------------------


def _quartiles(values: list[float]) -> tuple[float, float]:
    if len(values) < 2:
        return values[0], values[0]
    low, _, high = statistics.quantiles(values, n=4, method="inclusive")
    return low, high


def _summaries(c: Comparison, totals: _Totals) -> tuple[list[list[str]], list[list[str]]]:
    """The rows of the tables by year and by province: the distribution of the values (the
    places differ too much in size for a sum or a mean to mean anything)."""
    unit = c.measure.unit
    by_year: dict[int, list[float]] = defaultdict(list)
    by_province: dict[str, list[float]] = defaultdict(list)
    for v in c.values:
        fm = v.report.front_matter()
        if fm["report_year"]:
            by_year[fm["report_year"]].append(v.value)
        by_province[_province_code(fm)].append(v.value)
    year_rows = []
    for year in sorted(by_year, reverse=True):
        values = by_year[year]
        low, high = _quartiles(values)
        year_rows.append(
            [
                f"{year}年",
                f"{len(values):,}",
                share(len(values), totals.years[year]),
                with_unit(statistics.median(values), unit),
                f"{number(low)}–{with_unit(high, unit)}",
                f"{number(min(values))}–{with_unit(max(values), unit)}",
            ]
        )
    province_rows = []
    for code in sorted(by_province, key=lambda code: (not code, code)):
        values = by_province[code]
        province_rows.append(
            [
                totals.names[code] if code else f"地区{UNKNOWN}",
                f"{len(values):,}",
                with_unit(statistics.median(values), unit),
                with_unit(min(values), unit),
                with_unit(max(values), unit),
            ]
        )
    return year_rows, province_rows


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


def _review_pages(c: Comparison) -> dict[str, str]:
    """``editors/indicators/<id>.md`` (and its later pages): every figure behind the indicator
    page, and what the page made of it."""
    figures = _verdicts(c)
    if not _review_path(c):
        return {}
    chunks = _chunks(
        [
            [
                Link(
                    report.page_path,
                    f"{_place_label(report.front_matter()) or f'地区{UNKNOWN}'}"
                    f" · {_year_label(report.front_matter())}",
                ),
                _figure_link(report, metric),
                metric.label,
                verdict,
            ]
            for report, metric, verdict in figures
        ]
    )
    paths = _page_paths(_review_path(c).removesuffix(".md"), len(chunks))
    return _listing(
        paths,
        f"指标核对：{c.indicator.name}",
        "indicator_review.html",
        chunks,
        indicator=c.indicator,
        has_page=c.has_page,
        count=len(figures),
    )


def indicator_reviews(reports: list[Report]) -> list[list]:
    """The editors' page's row per indicator: how many figures of each kind, the name linking
    to its review list (when it has one)."""
    rows = []
    for c in compare(reports).values():
        path = _review_path(c)
        others = sum(len(v.repeats) + len(v.others) for v in c.values)
        rows.append(
            [
                Link(path, c.indicator.name) if path else c.indicator.name,
                f"{len(c.values):,}",
                f"{others:,}",
                f"{len(c.other_units):,}",
                f"{len(c.near):,}",
                f"{sum(len(ms) for _, ms in c.candidates):,}",
            ]
        )
    return rows


__all__ = ["indicator_pages", "indicator_reviews"]
