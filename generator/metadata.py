"""Metadata: title, kind, years, dates, issuer and place, read from the structured report."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from . import places
from .normalize import NormalizedText
from .structure import ORG_SUFFIX, Document

#: Placeholders anonymisers put in place of names and digits: XX街道, ××镇, 某某, 201X年.
PLACEHOLDER = re.compile(r"[XxＸｘ×＊*]{1,3}(?=街道|镇|乡|社区|村|区|县|市)|某某")
_YEAR = re.compile(r"(?<![\d])((?:19|20)[\dXx×]{2})\s*年")
_BOOK_TITLE = re.compile(r"《[^》]*》")
_PLAN_WORDS = r"(?:计划|思路|打算|安排|要点|设想)"
#: A lookahead so that ``2021年工作总结和2022年工作计划`` tries 2022 after 2021; the gap may
#: hold no digit, so 2021 does not claim 2022's 计划.
_PLAN_YEAR = re.compile(rf"(?=((?:19|20)[\dXx×]{{2}})\s*年度?[^。，,；;\d]{{0,14}}?{_PLAN_WORDS})")
#: The report's description of itself: ``现将2020年依法治区…情况汇报如下``.
_SELF_DESCRIPTION = re.compile(r"现将[^。]{0,60}?(?:汇报|报告)如下")
#: The subject at the head of the opening sentence: ``2020年,XX街道坚持…``.
_OPENING_SUBJECT = re.compile(
    r"^(?:(?:19|20)[\dXx×]{2}\s*年度?\s*[,，]?\s*)?(?P<org>[^\s,，。、“”《》]{1,14}?(?:街道|镇|乡)(?:办事处|人民政府)?)"
)
#: The author named at the head of a title: ``谢家湾街道2021年度…``.
_TITLE_SUBJECT = re.compile(r"^(?P<org>[^\d\s]{2,20}?(?:街道办事处|街道|镇人民政府|镇|乡|区|县))")

#: Keywords that decide the kind of report, most specific first.
_DOC_TYPE_KEYWORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("法治政府建设工作报告", re.compile(r"法治政府建设")),
    ("依法治理工作报告", re.compile(r"依法治(?:理|区|县|市|街|镇|乡)")),
    ("政法工作总结", re.compile(r"政法工作")),
)
_DEFAULT_DOC_TYPE = "法治建设工作报告"


@dataclass
class Metadata:
    title: str
    title_derived: bool
    doc_type: str
    report_year: int | None
    plan_year: int | None
    publish_date: date | None
    signed_date: date | None
    issuer: str | None
    locality: places.Locality
    anonymized: bool


def extract_metadata(doc: Document, normalized: NormalizedText) -> Metadata:
    """Read every metadata field the text supports."""
    title = doc.title.text if doc.title else None
    intro = doc.intro[0].text if doc.intro else ""
    headings = [s.title for s in doc.iter_sections()]
    signed = doc.signoff.date if doc.signoff else None
    issuer = find_issuer(doc, normalized)
    priority = [p for p in (issuer, title, normalized.source) if p]
    if doc.signoff:
        priority.extend(line.text for line in doc.signoff.lines)
    full_text = "\n".join(filter(None, [title, doc.body_text, *priority]))
    locality = places.locate(full_text, priority=priority)
    report_year, year_text = find_report_year(title, intro, headings)
    plan_year = find_plan_year(title, intro, headings, report_year)
    doc_type = find_doc_type(title, intro, headings)
    anonymized = locality.anonymized or bool(
        PLACEHOLDER.search(issuer or "") or (year_text and not year_text.isdigit())
    )
    if title is None:
        subject = locality.township or _short_issuer(issuer) or locality.county or ""
        year_part = f"{year_text}年度" if year_text else ""
        title = f"{subject}{year_part}{doc_type}"
    return Metadata(
        title=title,
        title_derived=doc.title is None,
        doc_type=doc_type,
        report_year=report_year,
        plan_year=plan_year,
        publish_date=normalized.publish_date or signed,
        signed_date=signed,
        issuer=issuer,
        locality=locality,
        anonymized=anonymized,
    )


def find_issuer(doc: Document, normalized: NormalizedText) -> str | None:
    """The issuing body: signature, else the page's 来源, else the title's or opening's subject."""
    if doc.signoff and doc.signoff.issuer:
        return doc.signoff.issuer
    if normalized.source and ORG_SUFFIX.search(normalized.source):
        return normalized.source
    if doc.title:
        match = _TITLE_SUBJECT.match(doc.title.text)
        if match:
            return match["org"]
    for paragraph in doc.intro[:1]:
        match = _OPENING_SUBJECT.match(paragraph.text)
        if match and not match["org"].startswith(("我", "本")):
            return match["org"]
    return None


def _short_issuer(issuer: str | None) -> str | None:
    """``杭州市余杭区人民政府余杭街道办事处`` names 余杭街道 last; titles use the short form."""
    if not issuer:
        return None
    match = re.search(r"([^市区县政府]{1,12}?(?:街道|镇|乡))(?:办事处|人民政府)?$", issuer)
    return match.group(1) if match else issuer


def find_report_year(
    title: str | None, intro: str, headings: list[str]
) -> tuple[int | None, str | None]:
    """The year the report covers and how the text writes it (``2020``; ``201X`` when hidden)."""
    # A year inside a cited document's title (《2019年工作要点》) is not the report's year.
    for text in (title or "", _BOOK_TITLE.sub("", intro[:200]), *headings[:1]):
        match = _YEAR.search(text)
        if match:
            written = match.group(1)
            return (int(written) if written.isdigit() else None), written
    return None, None


def find_plan_year(
    title: str | None, intro: str, headings: list[str], report_year: int | None
) -> int | None:
    """The year the report's plans are for, when it has a plans part."""
    own = _SELF_DESCRIPTION.search(intro)
    for text in (title or "", own.group() if own else "", *headings):
        for match in _PLAN_YEAR.finditer(text):
            written = match.group(1)
            if not written.isdigit():
                continue
            year = int(written)
            if report_year is None or year == report_year + 1:
                return year
    return None


def find_doc_type(title: str | None, intro: str, headings: list[str]) -> str:
    """The kind of report: from the title when it has one, else from how it describes itself."""
    if title:
        for doc_type, pattern in _DOC_TYPE_KEYWORDS:
            if pattern.search(title):
                return doc_type
    own = _SELF_DESCRIPTION.search(intro)
    scores = dict.fromkeys((t for t, _ in _DOC_TYPE_KEYWORDS), 0)
    for doc_type, pattern in _DOC_TYPE_KEYWORDS:
        scores[doc_type] += 3 * len(pattern.findall(own.group() if own else ""))
        scores[doc_type] += len(pattern.findall(intro))
        scores[doc_type] += sum(len(pattern.findall(h)) for h in headings)
    best = max(scores, key=lambda t: scores[t])
    return best if scores[best] else _DEFAULT_DOC_TYPE
