"""What the reader sees of text reuse (:mod:`generator.reuse`) and of year-over-year pairs
(:mod:`generator.yoy`): a section of each report page, the reuse page, the home page's line.

The report page's section is Markdown, like the related-reports list it follows: it is page
furniture, added where the page is assembled (:func:`render.assemble`), never part of the
report's own Markdown (the download). Every value from a report goes through
``escape.markdown_text``; links are the converter's own forms (``[text](<id>.md#anchor)``),
which ``generator.mdx`` reads without Python-Markdown's inline pass.

No page grows with the archive: a report page lists each of its shared paragraphs with at
most :data:`OTHERS_SHOWN` other reports (a template paragraph of the higher level is in
thousands of them); the reuse page shows the largest clusters and the most alike pairs,
capped and paginated. The complete relation is ``data/reuse.csv``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import templating
from .chars import count_han
from .escape import markdown_text, url_part
from .listing import _page_paths, _place_label, _SectionPart
from .render import md_heading
from .report import Report
from .reuse import MIN_HAN, Cluster, Member, Pair, ReuseIndex
from .templating import Link
from .yoy import YearLink, YearPair

#: Other reports named under one shared paragraph of a report page (earliest first).
OTHERS_SHOWN = 5
#: Characters of a paragraph quoted on a report page and on the reuse page.
EXCERPT_CHARS = 40
#: The reuse page: clusters and pairs shown in all, and on one page.
CLUSTERS_SHOWN = 500
CLUSTERS_PER_PAGE = 50
PAIRS_SHOWN = 500
PAIRS_PER_PAGE = 100
#: Reports linked under one cluster of the reuse page.
MEMBERS_SHOWN = 12
REUSE_PAGE = "reuse.md"


@dataclass(frozen=True)
class ReportRef:
    """What a link to a report shows: its title, year and a short place."""

    id: str
    title: str
    year: int | None
    place: str

    @property
    def page_path(self) -> str:
        return f"reports/{self.id}.md"

    @property
    def label(self) -> str:
        """``德清县 新市镇 · 2022年``: short enough to list a dozen in a line."""
        year = f"{self.year}年" if self.year else "年份不详"
        return f"{self.place or _excerpt(self.title, 16)} · {year}"


def refs(reports: Iterable[Report]) -> dict[str, ReportRef]:
    """Report id → :class:`ReportRef`, for the reports that have pages."""
    out = {}
    for report in reports:
        fm = report.front_matter()
        place = " ".join(_place_label(fm).split(" ")[-2:])
        out[report.id] = ReportRef(report.id, fm["title"] or report.id, fm["report_year"], place)
    return out


def _excerpt(text: str, width: int = EXCERPT_CHARS) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def percent(share: float) -> str:
    """``37%``; a share that rounds to nothing but is not nothing is ``不到 1%``."""
    value = round(100 * share)
    return "不到 1%" if value == 0 and share > 0 else f"{value}%"


# --- the report page --------------------------------------------------------------------------


def report_section(
    report: Report,
    reuse: ReuseIndex | None,
    years: list[YearLink],
    known: dict[str, ReportRef],
) -> str:
    """The Markdown added after the related reports: the comparisons with the previous and
    next year, and the report's text found in other reports. ``known``: the reports that
    have pages (a cluster member whose report failed later is not linked)."""
    return _years(years) + (_shared(report, reuse, known) if reuse else "")


def _years(years: list[YearLink]) -> str:
    if not years:
        return ""
    lines = []
    for link in years:
        fm = link.other.front_matter()
        target = f"../{url_part_path(link.path)}"
        lines.append(
            f"- [与{link.direction}（{fm['report_year']}年）报告对照]({target})"
            f"：[{markdown_text(fm['title'])}]({url_part(link.other.id)}.md)\n"
        )
    return (
        md_heading(2, "year-over-year", "与上一年、下一年报告对照")
        + "同一发布机关、同一地区相邻年度的报告，逐段对照，标出新增、删去和改动的文字与数字。\n\n"
        + "".join(lines)
        + "\n"
    )


def url_part_path(path: str) -> str:
    """``compare/<a>--<b>.md`` with each part escaped for a URL."""
    return "/".join(url_part(part) for part in path.split("/"))


def _shared(report: Report, reuse: ReuseIndex, known: dict[str, ReportRef]) -> str:
    shared = [
        (anchor, cluster)
        for anchor, cluster in reuse.of_report(report.id)
        if any(m.report != report.id and m.report in known for m in cluster.members)
    ]
    if not shared:
        return ""
    texts = {p.anchor: p.text for p in report.document.iter_paragraphs()}
    # Paragraphs are named by their place in the report: 第3段 reads better than s1-p2.
    numbers = {anchor: k for k, anchor in enumerate(texts, start=1)}
    own = len(texts) - len({anchor for anchor, _ in shared})
    others = {
        m.report
        for _, cluster in shared
        for m in cluster.members
        if m.report != report.id and m.report in known
    }
    # Over all the report's paragraphs, as the sentence reads: short ones are never compared
    # (reuse.MIN_HAN) and count as the report's own.
    han = {anchor: count_han(text) for anchor, text in texts.items()}
    shared_anchors = {anchor for anchor, _ in shared}
    share = percent(sum(han[a] for a in shared_anchors) / (sum(han.values()) or 1))
    short = sum(1 for a in texts if a not in shared_anchors and han[a] < MIN_HAN)
    rest = f"其余 {own} 个段落未见于档案中的其他报告"
    if short:
        rest += f"（其中 {short} 段不足 {MIN_HAN} 个汉字，不作比较）"
    items = [
        _shared_item(report, anchor, cluster, texts, numbers, known) for anchor, cluster in shared
    ]
    return (
        md_heading(2, "reuse", "与其他报告相同的文字")
        + f"本报告 {share} 的文字也见于其他报告：{len(shared)} 个段落与另外 {len(others)} "
        f"份报告中的段落相同或几乎相同（下列，每段注明最早的报告），{rest}。"
        "档案中重复最多的段落和最相像的报告见"
        "[文字重复](../reuse.md)。\n\n" + "".join(items) + "\n"
    )


def _shared_item(
    report: Report,
    anchor: str,
    cluster: Cluster,
    texts: dict[str, str],
    numbers: dict[str, int],
    known: dict[str, ReportRef],
) -> str:
    mine = next(m for m in cluster.members if m.report == report.id and m.anchor == anchor)
    # Each other report once, at its first paragraph of the cluster, earliest report first.
    others: dict[str, Member] = {}
    for m in cluster.members:
        if m.report != report.id and m.report in known:
            others.setdefault(m.report, m)
    earliest = cluster.members[0]
    quote = markdown_text(f"“{_excerpt(texts.get(anchor, ''))}”")
    if earliest.report == report.id:
        how = "本报告最早"
    elif mine.similarity >= 1.0:
        how = "与最早的一段相同"
    else:
        how = f"与最早的一段相似度 {percent(mine.similarity)}"
    shown = list(others.values())[:OTHERS_SHOWN]
    links = "、".join(
        f"[{markdown_text(known[m.report].label)}]({url_part(m.report)}.md#{url_part(m.anchor)})"
        + ("（最早）" if m is earliest else "")
        for m in shown
    )
    more = len(others) - len(shown)
    rest = f" 等，另有 {more} 份报告" if more else ""
    name = f"第{numbers[anchor]}段" if anchor in numbers else anchor
    own = f"[{markdown_text(name)}](#{url_part(anchor)}) {quote}（{how}）"
    return f"- {own}  \n  也见于：{links}{rest}\n"


# --- the reuse page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """The archive's reuse in numbers (home page, reuse page)."""

    clusters: int
    shared_paragraphs: int  # paragraphs that belong to a cluster
    paragraphs: int  # every paragraph of the archive
    reports: int  # reports with at least one shared paragraph


