"""Summary pages of what the reports share: topics, glossary terms, laws.

A page about one thing summarises the reports — how many, by year and by province, the few
that stand out — instead of listing every one: such lists would repeat each report dozens of
times. The complete relations are in ``data/reports.json`` and ``data/metrics.csv``. Only a
law's page lists every report citing it, split into pages (:mod:`generator.listing`).
Indicator pages, which compare a value per report, are :mod:`generator.indicator_pages`.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass

from . import listing
from .escape import html_attr, url_part
from .listing import (
    _a,
    _by_year,
    _chunks,
    _code,
    _entry,
    _esc,
    _h,
    _listing,
    _p,
    _page,
    _page_paths,
    _share,
    _table,
    _title_link,
    _ul,
    _url,
)
from .report import Report

#: Reports named on a topic page: those that treat the topic most.
TOPIC_TOP = 20
#: Reports named under a glossary entry: those that use the term most.
TERM_TOP = 5


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
                        + (
                            f"中最常被引用的 {listing.PAGE_SIZE} 个"
                            if len(shared) > listing.PAGE_SIZE
                            else ""
                        )
                        + "。"
                        if shared
                        else ""
                    )
                )
            )
            of_kind = shared[: listing.PAGE_SIZE]
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


__all__ = ["glossary_page", "law_pages", "topic_pages"]
