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

from . import listing, templating
from .listing import (
    _by_year,
    _chunks,
    _Entries,
    _entry,
    _listing,
    _page_paths,
    _title_link,
)
from .report import Report
from .templating import Link, share

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


def _year_rows(counts: Counter, totals: _Totals, extra: Counter | None = None) -> list[list[str]]:
    """Reports per year with something (``counts``), and their share of all the year's
    reports (the ``year_table`` macro); ``extra`` adds a column of other counts."""
    rows = []
    for year in sorted((y for y in totals.years if y is not None), reverse=True):
        if not counts[year] and not (extra and extra[year]):
            continue
        row = [f"{year}年", f"{counts[year]:,}", share(counts[year], totals.years[year])]
        rows.append(row + ([f"{extra[year]:,}"] if extra is not None else []))
    return rows


def _province_shares(counts: Counter, totals: _Totals) -> list[tuple[str, int, str]]:
    """(name, count, share of the province's reports) for the provinces with any, most first."""
    ranked = sorted((c for c in counts if c and counts[c]), key=lambda c: (-counts[c], c))
    return [(totals.names[c], counts[c], share(counts[c], totals.provinces[c])) for c in ranked]


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
        name: object = topic.name
        if main or treated:
            name = Link(f"topics/{topic.id}.md", topic.name)
            pages[f"topics/{topic.id}.md"] = _topic_page(
                topic, main, treated, section_count, by_id, totals
            )
        rows.append([name, topic.description, f"{len(main):,}", f"{section_count:,}"])
    pages[page] = templating.page("主题", "topics.html", page=page, rows=rows)
    return pages


def _topic_page(topic, main, treated, section_count, by_id, totals) -> str:
    years = Counter(r.front_matter()["report_year"] for r in main)
    section_years = Counter(by_id[i].front_matter()["report_year"] for i in treated)
    provinces = Counter(_province_code(r.front_matter()) for r in main)
    # ``main`` is in year order, which breaks ties.
    strongest = heapq.nsmallest(TOPIC_TOP, main, key=lambda r: -r.topics.scores.get(topic.id, 0))
    entries = []
    for report in strongest:
        anchors = treated.get(report.id, [])
        note = f"{len(anchors)} 节" if anchors else ""
        entries.append(_entry(report, anchor=anchors[0] if anchors else "", note=note))
    return templating.page(
        topic.name,
        "topic.html",
        page=f"topics/{topic.id}.md",
        topic=topic,
        total=sum(totals.years.values()),
        main=len(main),
        treated=len(treated),
        sections=section_count,
        years=_year_rows(years, totals, section_years),
        provinces=_province_shares(provinces, totals) if provinces else [],
        strongest=entries,
    )


@dataclass(frozen=True)
class _TermUse:
    """A glossary entry and how the reports use it."""

    term: object  # glossary.Term
    reports: int
    uses: int
    shares: list[tuple[int, str]]  # (year, share of the year's reports using it)
    most: list[tuple[Link, int]]  # the reports using it most, with their counts


def glossary_page(reports: list[Report]) -> str:
    """The glossary: every entry's definition, and how much and when the reports use it."""
    from .glossary import load_glossary

    totals = _totals(reports)
    users: dict[str, list[tuple[Report, int]]] = defaultdict(list)
    for report in sorted(reports, key=_by_year):
        for term_id, count in report.term_counts().items():
            users[term_id].append((report, count))
    entries = []
    for term in sorted(load_glossary(), key=lambda t: t.term):
        used = users.get(term.id, [])
        years = Counter(r.front_matter()["report_year"] for r, _ in used)
        shares = [
            (y, share(years[y], totals.years[y]))
            for y in sorted(y for y in totals.years if y is not None)
            if years[y]
        ]
        most = heapq.nsmallest(TERM_TOP, used, key=lambda rn: -rn[1])  # ties: newest first
        entries.append(
            _TermUse(
                term,
                len(used),
                sum(n for _, n in used),
                shares,
                [(_title_link(r), n) for r, n in most],
            )
        )
    return templating.page(
        "术语表",
        "glossary.html",
        page="glossary.md",
        entries=entries,
        total=len(reports),
        top=TERM_TOP,
    )


@dataclass(frozen=True)
class _LawKind:
    """A kind of cited document on the laws index, with its table's rows."""

    id: str
    label: str
    rows: list
    local: int | None = None  # local documents: how many in all (only the shared are rows)
    shared: int = 0  # local documents cited by more than one report


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
    kinds = []
    for kind in LAW_KINDS:
        of_kind = sorted(
            (law for law in laws.values() if law.kind == kind),
            key=lambda law: (-len(cites[law.id]), law.title),
        )
        if not of_kind:
            continue
        local = None
        shared: list = []
        if kind == "local-document":
            local = len(of_kind)
            shared = [law for law in of_kind if len(cites[law.id]) > 1]
            of_kind = shared[: listing.PAGE_SIZE]
        rows = []
        for law in of_kind:
            uses = cites[law.id]
            name: object = f"《{law.title}》"
            if kind != "local-document":
                name = Link(f"laws/{law.id}.md", name)
                pages.update(_law_listing(law, uses, by_id, totals, KIND_LABELS))
            count = sum(len(c) for c in uses.values())
            rows.append([name, f"{len(uses):,}", f"{count:,}"])
        kinds.append(_LawKind(kind, KIND_LABELS[kind], rows, local, len(shared)))
    pages[page] = templating.page(
        "引用的法律法规", "laws.html", page=page, kinds=kinds, page_size=listing.PAGE_SIZE
    )
    return pages


def _law_listing(law, uses: dict[str, list], by_id, totals, kind_labels) -> dict[str, str]:
    citing = [by_id[i] for i in uses]  # in the order of law_pages' loop: newest first
    chunks = _chunks(citing)
    paths = _page_paths(f"laws/{law.id}", len(chunks))
    bodies = [
        [
            _Entries(
                [
                    _entry(r, anchor=uses[r.id][0].paragraph, note=f"{len(uses[r.id])} 次")
                    for r in chunk
                ]
            )
        ]
        for chunk in chunks
    ]
    years = Counter(r.front_matter()["report_year"] for r in citing)
    return _listing(
        paths,
        f"《{law.title}》",
        "law.html",
        bodies,
        law=law,
        kind=kind_labels[law.kind],
        reports=len(citing),
        count=sum(len(c) for c in uses.values()),
        years=_year_rows(years, totals),
    )


__all__ = ["glossary_page", "law_pages", "topic_pages"]
