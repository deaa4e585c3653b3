"""The regulation's checklist: does a report cover what 厅字〔2019〕28号 asks of it?

《法治政府建设与责任落实督察工作规定》 asks every annual report to cover five things and to be
made public by 1 April of the following year. Each item is found from the report's structure:
a heading that names it, else a paragraph that opens it (``主要还存在以下问题:``). Sections that
are none of items 2–5 are the year's measures and results (item 1), the body of most reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import MAXYEAR, MINYEAR, date

from .structure import Document, Section

#: Item key, Chinese name, heading pattern, paragraph pattern (None: headings only).
ITEMS: tuple[tuple[str, str, re.Pattern[str], re.Pattern[str] | None], ...] = (
    (
        "measures",
        "主要举措和成效",
        re.compile(r"主要(?:举措|措施|工作|做法|成效)|工作(?:情况|开展情况|进展)|成效|做法"),
        None,
    ),
    (
        "shortcomings",
        "存在的不足和原因",
        re.compile(r"问题|不足|短板|困难|差距|薄弱"),
        re.compile(r"(?:存在|还有|面临)(?:以下|如下|一些|的)?(?:问题|不足|困难)|不足之处|短板弱项"),
    ),
    (
        "leaders",
        "党政主要负责人履行推进法治建设第一责任人职责情况",
        re.compile(r"主要负责人|第一责任人"),
        re.compile(r"主要负责人[^。]{0,12}履行[^。]{0,16}第一责任人职责"),
    ),
    (
        "plans",
        "下一年度推进法治政府建设的主要安排",
        re.compile(r"计划|思路|打算|安排|下一步|设想|展望"),
        re.compile(r"^(?:下一步|(?:19|20)\d{2}年)[^。]{0,10}(?:我们将|将)"),
    ),
    (
        "other",
        "其他需要报告的情况",
        re.compile(r"其他(?:需要|需)?(?:报告|说明)"),
        None,
    ),
)
ITEM_NAMES = {key: name for key, name, _, _ in ITEMS}


@dataclass
class ChecklistItem:
    key: str
    name: str
    present: bool
    anchors: list[str] = field(default_factory=list)  # sections or paragraphs that cover it
    via: str | None = None  # "heading" | "paragraph" | "body"


@dataclass
class Checklist:
    items: list[ChecklistItem]
    deadline: date | None  # 1 April of the year after the report year
    on_time: bool | None  # None when the publish date or the report year is unknown

    @property
    def covered(self) -> int:
        return sum(item.present for item in self.items)

    def record(self) -> dict:
        return {
            "covered": self.covered,
            "items": [
                {"key": i.key, "name": i.name, "present": i.present, "anchors": i.anchors}
                for i in self.items
            ],
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "on_time": self.on_time,
        }


def check(doc: Document, report_year: int | None, publish_date: date | None) -> Checklist:
    """Which of the five items ``doc`` covers, and whether it was published by the deadline."""
    found: dict[str, ChecklistItem] = {
        key: ChecklistItem(key, name, False) for key, name, _, _ in ITEMS
    }
    claimed: set[str] = set()
    # Numbered sub-items (1、2、) are points inside a part, not parts of the report.
    for section in (s for s in doc.iter_sections() if s.level <= 3):
        if section.anchor in claimed:
            continue
        for key, _, heading, _ in ITEMS[1:]:
            if heading.search(section.title):
                _claim(found[key], section.anchor, "heading")
                claimed.update(_subtree(section))
                break
    for paragraph in doc.iter_paragraphs():
        for key, _, _, opening in ITEMS[1:]:
            if opening and not found[key].present and opening.search(paragraph.text[:80]):
                _claim(found[key], paragraph.anchor, "paragraph")
    # Item 1 is the body: every top-level part no other item claimed (一、坚持抓治理…成效显著).
    measures = found["measures"]
    for section in doc.sections:
        if section.anchor not in claimed:
            _claim(
                measures, section.anchor, "heading" if ITEMS[0][2].search(section.title) else "body"
            )
    for item in found.values():
        # Claimed once per anchor, in order; checked here once rather than at every claim
        # (a list lookup per section was quadratic in a report of thousands of headings).
        item.anchors = list(dict.fromkeys(item.anchors))
    # A year no calendar date has (an editor's sidecar can say anything) has no deadline.
    in_range = report_year is not None and MINYEAR <= report_year + 1 <= MAXYEAR
    deadline = date(report_year + 1, 4, 1) if report_year and in_range else None
    on_time = (publish_date <= deadline) if (deadline and publish_date) else None
    return Checklist([found[key] for key, _, _, _ in ITEMS], deadline, on_time)


def _claim(item: ChecklistItem, anchor: str, via: str) -> None:
    item.present = True
    item.via = item.via or via
    item.anchors.append(anchor)


def _subtree(section: Section) -> set[str]:
    anchors = {section.anchor}
    for child in section.children:
        anchors |= _subtree(child)
    return anchors