def summary(reports: list[Report], reuse: ReuseIndex | None) -> Summary:
    known = {r.id for r in reports}
    members = [m for c in (reuse.clusters if reuse else []) for m in c.members if m.report in known]
    return Summary(
        len(reuse.clusters) if reuse else 0,
        len(members),
        sum(sum(1 for _ in r.document.iter_paragraphs()) for r in reports),
        len({m.report for m in members}),
    )


@dataclass(frozen=True)
class _ClusterEntry:
    id: str
    excerpt: str
    reports: int
    earliest: Link
    members: list[Link]
    more: int


@dataclass(frozen=True)
class _PairRow:
    a: Link
    b: Link
    shared: int
    share_a: str
    share_b: str
    compare: str  # path of the year-over-year page, or ""


def _cluster_entries(
    clusters: list[Cluster], by_id: dict[str, Report], known: dict[str, ReportRef]
) -> list[_ClusterEntry]:
    entries = []
    texts: dict[str, dict[str, str]] = {}
    for cluster in clusters:
        members = [m for m in cluster.members if m.report in known]
        reports = list(dict.fromkeys(m.report for m in members))
        if len(reports) < 2:
            continue
        first = members[0]
        if first.report not in texts:
            doc = by_id[first.report].document
            texts[first.report] = {p.anchor: p.text for p in doc.iter_paragraphs()}
        seen: dict[str, Link] = {}
        for m in members:
            if m.report not in seen and len(seen) < MEMBERS_SHOWN:
                seen[m.report] = Link(f"reports/{m.report}.md#{m.anchor}", known[m.report].label)
        ref = known[first.report]
        entries.append(
            _ClusterEntry(
                cluster.id,
                _excerpt(texts[first.report].get(first.anchor, ""), 80),
                len(reports),
                Link(f"reports/{first.report}.md#{first.anchor}", ref.title),
                list(seen.values()),
                len(reports) - len(seen),
            )
        )
        if len(entries) >= CLUSTERS_SHOWN:
            break
    return entries


def _pair_rows(
    pairs: list[Pair], known: dict[str, ReportRef], compared: dict[frozenset, str]
) -> list[_PairRow]:
    rows = []
    for pair in pairs:
        if pair.a not in known or pair.b not in known:
            continue
        a, b = known[pair.a], known[pair.b]
        rows.append(
            _PairRow(
                Link(a.page_path, a.title),
                Link(b.page_path, b.title),
                pair.shared_paragraphs,
                percent(pair.share_a),
                percent(pair.share_b),
                compared.get(frozenset((pair.a, pair.b)), ""),
            )
        )
        if len(rows) >= PAIRS_SHOWN:
            break
    return rows


def _section(key, heading, items, size, rows_macro, base, title, pages) -> _SectionPart:
    """A list under a heading of the reuse page, continued on ``reuse/<key>-2.md``…"""
    chunks = [items[i : i + size] for i in range(0, len(items), size)] or [[]]
    paths = _page_paths(f"{base}/{key}", len(chunks), first=f"{REUSE_PAGE}#{key}")
    for k, chunk in enumerate(chunks[1:], start=1):
        pages[paths[k]] = templating.page(
            f"{title}：{heading}（第 {k + 1} 页）",
            "section_page.html",
            page=paths[k],
            paths=paths,
            k=k,
            host=REUSE_PAGE,
            key=key,
            host_title=title,
            count=len(items),
            rows=rows_macro,
            chunk=chunk,
        )
    return _SectionPart(key, heading, len(items), None, REUSE_PAGE, paths, chunks[0], rows_macro)


def reuse_pages(
    reports: list[Report], reuse: ReuseIndex | None, pairs: list[YearPair] = ()
) -> dict[str, str]:
    """``reuse.md`` (the numbers, the most shared passages, the most alike reports) and the
    later pages of its two lists."""
    title = "文字重复"
    known = refs(reports)
    by_id = {r.id: r for r in reports}
    index = reuse or ReuseIndex()
    clusters = sorted(index.clusters, key=lambda c: -len(c.reports))  # stable: r1, r2… order
    compared = {frozenset((p.older.id, p.newer.id)): p.path for p in pairs}
    pages: dict[str, str] = {}
    passages = _section(
        "passages",
        "重复最多的段落",
        _cluster_entries(clusters, by_id, known),
        CLUSTERS_PER_PAGE,
        templating.macro("reuse_lists.html", "cluster_rows"),
        "reuse",
        title,
        pages,
    )
    alike = _section(
        "pairs",
        "最相像的报告",
        _pair_rows(index.pairs, known, compared),
        PAIRS_PER_PAGE,
        templating.macro("reuse_lists.html", "pair_rows"),
        "reuse",
        title,
        pages,
    )
    pages[REUSE_PAGE] = templating.page(
        title,
        "reuse.html",
        page=REUSE_PAGE,
        computed=reuse is not None,
        numbers=summary(reports, reuse),
        sections=[passages, alike],
        clusters_shown=CLUSTERS_SHOWN,
        pairs_shown=PAIRS_SHOWN,
        members_shown=MEMBERS_SHOWN,
    )
    return pages
